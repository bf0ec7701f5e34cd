package io.jmlp.cuda;

import io.jmlp.backend.DType;
import io.jmlp.backend.DeviceBuffer;
import io.jmlp.backend.LiveBuffers;
import io.jmlp.backend.Tensor;
import io.jmlp.backend.accelerator.AcceleratorBackend;
import io.jmlp.backend.accelerator.Kernel;

/**
 * The CUDA backend: GEMM through cuBLAS, every other op one of our kernels from
 * {@code src/main/cuda/*.cu}, all queued in order on one stream of one device (a
 * {@link DeviceQueue}; on a GPU, {@link CudaDriverQueue}).
 *
 * <p>The ops themselves, their checks and their launches are {@link AcceleratorBackend}'s, shared with
 * the OpenCL backend; this class only says how CUDA does each device step: a launch is a
 * {@link KernelLaunch} (a tensor is one pointer at its byte offset), a fill is a 32-bit memset, a copy
 * a device-to-device copy, GEMM one cuBLAS call on swapped operands ({@link CublasGemmMapping}).
 */
public final class CudaBackend extends AcceleratorBackend {
    private final DeviceQueue queue;

    /** Takes ownership of {@code queue}: closing the backend closes it. */
    CudaBackend(DeviceQueue queue) {
        super("CUDA");
        this.queue = queue;
        openStatus();
    }

    @Override
    public String name() {
        return "cuda";
    }

    @Override
    public String deviceDescription() {
        return queue.describe();
    }

    @Override
    protected DeviceBuffer newBuffer(DType dtype, long length, LiveBuffers registry) {
        DeviceMemory memory = queue.allocate(Math.max(1, length) * dtype.bytes()); // cuMemAlloc rejects 0 bytes
        return new CudaBuffer(dtype, length, memory, queue, registry);
    }

    @Override
    protected void upload(DeviceBuffer dst, long offset, float[] src, int srcOffset, int count) {
        queue.upload(memory(dst), byteOffset(dst, offset), src, srcOffset, count);
    }

    @Override
    protected void upload(DeviceBuffer dst, long offset, int[] src, int srcOffset, int count) {
        queue.upload(memory(dst), byteOffset(dst, offset), src, srcOffset, count);
    }

    @Override
    protected void download(DeviceBuffer src, long offset, float[] dst, int dstOffset, int count) {
        queue.download(memory(src), byteOffset(src, offset), dst, dstOffset, count);
    }

    @Override
    protected void download(DeviceBuffer src, long offset, int[] dst, int dstOffset, int count) {
        queue.download(memory(src), byteOffset(src, offset), dst, dstOffset, count);
    }

    @Override
    protected void queueCopy(Tensor src, Tensor dst) {
        queue.copy(
                memory(src.buffer()),
                byteOffset(src),
                memory(dst.buffer()),
                byteOffset(dst),
                src.size() * src.dtype().bytes());
    }

    /** A float fill is a 32-bit memset of its bits: exact, and no kernel launch. */
    @Override
    protected void queueFill(Tensor x, float value) {
        queue.fill32(memory(x.buffer()), byteOffset(x), x.size(), Float.floatToRawIntBits(value));
    }

    @Override
    protected void queueClear(DeviceBuffer buffer) {
        queue.fill32(memory(buffer), 0, buffer.length(), 0);
    }

    /** cuBLAS is column-major: it computes Cᵀ = op(B)ᵀ·op(A)ᵀ, so it gets B first and A second. */
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
        CublasGemmMapping call = CublasGemmMapping.rowMajor(transposeA, transposeB, m, n, k, a.cols(), b.cols());
        queue.gemm(
                call,
                alpha,
                memory(b.buffer()),
                byteOffset(b),
                memory(a.buffer()),
                byteOffset(a),
                beta,
                memory(c.buffer()),
                byteOffset(c));
    }

    @Override
    protected KernelLaunch launch(Kernel kernel, long items) {
        return new KernelLaunch(kernel, items, queue);
    }

    @Override
    protected void waitForDevice() {
        queue.synchronize();
    }

    @Override
    protected void closeDevice() {
        queue.close();
    }

    /** The allocation behind one of this backend's buffers. */
    static DeviceMemory memory(DeviceBuffer buffer) {
        return requireType(CudaBuffer.class, buffer).memory();
    }

    private static long byteOffset(Tensor t) {
        return byteOffset(t.buffer(), t.offset());
    }

    private static long byteOffset(DeviceBuffer buffer, long offset) {
        return offset * buffer.dtype().bytes();
    }
}
