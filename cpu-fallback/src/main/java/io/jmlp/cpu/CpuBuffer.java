package io.jmlp.cpu;

import io.jmlp.backend.DType;
import io.jmlp.backend.DeviceBuffer;
import io.jmlp.backend.LiveBuffers;
import java.util.Set;

/**
 * {@link CpuBackend}'s memory: a Java array ({@code float[]} or {@code int[]}), registered in its
 * backend's set of open buffers so that closing the backend can release whatever is left.
 */
final class CpuBuffer extends DeviceBuffer {
    final float[] floats;
    final int[] ints;
    private final Set<CpuBuffer> open;

    CpuBuffer(DType dtype, int length, LiveBuffers live, Set<CpuBuffer> open) {
        super(dtype, length, live);
        floats = dtype == DType.FLOAT32 ? new float[length] : null;
        ints = dtype == DType.INT32 ? new int[length] : null;
        this.open = open;
        open.add(this);
    }

    @Override
    protected void release() {
        // The arrays are garbage-collected; forgetting the buffer is all there is to free.
        open.remove(this);
    }
}
