package io.jmlp.cpu;

import io.jmlp.backend.DType;
import io.jmlp.backend.DeviceBuffer;
import io.jmlp.backend.LiveBuffers;

/** {@link CpuBackend}'s memory: a Java array ({@code float[]} or {@code int[]}), registered in its backend's {@link LiveBuffers}. */
final class CpuBuffer extends DeviceBuffer {
    final float[] floats;
    final int[] ints;

    CpuBuffer(DType dtype, int length, LiveBuffers live) {
        super(dtype, length, live);
        floats = dtype == DType.FLOAT32 ? new float[length] : null;
        ints = dtype == DType.INT32 ? new int[length] : null;
    }

    @Override
    protected void release() {
        // The arrays are garbage-collected; the registry forgetting the buffer is all there is to free.
    }
}
