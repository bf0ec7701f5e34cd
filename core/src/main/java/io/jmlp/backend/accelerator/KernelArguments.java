package io.jmlp.backend.accelerator;

import io.jmlp.backend.DeviceBuffer;
import io.jmlp.backend.Tensor;

/**
 * One kernel launch being built: its arguments in the order the kernel declares them, then
 * {@link #run()}. An {@link AcceleratorBackend} gets one from its device's
 * {@link AcceleratorBackend#launch launch}, so each op's argument list is written once for both devices;
 * how an argument reaches the device is the device's business.
 */
public interface KernelArguments {

    /**
     * A tensor: on CUDA one pointer to its element (0, 0); on OpenCL two arguments, the buffer and the
     * element offset (how every {@code .cl} kernel takes a tensor).
     */
    default KernelArguments tensor(Tensor t) {
        return tensorAt(t.buffer(), t.offset());
    }

    /** A tensor-shaped argument at element {@code offset} of {@code buffer}, as {@link #tensor} passes one. */
    KernelArguments tensorAt(DeviceBuffer buffer, long offset);

    /** A bare buffer, with no offset argument on any device (how kernels take the status buffer). */
    KernelArguments buffer(DeviceBuffer buffer);

    KernelArguments i(int value);

    default KernelArguments i(boolean value) {
        return i(value ? 1 : 0);
    }

    KernelArguments f(float value);

    /** An unsigned 64-bit integer (Philox seeds and streams). */
    KernelArguments ulong(long value);

    /** Queues the launch in its {@link Kernel.Shape}; a per-item launch of no items queues nothing. */
    void run();
}
