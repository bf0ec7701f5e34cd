package io.jmlp.opencl;

import static org.jocl.CL.clEnqueueNDRangeKernel;
import static org.jocl.CL.clSetKernelArg;

import io.jmlp.backend.DeviceBuffer;
import io.jmlp.backend.accelerator.KernelArguments;
import org.jocl.Pointer;
import org.jocl.Sizeof;
import org.jocl.cl_command_queue;
import org.jocl.cl_kernel;
import org.jocl.cl_mem;

/**
 * Sets a kernel's arguments in order and enqueues it. A tensor is two arguments, its buffer and
 * its element offset, which is how every kernel in our {@code .cl} files takes a tensor.
 */
final class KernelCall implements KernelArguments {
    private final cl_command_queue queue;
    private final cl_kernel kernel;
    /** The work-group size of a one-group kernel; 0 for one work-item per item. */
    private final int groupSize;

    private final long items;
    private int index;

    /**
     * {@code items} work-items, the driver picking the group size, or, when {@code groupSize > 0},
     * exactly one work-group of {@code groupSize} work-items (the reduction kernels).
     */
    KernelCall(cl_command_queue queue, cl_kernel kernel, long items, int groupSize) {
        this.queue = queue;
        this.kernel = kernel;
        this.items = items;
        this.groupSize = groupSize;
    }

    @Override
    public KernelCall tensorAt(DeviceBuffer buffer, long offset) {
        return mem(OpenClBackend.mem(buffer)).i(Math.toIntExact(offset));
    }

    @Override
    public KernelCall buffer(DeviceBuffer buffer) {
        return mem(OpenClBackend.mem(buffer));
    }

    private KernelCall mem(cl_mem mem) {
        clSetKernelArg(kernel, index++, Sizeof.cl_mem, Pointer.to(mem));
        return this;
    }

    @Override
    public KernelCall i(int value) {
        clSetKernelArg(kernel, index++, Sizeof.cl_int, Pointer.to(new int[] {value}));
        return this;
    }

    @Override
    public KernelCall f(float value) {
        clSetKernelArg(kernel, index++, Sizeof.cl_float, Pointer.to(new float[] {value}));
        return this;
    }

    @Override
    public KernelCall ulong(long value) {
        clSetKernelArg(kernel, index++, Sizeof.cl_ulong, Pointer.to(new long[] {value}));
        return this;
    }

    /** Enqueues the kernel; nothing is queued for no items (a one-group kernel always runs). */
    @Override
    public void run() {
        if (groupSize > 0) {
            clEnqueueNDRangeKernel(
                    queue, kernel, 1, null, new long[] {groupSize}, new long[] {groupSize}, 0, null, null);
        } else if (items > 0) {
            clEnqueueNDRangeKernel(queue, kernel, 1, null, new long[] {items}, null, 0, null, null);
        }
    }
}
