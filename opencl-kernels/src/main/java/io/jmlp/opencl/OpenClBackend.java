package io.jmlp.opencl;

import io.jmlp.backend.DType;
import io.jmlp.backend.DeviceBuffer;
import io.jmlp.backend.LiveBuffers;
import io.jmlp.backend.Tensor;
import io.jmlp.backend.accelerator.AcceleratorBackend;
import io.jmlp.backend.accelerator.Kernel;
import org.jocl.CLException;
import org.jocl.Pointer;
import org.jocl.Sizeof;
import org.jocl.cl_mem;

/**
 * The OpenCL backend: one context and one in-order queue on one device ({@link OpenClQueue}), GEMM
 * through CLBlast, every other op one of our kernels from {@code src/main/resources/io/jmlp/opencl/*.cl},
 * built once when the backend opens.
 *
 * <p>The ops themselves, their checks and their launches are {@link AcceleratorBackend}'s, shared with
 * the CUDA backend; this class only says how OpenCL does each device step: a launch is a
 * {@link KernelCall} (a tensor is its buffer and element offset), a fill is our {@code fill} kernel, a
 * copy {@code clEnqueueCopyBuffer}, GEMM a row-major {@code CLBlastSgemm} with views as offsets.
 */
public final class OpenClBackend extends AcceleratorBackend {
    private final OpenClQueue queue;

    /** Opens a context, a queue and our kernels on {@code device}; throws (having released what it made) on failure. */
    OpenClBackend(OpenClDevice device) {
        super("OpenCL");
        this.queue = new OpenClQueue(device);
        openStatus();
    }

    @Override
    public String name() {
        return "opencl";
    }

    @Override
    public String deviceDescription() {
        return queue.describe();
    }

    @Override
    protected DeviceBuffer newBuffer(DType dtype, long length, LiveBuffers registry) {
        long bytes = Math.max(1, length) * dtype.bytes(); // OpenCL forbids empty buffers
        try {
            return new ClBuffer(dtype, length, queue.allocate(bytes), registry);
        } catch (CLException e) {
            throw new IllegalStateException(
                    "cannot allocate " + length + " " + dtype + " elements (" + bytes + " bytes) on " + queue.describe()
                            + ": " + e.getMessage(),
                    e);
        }
    }

    @Override
    protected void upload(DeviceBuffer dst, long offset, float[] src, int srcOffset, int count) {
        queue.write(mem(dst), offset * Sizeof.cl_float, (long) count * Sizeof.cl_float, at(Pointer.to(src), srcOffset));
    }

    @Override
    protected void upload(DeviceBuffer dst, long offset, int[] src, int srcOffset, int count) {
        queue.write(mem(dst), offset * Sizeof.cl_int, (long) count * Sizeof.cl_int, at(Pointer.to(src), srcOffset));
    }

    @Override
    protected void download(DeviceBuffer src, long offset, float[] dst, int dstOffset, int count) {
        queue.read(mem(src), offset * Sizeof.cl_float, (long) count * Sizeof.cl_float, at(Pointer.to(dst), dstOffset));
    }

    @Override
    protected void download(DeviceBuffer src, long offset, int[] dst, int dstOffset, int count) {
        queue.read(mem(src), offset * Sizeof.cl_int, (long) count * Sizeof.cl_int, at(Pointer.to(dst), dstOffset));
    }

    /** Element {@code offset} of a host array of 32-bit values. */
    private static Pointer at(Pointer array, int offset) {
        return array.withByteOffset((long) offset * Integer.BYTES);
    }

    @Override
    protected void queueCopy(Tensor src, Tensor dst) {
        long bytes = src.size() * src.dtype().bytes();
        queue.copy(mem(src.buffer()), byteOffset(src), mem(dst.buffer()), byteOffset(dst), bytes);
    }

    /** Our {@code fill} kernel, the one kernel only OpenCL has (CUDA fills with a memset). */
    @Override
    protected void queueFill(Tensor x, float value) {
        perItem(Kernel.FILL, x.size()).tensor(x).f(value).i(size(x)).run();
    }

    @Override
    protected void queueClear(DeviceBuffer buffer) {
        queue.clear(mem(buffer), buffer.length() * buffer.dtype().bytes());
    }

    @Override
    protected void queueGemm(
            boolean transposeA,
            boolean transposeB,
            int m,
            int n,
            int k,
            float alpha,
            Tensor a,
            Tensor b,
            float beta,
            Tensor c) {
        queue.sgemm(
                transposeA,
                transposeB,
                m,
                n,
                k,
                alpha,
                mem(a.buffer()),
                a.offset(),
                a.cols(),
                mem(b.buffer()),
                b.offset(),
                b.cols(),
                beta,
                mem(c.buffer()),
                c.offset(),
                c.cols());
    }

    @Override
    protected KernelCall launch(Kernel kernel, long items) {
        return queue.call(kernel, items);
    }

    @Override
    protected void waitForDevice() {
        queue.finish();
    }

    @Override
    protected void closeDevice() {
        queue.close();
    }

    /** The {@code cl_mem} behind one of this backend's buffers. */
    static cl_mem mem(DeviceBuffer buffer) {
        return requireType(ClBuffer.class, buffer).mem;
    }

    private static long byteOffset(Tensor t) {
        return t.offset() * t.dtype().bytes();
    }
}
