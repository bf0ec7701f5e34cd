package io.jmlp.opencl;

import static org.jocl.CL.clEnqueueNDRangeKernel;
import static org.jocl.CL.clSetKernelArg;

import io.jmlp.backend.Tensor;
import org.jocl.Pointer;
import org.jocl.Sizeof;
import org.jocl.cl_command_queue;
import org.jocl.cl_kernel;
import org.jocl.cl_mem;

/**
 * Sets a kernel's arguments in order and enqueues it. A tensor is two arguments, its buffer and
 * its element offset, which is how every kernel in our {@code .cl} files takes a tensor.
 */
final class KernelCall {
    private final cl_command_queue queue;
    private final cl_kernel kernel;
    private int index;

    KernelCall(cl_command_queue queue, cl_kernel kernel) {
        this.queue = queue;
        this.kernel = kernel;
    }

    KernelCall tensor(Tensor t) {
        return mem(((ClBuffer) t.buffer()).mem).i(Math.toIntExact(t.offset()));
    }

    KernelCall mem(cl_mem mem) {
        clSetKernelArg(kernel, index++, Sizeof.cl_mem, Pointer.to(mem));
        return this;
    }

    KernelCall i(int value) {
        clSetKernelArg(kernel, index++, Sizeof.cl_int, Pointer.to(new int[] {value}));
        return this;
    }

    KernelCall i(boolean value) {
        return i(value ? 1 : 0);
    }

    KernelCall f(float value) {
        clSetKernelArg(kernel, index++, Sizeof.cl_float, Pointer.to(new float[] {value}));
        return this;
    }

    KernelCall ulong(long value) {
        clSetKernelArg(kernel, index++, Sizeof.cl_ulong, Pointer.to(new long[] {value}));
        return this;
    }

    /** One work-item per index in [0, items); the driver picks the group size. Nothing is queued for no items. */
    void run(long items) {
        if (items > 0) {
            clEnqueueNDRangeKernel(queue, kernel, 1, null, new long[] {items}, null, 0, null, null);
        }
    }

    /** Exactly one work-group of {@code groupSize} work-items (the reduction kernels). */
    void runOneGroup(int groupSize) {
        clEnqueueNDRangeKernel(queue, kernel, 1, null, new long[] {groupSize}, new long[] {groupSize}, 0, null, null);
    }
}
