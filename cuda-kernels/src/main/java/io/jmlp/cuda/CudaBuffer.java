package io.jmlp.cuda;

import io.jmlp.backend.DType;
import io.jmlp.backend.DeviceBuffer;
import io.jmlp.backend.LiveBuffers;

/**
 * Device memory of 32-bit elements, registered in its backend's {@link LiveBuffers}. Closing frees
 * it through the queue, after the work already queued.
 */
final class CudaBuffer extends DeviceBuffer {
    private final DeviceMemory memory;
    private final DeviceQueue queue;

    CudaBuffer(DType dtype, long length, DeviceMemory memory, DeviceQueue queue, LiveBuffers live) {
        super(dtype, length, live);
        this.memory = memory;
        this.queue = queue;
    }

    DeviceMemory memory() {
        return memory;
    }

    @Override
    protected void release() {
        queue.free(memory);
    }
}
