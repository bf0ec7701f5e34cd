/**
 * The backend SPI: {@link io.jmlp.backend.Backend} is a compute device with the fixed set of fused
 * float32 ops an MLP training step needs (GEMM, bias + activation, batch norm, fused losses, dropout,
 * one optimizer update over a flat buffer, row gathers, a few reductions), all queued in order on
 * one stream. {@link io.jmlp.backend.Tensor} is a 2-D row-major view of a backend's
 * {@link io.jmlp.backend.DeviceBuffer}, and {@link io.jmlp.backend.Scope} frees temporaries with
 * try-with-resources. {@link io.jmlp.backend.CheckedBackend} is the front every backend extends: it
 * runs each op's argument checks ({@link io.jmlp.backend.OpContracts}, written once) and decides
 * what is the same on every device (GEMM's empty cases, empty tensors, the buffer registry and
 * close) before the device's {@code …Unchecked} hook computes, so a bad call fails with the same
 * message on every backend. Implementations live in the
 * backend modules ({@code io.jmlp.cpu}, {@code io.jmlp.opencl}, {@code io.jmlp.cuda}) and are found
 * by {@link java.util.ServiceLoader} through {@link io.jmlp.backend.BackendProvider}
 * ({@link io.jmlp.backend.Backends} chooses one), so nothing here depends on a backend.
 */
package io.jmlp.backend;
