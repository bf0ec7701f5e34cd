/**
 * The {@code opencl} backend: {@link io.jmlp.opencl.OpenClBackend} is an
 * {@link io.jmlp.backend.accelerator.AcceleratorBackend} (every op, its checks and its launches are
 * written there, once for OpenCL and CUDA) on one in-order queue of one OpenCL device
 * ({@code OpenClQueue}, through JOCL), GEMM through CLBlast, everything else with our kernels in
 * {@code src/main/resources/io/jmlp/opencl/*.cl} (one file per op family, built once per context by
 * {@code KernelPrograms}, launched through {@code KernelCall}). Each device passes a GEMM self-check
 * before first use; {@link io.jmlp.opencl.OpenClProvider} lists devices GPUs first and says why
 * OpenCL is unavailable when it is. Every kernel has its twin in {@code io.jmlp.cpu.ReferenceBackend}
 * ({@link io.jmlp.backend.accelerator.Kernel} names it), and the parity suite ties them
 * (docs/opencl.md).
 */
package io.jmlp.opencl;
