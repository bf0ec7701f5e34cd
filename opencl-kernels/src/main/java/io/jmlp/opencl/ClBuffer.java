package io.jmlp.opencl;

import io.jmlp.backend.DType;
import io.jmlp.backend.DeviceBuffer;
import io.jmlp.backend.LiveBuffers;
import java.util.Set;
import org.jocl.CL;
import org.jocl.cl_mem;

/**
 * A {@code cl_mem} of 32-bit elements, registered in its backend's set of open buffers (so closing
 * the backend can free what is left). Closing releases it; the driver keeps the memory until the
 * queued kernels that use it have run.
 */
final class ClBuffer extends DeviceBuffer {
    final cl_mem mem;
    private final Set<ClBuffer> open;

    ClBuffer(DType dtype, long length, cl_mem mem, LiveBuffers live, Set<ClBuffer> open) {
        super(dtype, length, live);
        this.mem = mem;
        this.open = open;
        open.add(this);
    }

    @Override
    protected void release() {
        CL.clReleaseMemObject(mem);
        open.remove(this);
    }
}
