package io.jmlp.cuda;

import static io.jmlp.backend.KernelCodes.activationCode;
import static io.jmlp.backend.KernelCodes.ruleCode;

import io.jmlp.backend.Activation;
import io.jmlp.backend.Backend;
import io.jmlp.backend.DType;
import io.jmlp.backend.DeviceBuffer;
import io.jmlp.backend.DeviceStatus;
import io.jmlp.backend.LiveBuffers;
import io.jmlp.backend.OpContracts;
import io.jmlp.backend.Tensor;
import io.jmlp.backend.UpdateRule;
import io.jmlp.random.Philox;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The CUDA backend: GEMM through cuBLAS, every other op one of our kernels from
 * {@code src/main/cuda/*.cu}, all queued in order on one stream of one device (a
 * {@link DeviceQueue}; on a GPU, {@link CudaDriverQueue}).
 *
 * <p>Every op checks its arguments with {@link OpContracts} before anything is queued, then turns
 * into a {@link KernelLaunch} (or a copy, a memset, a cuBLAS call). Uploads and downloads block.
 * Bad input that only the device can see (a label or row index out of range) is recorded by the
 * kernel in a small status buffer and thrown at the next {@link #read} or {@link #synchronize()},
 * the points where the host waits anyway, exactly as the OpenCL backend does.
 */
public final class CudaBackend implements Backend {
    private static final Logger log = LoggerFactory.getLogger(CudaBackend.class);

    private final DeviceQueue queue;
    /** {code, value, position, limit} of the first bad input a kernel found; zeros when none. Not a counted buffer. */
    private final DeviceMemory status;

    private final LiveBuffers live = new LiveBuffers();
    private boolean closed;

    /** Takes ownership of {@code queue}: closing the backend closes it. */
    CudaBackend(DeviceQueue queue) {
        this.queue = queue;
        DeviceMemory created;
        try {
            created = queue.allocate((long) DeviceStatus.LENGTH * Integer.BYTES);
        } catch (RuntimeException e) {
            queue.close();
            throw e;
        }
        this.status = created;
    }

    @Override
    public String name() {
        return "cuda";
    }

    @Override
    public String deviceDescription() {
        return queue.describe();
    }

    // ---- memory -------------------------------------------------------------------------

    @Override
    public synchronized DeviceBuffer allocate(DType dtype, long length) {
        requireOpen();
        OpContracts.allocation(this, live, dtype, length, Integer.MAX_VALUE - 8);
        DeviceMemory memory = queue.allocate(Math.max(1, length) * dtype.bytes()); // cuMemAlloc rejects 0 bytes
        return new CudaBuffer(dtype, length, memory, queue, live);
    }

    @Override
    public synchronized void write(Tensor dst, float[] src, int srcOffset) {
        OpContracts.transfer(this, "write(float[])", dst, DType.FLOAT32, src.length, srcOffset);
        requireOpen();
        if (dst.size() > 0) {
            queue.upload(memory(dst), byteOffset(dst), src, srcOffset, size(dst));
        }
    }

    @Override
    public synchronized void write(Tensor dst, int[] src, int srcOffset) {
        OpContracts.transfer(this, "write(int[])", dst, DType.INT32, src.length, srcOffset);
        requireOpen();
        if (dst.size() > 0) {
            queue.upload(memory(dst), byteOffset(dst), src, srcOffset, size(dst));
        }
    }

    @Override
    public synchronized void read(Tensor src, float[] dst, int dstOffset) {
        OpContracts.transfer(this, "read(float[])", src, DType.FLOAT32, dst.length, dstOffset);
        requireOpen();
        if (src.size() > 0) {
            queue.download(memory(src), byteOffset(src), dst, dstOffset, size(src));
        }
        throwIfDeviceReportedBadInput();
    }

    @Override
    public synchronized void read(Tensor src, int[] dst, int dstOffset) {
        OpContracts.transfer(this, "read(int[])", src, DType.INT32, dst.length, dstOffset);
        requireOpen();
        if (src.size() > 0) {
            queue.download(memory(src), byteOffset(src), dst, dstOffset, size(src));
        }
        throwIfDeviceReportedBadInput();
    }

    @Override
    public synchronized void synchronize() {
        requireOpen();
        queue.synchronize();
        throwIfDeviceReportedBadInput();
    }

    @Override
    public int liveBuffers() {
        return live.count();
    }

    // ---- linear algebra -----------------------------------------------------------------

    @Override
    public synchronized void gemm(
            boolean transposeA, boolean transposeB, float alpha, Tensor a, Tensor b, float beta, Tensor c) {
        OpContracts.gemm(this, transposeA, transposeB, a, b, c);
        requireOpen();
        int m = c.rows();
        int n = c.cols();
        int k = transposeA ? a.rows() : a.cols();
        if (m == 0 || n == 0) {
            return;
        }
        if (k == 0) { // an empty product: C = βC (cuBLAS would do the same, but says nothing on k = 0)
            if (beta == 0f) {
                fill(c, 0f);
            } else {
                scale(c, beta);
            }
            return;
        }
        CublasGemmMapping call = CublasGemmMapping.rowMajor(transposeA, transposeB, m, n, k, a.cols(), b.cols());
        queue.gemm(call, alpha, memory(b), byteOffset(b), memory(a), byteOffset(a), beta, memory(c), byteOffset(c));
    }

    @Override
    public synchronized void sumRows(Tensor x, float beta, Tensor out) {
        OpContracts.sumRows(this, x, out);
        run(KernelLaunch.perItem("sum_rows", x.cols())
                .tensor(x)
                .f(beta)
                .tensor(out)
                .i(x.rows())
                .i(x.cols()));
    }

    // ---- activations --------------------------------------------------------------------

    @Override
    public synchronized void biasActivationForward(Tensor z, Tensor bias, Activation activation, Tensor a) {
        OpContracts.biasActivationForward(this, z, bias, activation, a);
        // Without a bias the kernel never reads it; z stands in for the unused pointer.
        run(KernelLaunch.perItem("bias_activation_forward", z.size())
                .tensor(z)
                .tensor(bias != null ? bias : z)
                .i(bias != null)
                .i(activationCode(activation))
                .f(activation.alpha())
                .tensor(a)
                .i(z.cols())
                .i(size(z)));
    }

    @Override
    public synchronized void activationBackward(Activation activation, Tensor z, Tensor a, Tensor da, Tensor dz) {
        OpContracts.activationBackward(this, z, a, da, dz);
        run(KernelLaunch.perItem("activation_backward", z.size())
                .i(activationCode(activation))
                .f(activation.alpha())
                .tensor(z)
                .tensor(a)
                .tensor(da)
                .tensor(dz)
                .i(size(z)));
    }

    @Override
    public synchronized void preluForward(Tensor x, Tensor slope, Tensor y) {
        OpContracts.preluForward(this, x, slope, y);
        run(KernelLaunch.perItem("prelu_forward", x.size())
                .tensor(x)
                .tensor(slope)
                .i(slope.cols())
                .tensor(y)
                .i(x.cols())
                .i(size(x)));
    }

    @Override
    public synchronized void preluBackward(Tensor x, Tensor slope, Tensor dy, Tensor dx, Tensor dSlope) {
        OpContracts.preluBackward(this, x, slope, dy, dx, dSlope);
        // The slope gradient reads x and dy, so it runs before dx is written (dx may alias dy).
        if (slope.cols() == 1) {
            run(KernelLaunch.oneBlock("prelu_slope_grad_shared")
                    .tensor(x)
                    .tensor(dy)
                    .tensor(dSlope)
                    .i(size(x)));
        } else {
            run(KernelLaunch.perItem("prelu_slope_grad_columns", x.cols())
                    .tensor(x)
                    .tensor(dy)
                    .tensor(dSlope)
                    .i(x.rows())
                    .i(x.cols()));
        }
        run(KernelLaunch.perItem("prelu_backward_input", x.size())
                .tensor(x)
                .tensor(slope)
                .i(slope.cols())
                .tensor(dy)
                .tensor(dx)
                .i(x.cols())
                .i(size(x)));
    }

    // ---- batch normalisation ------------------------------------------------------------

    @Override
    public synchronized void batchNormForwardTraining(
            Tensor x,
            Tensor gamma,
            Tensor beta,
            float eps,
            float momentum,
            Tensor runningMean,
            Tensor runningVar,
            Activation activation,
            Tensor y,
            Tensor a,
            Tensor savedMean,
            Tensor savedInvStd) {
        OpContracts.batchNormTraining(
                this, x, gamma, beta, runningMean, runningVar, activation, y, a, savedMean, savedInvStd);
        run(KernelLaunch.perItem("batch_norm_forward_training", x.cols())
                .tensor(x)
                .tensor(gamma)
                .tensor(beta)
                .f(eps)
                .f(momentum)
                .tensor(runningMean)
                .tensor(runningVar)
                .i(activationCode(activation))
                .f(activation.alpha())
                .tensor(y)
                .tensor(a)
                .tensor(savedMean)
                .tensor(savedInvStd)
                .i(x.rows())
                .i(x.cols()));
    }

    @Override
    public synchronized void batchNormForwardInference(
            Tensor x,
            Tensor gamma,
            Tensor beta,
            float eps,
            Tensor runningMean,
            Tensor runningVar,
            Activation activation,
            Tensor y) {
        OpContracts.batchNormInference(this, x, gamma, beta, runningMean, runningVar, activation, y);
        run(KernelLaunch.perItem("batch_norm_forward_inference", x.size())
                .tensor(x)
                .tensor(gamma)
                .tensor(beta)
                .f(eps)
                .tensor(runningMean)
                .tensor(runningVar)
                .i(activationCode(activation))
                .f(activation.alpha())
                .tensor(y)
                .i(x.cols())
                .i(size(x)));
    }

    @Override
    public synchronized void batchNormBackward(
            Tensor x,
            Activation activation,
            Tensor y,
            Tensor a,
            Tensor da,
            Tensor gamma,
            Tensor savedMean,
            Tensor savedInvStd,
            Tensor dx,
            Tensor dGamma,
            Tensor dBeta) {
        OpContracts.batchNormBackward(this, x, activation, y, a, da, gamma, savedMean, savedInvStd, dx, dGamma, dBeta);
        // The identity's derivative reads neither y nor a, which may then be null; x stands in for the unused pointers.
        run(KernelLaunch.perItem("batch_norm_backward", x.cols())
                .tensor(x)
                .i(activationCode(activation))
                .f(activation.alpha())
                .tensor(y != null ? y : x)
                .tensor(a != null ? a : x)
                .tensor(da)
                .tensor(gamma)
                .tensor(savedMean)
                .tensor(savedInvStd)
                .tensor(dx)
                .tensor(dGamma)
                .tensor(dBeta)
                .i(x.rows())
                .i(x.cols()));
    }

    // ---- dropout ------------------------------------------------------------------------

    @Override
    public synchronized void dropoutForward(Tensor x, float p, long seed, long stream, Tensor mask, Tensor y) {
        OpContracts.dropoutForward(this, x, p, mask, y);
        // No clock: streamPerStep 0, and the status buffer stands in for the clock the kernel then never reads.
        dropout(x, p, seed, stream, status, 0, 0, mask, y);
    }

    @Override
    public synchronized void dropoutForward(
            Tensor x, float p, long seed, long streamBase, Tensor clock, Tensor mask, Tensor y) {
        OpContracts.dropoutForward(this, x, p, clock, mask, y);
        dropout(x, p, seed, streamBase, memory(clock), byteOffset(clock), 1L << 16, mask, y);
    }

    /** dropout.cu's kernel: stream {@code stream + clock[1]·streamPerStep}. */
    private void dropout(
            Tensor x,
            float p,
            long seed,
            long stream,
            DeviceMemory clock,
            long clockOffset,
            long streamPerStep,
            Tensor mask,
            Tensor y) {
        run(KernelLaunch.perItem("dropout_forward", x.size())
                .tensor(x)
                .ulong(seed)
                .ulong(stream)
                .pointer(clock, clockOffset)
                .ulong(streamPerStep)
                .i(Philox.dropoutThreshold(p))
                .f(Philox.dropoutScale(p))
                .tensor(mask)
                .tensor(y)
                .i(size(x)));
    }

    @Override
    public synchronized void multiply(Tensor a, Tensor b, Tensor out) {
        OpContracts.multiply(this, a, b, out);
        run(KernelLaunch.perItem("multiply", a.size())
                .tensor(a)
                .tensor(b)
                .tensor(out)
                .i(size(a)));
    }

    // ---- losses -------------------------------------------------------------------------

    @Override
    public synchronized void softmaxCrossEntropy(
            Tensor logits, Tensor labels, Tensor dLogits, Tensor lossSum, Tensor correctSum) {
        OpContracts.softmaxCrossEntropy(this, logits, labels, dLogits, lossSum, correctSum);
        // Without correctSum the kernel never touches it; lossSum stands in for the unused pointer.
        run(KernelLaunch.oneBlock("softmax_cross_entropy")
                .tensor(logits)
                .tensor(labels)
                .tensor(dLogits)
                .tensor(lossSum)
                .tensor(correctSum != null ? correctSum : lossSum)
                .i(correctSum != null)
                .i(logits.rows())
                .i(logits.cols())
                .pointer(status, 0));
    }

    @Override
    public synchronized void sigmoidBinaryCrossEntropy(Tensor logits, Tensor targets, Tensor dLogits, Tensor lossSum) {
        OpContracts.binaryLoss(this, logits, targets, dLogits, lossSum);
        run(KernelLaunch.oneBlock("sigmoid_binary_cross_entropy")
                .tensor(logits)
                .tensor(targets)
                .tensor(dLogits)
                .tensor(lossSum)
                .i(logits.rows()));
    }

    @Override
    public synchronized void meanSquaredError(Tensor predictions, Tensor targets, Tensor dPredictions, Tensor lossSum) {
        OpContracts.targetLoss(this, "meanSquaredError", predictions, targets, dPredictions, lossSum);
        run(KernelLaunch.oneBlock("mean_squared_error")
                .tensor(predictions)
                .tensor(targets)
                .tensor(dPredictions)
                .tensor(lossSum)
                .i(predictions.rows())
                .i(predictions.cols()));
    }

    @Override
    public synchronized void multiclassHinge(
            Tensor scores, Tensor labels, float margin, Tensor dScores, Tensor lossSum) {
        OpContracts.classLoss(this, "multiclassHinge", scores, labels, dScores, lossSum);
        run(KernelLaunch.oneBlock("multiclass_hinge")
                .tensor(scores)
                .tensor(labels)
                .f(margin)
                .tensor(dScores)
                .tensor(lossSum)
                .i(scores.rows())
                .i(scores.cols())
                .pointer(status, 0));
    }

    @Override
    public synchronized void softmax(Tensor logits, Tensor out) {
        OpContracts.softmax(this, logits, out);
        run(KernelLaunch.perItem("softmax_rows", logits.rows())
                .tensor(logits)
                .tensor(out)
                .i(logits.rows())
                .i(logits.cols()));
    }

    @Override
    public synchronized void argmaxRows(Tensor scores, Tensor out) {
        OpContracts.argmaxRows(this, scores, out);
        run(KernelLaunch.perItem("argmax_rows", scores.rows())
                .tensor(scores)
                .tensor(out)
                .i(scores.rows())
                .i(scores.cols()));
    }

    @Override
    public synchronized void countCorrect(Tensor scores, Tensor labels, Tensor correctSum) {
        OpContracts.countCorrect(this, scores, labels, correctSum);
        run(KernelLaunch.oneBlock("count_correct")
                .tensor(scores)
                .tensor(labels)
                .tensor(correctSum)
                .i(scores.rows())
                .i(scores.cols()));
    }

    // ---- optimizer ----------------------------------------------------------------------

    @Override
    public synchronized void optimizerUpdate(
            UpdateRule rule,
            Tensor rates,
            Tensor clock,
            Tensor gradSquares,
            Tensor params,
            Tensor grads,
            Tensor state1,
            Tensor state2,
            long decayedCount) {
        OpContracts.optimizerUpdate(this, rule, rates, clock, gradSquares, params, grads, state1, state2, decayedCount);
        // Rules with fewer state buffers never read the missing ones, nor an unclipped rule the
        // squares; params stands in for them.
        run(KernelLaunch.perItem("optimizer_update", params.size())
                .i(ruleCode(rule))
                .f(rule.momentum())
                .f(rule.rho())
                .f(rule.beta1())
                .f(rule.beta2())
                .f(rule.epsilon())
                .f(rule.l2())
                .f(rule.l1())
                .f(rule.weightDecay())
                .f(rule.clipNorm())
                .tensor(rates)
                .i(rates.rows())
                .tensor(clock)
                .tensor(gradSquares != null ? gradSquares : params)
                .tensor(params)
                .tensor(grads)
                .tensor(state1 != null ? state1 : params)
                .tensor(state2 != null ? state2 : params)
                .i(Math.toIntExact(decayedCount))
                .i(size(params))
                .pointer(status, 0));
    }

    @Override
    public synchronized void advanceClock(Tensor clock) {
        OpContracts.advanceClock(this, clock);
        run(KernelLaunch.perItem("advance_clock", 1).tensor(clock));
    }

    @Override
    public synchronized void clampColumnNorms(Tensor w, float maxNorm) {
        OpContracts.clampColumnNorms(this, w, maxNorm);
        run(KernelLaunch.perItem("clamp_column_norms", w.cols())
                .tensor(w)
                .f(maxNorm)
                .i(w.rows())
                .i(w.cols()));
    }

    // ---- data movement and reductions ---------------------------------------------------

    @Override
    public synchronized void gatherRows(Tensor src, Tensor indices, int first, Tensor dst) {
        OpContracts.gatherRows(this, src, indices, first, dst);
        // No clock: rowsPerStep 0, and the status buffer stands in for the clock the kernel then never reads.
        gather(src, indices, status, 0, 0, first, dst);
    }

    @Override
    public synchronized void gatherRows(Tensor src, Tensor indices, Tensor clock, int rowsPerStep, Tensor dst) {
        OpContracts.gatherRows(this, src, indices, clock, rowsPerStep, dst);
        gather(src, indices, memory(clock), byteOffset(clock), rowsPerStep, 0, dst);
    }

    /** gather.cu's kernel: rows from position {@code first + clock[0]·rowsPerStep} of {@code indices}. */
    private void gather(
            Tensor src, Tensor indices, DeviceMemory clock, long clockOffset, int rowsPerStep, int first, Tensor dst) {
        run(KernelLaunch.perItem("gather_rows", dst.size())
                .tensor(src)
                .i(src.rows())
                .tensor(indices)
                .i(size(indices))
                .pointer(clock, clockOffset)
                .i(rowsPerStep)
                .i(first)
                .tensor(dst)
                .i(dst.rows())
                .i(dst.cols())
                .pointer(status, 0));
    }

    @Override
    public synchronized void fill(Tensor x, float value) {
        OpContracts.fill(this, x);
        requireOpen();
        if (x.size() > 0) { // a float fill is a 32-bit memset of its bits: exact, and no kernel launch
            queue.fill32(memory(x), byteOffset(x), x.size(), Float.floatToRawIntBits(value));
        }
    }

    @Override
    public synchronized void copy(Tensor src, Tensor dst) {
        OpContracts.copy(this, src, dst);
        requireOpen();
        if (src.size() > 0) {
            queue.copy(
                    memory(src),
                    byteOffset(src),
                    memory(dst),
                    byteOffset(dst),
                    src.size() * src.dtype().bytes());
        }
    }

    @Override
    public synchronized void scale(Tensor x, float alpha) {
        OpContracts.elementwise(this, "scale", x);
        run(KernelLaunch.perItem("scale", x.size()).tensor(x).f(alpha).i(size(x)));
    }

    @Override
    public synchronized void axpy(float alpha, Tensor x, Tensor y) {
        OpContracts.elementwise(this, "axpy", x, y);
        run(KernelLaunch.perItem("axpy", x.size()).f(alpha).tensor(x).tensor(y).i(size(x)));
    }

    @Override
    public synchronized void sumOfSquares(Tensor x, Tensor out) {
        OpContracts.reduction(this, "sumOfSquares", x, out);
        run(KernelLaunch.oneBlock("sum_of_squares").tensor(x).tensor(out).i(size(x)));
    }

    @Override
    public synchronized void countNonFinite(Tensor x, Tensor count) {
        OpContracts.reduction(this, "countNonFinite", x, count);
        run(KernelLaunch.oneBlock("count_non_finite").tensor(x).tensor(count).i(size(x)));
    }

    // ---- lifetime -----------------------------------------------------------------------

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        live.markClosed(name());
        try {
            queue.synchronize();
        } finally {
            int leftover = live.closeLeftovers();
            if (leftover > 0) {
                log.warn("closed the CUDA backend with {} buffer(s) still open; freed them", leftover);
            }
            queue.free(status);
            queue.close();
        }
    }

    // ---- helpers ------------------------------------------------------------------------

    /** Queues a launch; one that covers no item is skipped. */
    private void run(KernelLaunch launch) {
        requireOpen();
        if (!launch.geometry().isEmpty()) {
            queue.launch(launch);
        }
    }

    private void requireOpen() {
        if (closed) {
            throw new IllegalStateException("the CUDA backend on " + queue.describe() + " was already closed");
        }
    }

    /** Throws (once) what a kernel recorded in the status buffer, then clears it. */
    private void throwIfDeviceReportedBadInput() {
        int[] found = new int[DeviceStatus.LENGTH];
        queue.download(status, 0, found, 0, DeviceStatus.LENGTH);
        RuntimeException bad = DeviceStatus.exception(found, "CUDA");
        if (bad != null) {
            queue.fill32(status, 0, DeviceStatus.LENGTH, 0);
            throw bad;
        }
    }

    private static DeviceMemory memory(Tensor t) {
        return ((CudaBuffer) t.buffer()).memory();
    }

    private static long byteOffset(Tensor t) {
        return t.offset() * t.dtype().bytes();
    }

    private static int size(Tensor t) {
        return Math.toIntExact(t.size());
    }
}
