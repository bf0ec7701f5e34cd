package io.jmlp.cuda;

import io.jmlp.backend.DType;
import io.jmlp.backend.DeviceBuffer;
import io.jmlp.backend.LiveBuffers;
import java.util.Set;

/**
 * Device memory of 32-bit elements, registered in its backend's set of open buffers so closing the
 * backend can free what is left. Closing frees it through the queue, after the work already queued.
 */
final class CudaBuffer extends DeviceBuffer {
    private final DeviceMemory memory;
    private final DeviceQueue queue;
    private final Set<CudaBuffer> open;

    CudaBuffer(DType dtype, long length, DeviceMemory memory, DeviceQueue queue, LiveBuffers live, Set<CudaBuffer> open) {
        super(dtype, length, live);
        this.memory = memory;
        this.queue = queue;
        this.open = open;
        open.add(this);
    }

    DeviceMemory memory() {
        return memory;
    }

    @Override
    protected void release() {
        open.remove(this);
        queue.free(memory);
    }
}
