/**
 * What the two accelerator backends (CUDA, OpenCL) share, written once: {@link
 * io.jmlp.backend.accelerator.AcceleratorBackend} implements every op of the SPI as its contract
 * check and then a kernel launch (or a chain of them), the bad-input status buffer, closing with
 * buffers left open, and GEMM's k = 0 case; a device subclass supplies memory, transfers, copy, fill,
 * GEMM, the wait, closing, and {@link io.jmlp.backend.accelerator.KernelArguments}, its way of passing
 * one launch's arguments. {@link io.jmlp.backend.accelerator.Kernel} lists every kernel with its
 * source file on each device and its launch shape. Nothing here depends on a device library.
 */
package io.jmlp.backend.accelerator;
