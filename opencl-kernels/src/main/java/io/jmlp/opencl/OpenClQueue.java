package io.jmlp.opencl;

import static org.jocl.CL.CL_MEM_READ_WRITE;
import static org.jocl.CL.CL_TRUE;
import static org.jocl.CL.clCreateBuffer;
import static org.jocl.CL.clCreateCommandQueue;
import static org.jocl.CL.clCreateContext;
import static org.jocl.CL.clEnqueueCopyBuffer;
import static org.jocl.CL.clEnqueueFillBuffer;
import static org.jocl.CL.clEnqueueReadBuffer;
import static org.jocl.CL.clEnqueueWriteBuffer;
import static org.jocl.CL.clFinish;
import static org.jocl.CL.clReleaseCommandQueue;
import static org.jocl.CL.clReleaseContext;

import io.jmlp.backend.accelerator.Kernel;
import org.jocl.CL;
import org.jocl.Pointer;
import org.jocl.Sizeof;
import org.jocl.blast.CLBlast;
import org.jocl.blast.CLBlastLayout;
import org.jocl.blast.CLBlastStatusCode;
import org.jocl.blast.CLBlastTranspose;
import org.jocl.cl_command_queue;
import org.jocl.cl_context;
import org.jocl.cl_context_properties;
import org.jocl.cl_device_id;
import org.jocl.cl_mem;

/**
 * One context and one in-order command queue on one OpenCL device, with our kernels built for it
 * ({@link KernelPrograms}): the JOCL calls behind {@link OpenClBackend}. CLBlast caches its compiled
 * kernels per context, so the context lives as long as the backend. Transfers block; everything else
 * is only enqueued.
 */
final class OpenClQueue implements AutoCloseable {
    private final OpenClDevice device;
    private final cl_context context;
    private final cl_command_queue queue;
    private final KernelPrograms kernels;

    /**
     * Opens a context, a queue and our kernels on {@code device}; throws (having released what it made) on failure.
     * The queue comes from {@code clCreateCommandQueue}, deprecated since OpenCL 2.0 but the only call
     * that OpenCL 1.2 devices (still common) offer.
     */
    @SuppressWarnings("deprecation")
    OpenClQueue(OpenClDevice device) {
        CL.setExceptionsEnabled(true);
        CLBlast.setExceptionsEnabled(false); // we check CLBlast's status codes ourselves and name them
        this.device = device;
        cl_device_id[] ids = {device.device()};
        cl_context_properties properties = new cl_context_properties();
        properties.addProperty(CL.CL_CONTEXT_PLATFORM, device.platform());
        this.context = clCreateContext(properties, 1, ids, null, null, null);
        cl_command_queue createdQueue = null;
        try {
            createdQueue = clCreateCommandQueue(context, device.device(), 0, null);
            this.kernels = new KernelPrograms(context, device);
        } catch (RuntimeException e) {
            if (createdQueue != null) {
                clReleaseCommandQueue(createdQueue);
            }
            clReleaseContext(context);
            throw e;
        }
        this.queue = createdQueue;
    }

    String describe() {
        return device.describe();
    }

    /** A zero-filled buffer of {@code bytes}; a driver refusal surfaces as {@link org.jocl.CLException}. */
    cl_mem allocate(long bytes) {
        cl_mem mem = clCreateBuffer(context, CL_MEM_READ_WRITE, bytes, null, null);
        clear(mem, bytes);
        return mem;
    }

    /** Enqueues zeros over the first {@code bytes} of {@code mem}. */
    void clear(cl_mem mem, long bytes) {
        clEnqueueFillBuffer(queue, mem, Pointer.to(new int[] {0}), Sizeof.cl_int, 0, bytes, 0, null, null);
    }

    /** Copies {@code bytes} from host {@code src} to {@code dst} at {@code byteOffset}; returns when done. */
    void write(cl_mem dst, long byteOffset, long bytes, Pointer src) {
        clEnqueueWriteBuffer(queue, dst, CL_TRUE, byteOffset, bytes, src, 0, null, null);
    }

    /** Waits for the queue, then copies {@code bytes} of {@code src} at {@code byteOffset} to host {@code dst}. */
    void read(cl_mem src, long byteOffset, long bytes, Pointer dst) {
        clEnqueueReadBuffer(queue, src, CL_TRUE, byteOffset, bytes, dst, 0, null, null);
    }

    void copy(cl_mem src, long srcByteOffset, cl_mem dst, long dstByteOffset, long bytes) {
        clEnqueueCopyBuffer(queue, src, dst, srcByteOffset, dstByteOffset, bytes, 0, null, null);
    }

    /** A launch of one of our kernels: one work-item per item, or one work-group of the reduce size. */
    KernelCall call(Kernel kernel, long items) {
        int group = kernel.shape() == Kernel.Shape.ONE_GROUP ? kernels.reduceGroup() : 0;
        return new KernelCall(queue, kernels.kernel(kernel), items, group);
    }

    /** Row-major {@code CLBlastSgemm}, views as element offsets and leading dimensions. */
    void sgemm(
            boolean transposeA,
            boolean transposeB,
            int m,
            int n,
            int k,
            float alpha,
            cl_mem a,
            long aOffset,
            int lda,
            cl_mem b,
            long bOffset,
            int ldb,
            float beta,
            cl_mem c,
            long cOffset,
            int ldc) {
        int result = CLBlast.CLBlastSgemm(
                CLBlastLayout.CLBlastLayoutRowMajor,
                transposeA ? CLBlastTranspose.CLBlastTransposeYes : CLBlastTranspose.CLBlastTransposeNo,
                transposeB ? CLBlastTranspose.CLBlastTransposeYes : CLBlastTranspose.CLBlastTransposeNo,
                m,
                n,
                k,
                alpha,
                a,
                aOffset,
                lda,
                b,
                bOffset,
                ldb,
                beta,
                c,
                cOffset,
                ldc,
                queue,
                null);
        if (result != CLBlastStatusCode.CLBlastSuccess) {
            throw new IllegalStateException("CLBlast SGEMM " + m + "×" + n + "×" + k + " failed on " + describe() + ": "
                    + CLBlastStatusCode.stringFor(result) + " (" + result + ")");
        }
    }

    void finish() {
        clFinish(queue);
    }

    /** Releases the kernels, the queue and the context. */
    @Override
    public void close() {
        kernels.close();
        clReleaseCommandQueue(queue);
        clReleaseContext(context);
    }
}
