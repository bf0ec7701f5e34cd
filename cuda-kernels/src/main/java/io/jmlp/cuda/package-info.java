/**
 * The {@code cuda} backend: {@link io.jmlp.cuda.CudaBackend} turns each op into a
 * {@code KernelLaunch} of our kernels in {@code src/main/cuda/*.cu} (compiled by nvcc at build time,
 * loaded by {@code KernelImages}) or a cuBLAS SGEMM ({@code CublasGemmMapping}: row-major onto
 * column-major), and hands them to a {@code DeviceQueue}: {@code CudaDriverQueue} on a real GPU through
 * JCuda, or, in tests, a recording queue and a host emulator of the same kernel sources (the
 * {@code cuda-emulated} backend). {@code CublasLibrary} and the shim in {@code src/main/c} let JCublas2
 * 12.6 run on CUDA 13's cuBLAS; {@link io.jmlp.cuda.CudaProvider} probes driver, kernels and cuBLAS
 * and says which one is missing (docs/gpu.md).
 */
package io.jmlp.cuda;
