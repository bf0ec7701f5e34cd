package io.jmlp.opencl;

import io.jmlp.backend.DType;
import io.jmlp.backend.DeviceBuffer;
import io.jmlp.backend.LiveBuffers;
import org.jocl.CL;
import org.jocl.cl_mem;

/**
 * A {@code cl_mem} of 32-bit elements, registered in its backend's {@link LiveBuffers}. Closing
 * releases it; the driver keeps the memory until the queued kernels that use it have run.
 */
final class ClBuffer extends DeviceBuffer {
    final cl_mem mem;

    ClBuffer(DType dtype, long length, cl_mem mem, LiveBuffers live) {
        super(dtype, length, live);
        this.mem = mem;
    }

    @Override
    protected void release() {
        CL.clReleaseMemObject(mem);
    }
}
