package io.jmlp.opencl;

import io.jmlp.backend.DType;
import io.jmlp.backend.DeviceBuffer;
import io.jmlp.backend.LiveBuffers;
import org.jocl.CL;
import org.jocl.cl_mem;

/** A {@code cl_mem} of 32-bit elements; closing releases it (the driver waits for queued kernels that use it). */
final class ClBuffer extends DeviceBuffer {
    final cl_mem mem;
    private final Runnable onRelease;

    ClBuffer(DType dtype, long length, cl_mem mem, LiveBuffers live, Runnable onRelease) {
        super(dtype, length, live);
        this.mem = mem;
        this.onRelease = onRelease;
    }

    @Override
    protected void release() {
        CL.clReleaseMemObject(mem);
        onRelease.run();
    }
}
