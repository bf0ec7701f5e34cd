/**
 * The {@code cuda} backend: {@link io.jmlp.cuda.CudaBackend} is an
 * {@link io.jmlp.backend.accelerator.AcceleratorBackend} (every op, its checks and its launches are
 * written there, once for CUDA and OpenCL) that turns each launch into a {@code KernelLaunch} of our
 * kernels in {@code src/main/cuda/*.cu} (compiled by nvcc at build time, one module per file that
 * {@link io.jmlp.backend.accelerator.Kernel} names, loaded by {@code KernelImages}) and GEMM into a
 * cuBLAS SGEMM ({@code CublasGemmMapping}: row-major onto column-major), and hands them to a
 * {@code DeviceQueue}: {@code CudaDriverQueue} on a real GPU through JCuda, or, in tests, a recording
 * queue and a host emulator of the same kernel sources (the {@code cuda-emulated} backend).
 * {@code CublasLibrary} and the shim in {@code src/main/c} let JCublas2 12.6 run on CUDA 13's cuBLAS;
 * {@link io.jmlp.cuda.CudaProvider} probes driver, kernels and cuBLAS and says which one is missing
 * (docs/gpu.md).
 */
package io.jmlp.cuda;
