package io.jmlp.backend;

import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

/**
 * The checking front every backend extends: each op of {@link Backend} is a {@code final} method
 * here that refuses a closed backend, runs that op's {@link OpContracts} check (types, shapes,
 * aliasing, tensors of this backend, buffers still open) and only then calls the device's
 * {@code protected} hook of the same name and parameters with {@code Unchecked} appended
 * ({@link #gemmUnchecked}, {@link #fillUnchecked}, …). A backend therefore implements only the
 * computation, and no call can reach it with bad arguments, however the backend was constructed.
 *
 * <p>What is decided alike on every device is decided here, not in the hooks:
 * <ul>
 *   <li>GEMM's empty cases: with {@code m = 0} or {@code n = 0} nothing happens; with {@code k = 0}
 *       {@code C = βC} ({@link #fillUnchecked} with 0 when {@code β = 0}, else {@link #scaleUnchecked}),
 *       so {@link #gemmUnchecked} sees only {@code m, n, k > 0}, the shapes every BLAS accepts;
 *   <li>the elementwise ops (and {@code write}) on an empty tensor do nothing: their hooks see
 *       non-empty tensors only;
 *   <li>the buffer registry: {@link #buffers()} is the {@link LiveBuffers} a backend hands to its
 *       {@link DeviceBuffer}s, {@link #liveBuffers()} counts it, and {@link #close()} refuses
 *       every later use, waits for queued work ({@link #drainUnchecked()}), frees the buffers
 *       still open (logging how many) and then lets the device tear itself down
 *       ({@link #closeUnchecked()}), once.
 * </ul>
 *
 * <p>Every op holds this backend's monitor, so a {@link #close()} from another thread waits for the
 * op running, and later ops see the backend closed instead of handing freed memory to a driver.
 * A hook may call other hooks directly: its arguments were checked already.
 */
public abstract class CheckedBackend implements Backend {
    /** The largest buffer, in elements: sizes and offsets are Java {@code int}s on every backend. */
    public static final long MAX_ELEMENTS = Integer.MAX_VALUE - 8;

    private final LiveBuffers live = new LiveBuffers();
    private boolean closed;

    protected CheckedBackend() {}

    /** The registry this backend's buffers register with (pass it to {@link DeviceBuffer}'s constructor). */
    protected final LiveBuffers buffers() {
        return live;
    }

    /** Whether {@link #close()} was called. */
    protected final synchronized boolean isClosed() {
        return closed;
    }

    private void requireOpen(String op) {
        live.requireOpen(op);
    }

    // ---- memory -------------------------------------------------------------------------

    @Override
    public final synchronized DeviceBuffer allocate(DType dtype, long length) {
        OpContracts.allocation(this, live, dtype, length, MAX_ELEMENTS);
        return allocateUnchecked(dtype, length);
    }

    /** {@link Backend#allocate}: a zero-filled buffer registered with {@link #buffers()}; {@code 0 <= length <= MAX_ELEMENTS}. */
    protected abstract DeviceBuffer allocateUnchecked(DType dtype, long length);

    /** The checks of a transfer between {@code t} and a host array of {@code hostLength} elements. */
    private void checkTransfer(String op, Tensor t, DType dtype, int hostLength, int hostOffset) {
        requireOpen(op);
        OpContracts.transfer(this, op, t, dtype, hostLength, hostOffset);
    }

    @Override
    public final synchronized void write(Tensor dst, float[] src, int srcOffset) {
        checkTransfer("write(float[])", dst, DType.FLOAT32, src.length, srcOffset);
        if (dst.size() > 0) {
            writeUnchecked(dst, src, srcOffset);
        }
    }

    /** {@link Backend#write(Tensor, float[], int)}; {@code dst} is not empty. */
    protected abstract void writeUnchecked(Tensor dst, float[] src, int srcOffset);

    @Override
    public final synchronized void write(Tensor dst, int[] src, int srcOffset) {
        checkTransfer("write(int[])", dst, DType.INT32, src.length, srcOffset);
        if (dst.size() > 0) {
            writeUnchecked(dst, src, srcOffset);
        }
    }

    /** {@link Backend#write(Tensor, int[], int)}; {@code dst} is not empty. */
    protected abstract void writeUnchecked(Tensor dst, int[] src, int srcOffset);

    @Override
    public final synchronized void read(Tensor src, float[] dst, int dstOffset) {
        checkTransfer("read(float[])", src, DType.FLOAT32, dst.length, dstOffset);
        readUnchecked(src, dst, dstOffset);
    }

    /**
     * {@link Backend#read(Tensor, float[], int)}. Called for an empty {@code src} too: a read is
     * where a device reports bad input that its kernels found.
     */
    protected abstract void readUnchecked(Tensor src, float[] dst, int dstOffset);

    @Override
    public final synchronized void read(Tensor src, int[] dst, int dstOffset) {
        checkTransfer("read(int[])", src, DType.INT32, dst.length, dstOffset);
        readUnchecked(src, dst, dstOffset);
    }

    /** {@link Backend#read(Tensor, int[], int)}, for an empty {@code src} too. */
    protected abstract void readUnchecked(Tensor src, int[] dst, int dstOffset);

    @Override
    public final synchronized void synchronize() {
        requireOpen("synchronize");
        synchronizeUnchecked();
    }

    /** {@link Backend#synchronize}. */
    protected abstract void synchronizeUnchecked();

    @Override
    public final int liveBuffers() {
        return live.count();
    }

    // ---- linear algebra -----------------------------------------------------------------

    @Override
    public final synchronized void gemm(
            boolean transposeA, boolean transposeB, float alpha, Tensor a, Tensor b, float beta, Tensor c) {
        requireOpen("gemm");
        OpContracts.gemm(this, transposeA, transposeB, a, b, c);
        int k = transposeA ? a.rows() : a.cols();
        if (c.rows() == 0 || c.cols() == 0) {
            return;
        }
        if (k == 0) { // an empty sum: C = βC, which not every BLAS accepts
            if (beta == 0f) {
                fillUnchecked(c, 0f);
            } else {
                scaleUnchecked(c, beta);
            }
            return;
        }
        gemmUnchecked(transposeA, transposeB, alpha, a, b, beta, c);
    }

    /** {@link Backend#gemm}, only ever with {@code m, n, k > 0} (the front handles the empty cases). */
    protected abstract void gemmUnchecked(
            boolean transposeA, boolean transposeB, float alpha, Tensor a, Tensor b, float beta, Tensor c);

    @Override
    public final synchronized void sumRows(Tensor x, float beta, Tensor out) {
        requireOpen("sumRows");
        OpContracts.sumRows(this, x, out);
        sumRowsUnchecked(x, beta, out);
    }

    /** {@link Backend#sumRows}. */
    protected abstract void sumRowsUnchecked(Tensor x, float beta, Tensor out);

    // ---- activations --------------------------------------------------------------------

    @Override
    public final synchronized void biasActivationForward(Tensor z, Tensor bias, Activation activation, Tensor a) {
        requireOpen("biasActivationForward");
        OpContracts.biasActivationForward(this, z, bias, activation, a);
        if (z.size() > 0) {
            biasActivationForwardUnchecked(z, bias, activation, a);
        }
    }

    /** {@link Backend#biasActivationForward}; {@code z} is not empty. */
    protected abstract void biasActivationForwardUnchecked(Tensor z, Tensor bias, Activation activation, Tensor a);

    @Override
    public final synchronized void activationBackward(Activation activation, Tensor z, Tensor a, Tensor da, Tensor dz) {
        requireOpen("activationBackward");
        OpContracts.activationBackward(this, z, a, da, dz);
        if (z.size() > 0) {
            activationBackwardUnchecked(activation, z, a, da, dz);
        }
    }

    /** {@link Backend#activationBackward}; {@code z} is not empty. */
    protected abstract void activationBackwardUnchecked(
            Activation activation, Tensor z, Tensor a, Tensor da, Tensor dz);

    @Override
    public final synchronized void preluForward(Tensor x, Tensor slope, Tensor y) {
        requireOpen("preluForward");
        OpContracts.preluForward(this, x, slope, y);
        if (x.size() > 0) {
            preluForwardUnchecked(x, slope, y);
        }
    }

    /** {@link Backend#preluForward}; {@code x} is not empty. */
    protected abstract void preluForwardUnchecked(Tensor x, Tensor slope, Tensor y);

    @Override
    public final synchronized void preluBackward(Tensor x, Tensor slope, Tensor dy, Tensor dx, Tensor dSlope) {
        requireOpen("preluBackward");
        OpContracts.preluBackward(this, x, slope, dy, dx, dSlope);
        preluBackwardUnchecked(x, slope, dy, dx, dSlope);
    }

    /** {@link Backend#preluBackward} (also for an empty {@code x}: {@code dSlope} is still overwritten). */
    protected abstract void preluBackwardUnchecked(Tensor x, Tensor slope, Tensor dy, Tensor dx, Tensor dSlope);

    // ---- batch normalisation ------------------------------------------------------------

    @Override
    public final synchronized void batchNormForwardTraining(
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
        requireOpen("batchNormForwardTraining");
        OpContracts.batchNormTraining(
                this, x, gamma, beta, runningMean, runningVar, activation, y, a, savedMean, savedInvStd);
        batchNormForwardTrainingUnchecked(
                x, gamma, beta, eps, momentum, runningMean, runningVar, activation, y, a, savedMean, savedInvStd);
    }

    /** {@link Backend#batchNormForwardTraining}; {@code x} has at least one row. */
    protected abstract void batchNormForwardTrainingUnchecked(
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
            Tensor savedInvStd);

    @Override
    public final synchronized void batchNormForwardInference(
            Tensor x,
            Tensor gamma,
            Tensor beta,
            float eps,
            Tensor runningMean,
            Tensor runningVar,
            Activation activation,
            Tensor y) {
        requireOpen("batchNormForwardInference");
        OpContracts.batchNormInference(this, x, gamma, beta, runningMean, runningVar, activation, y);
        batchNormForwardInferenceUnchecked(x, gamma, beta, eps, runningMean, runningVar, activation, y);
    }

    /** {@link Backend#batchNormForwardInference}. */
    protected abstract void batchNormForwardInferenceUnchecked(
            Tensor x,
            Tensor gamma,
            Tensor beta,
            float eps,
            Tensor runningMean,
            Tensor runningVar,
            Activation activation,
            Tensor y);

    @Override
    public final synchronized void batchNormBackward(
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
        requireOpen("batchNormBackward");
        OpContracts.batchNormBackward(this, x, activation, y, a, da, gamma, savedMean, savedInvStd, dx, dGamma, dBeta);
        batchNormBackwardUnchecked(x, activation, y, a, da, gamma, savedMean, savedInvStd, dx, dGamma, dBeta);
    }

    /** {@link Backend#batchNormBackward} ({@code y} and {@code a} may be null only for the identity). */
    protected abstract void batchNormBackwardUnchecked(
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
            Tensor dBeta);

    // ---- dropout ------------------------------------------------------------------------

    @Override
    public final synchronized void dropoutForward(Tensor x, float p, long seed, long stream, Tensor mask, Tensor y) {
        requireOpen("dropoutForward");
        OpContracts.dropoutForward(this, x, p, mask, y);
        if (x.size() > 0) {
            dropoutForwardUnchecked(x, p, seed, stream, mask, y);
        }
    }

    /** {@link Backend#dropoutForward(Tensor, float, long, long, Tensor, Tensor)}; {@code x} is not empty. */
    protected abstract void dropoutForwardUnchecked(Tensor x, float p, long seed, long stream, Tensor mask, Tensor y);

    @Override
    public final synchronized void dropoutForward(
            Tensor x, float p, long seed, long streamBase, Tensor clock, Tensor mask, Tensor y) {
        requireOpen("dropoutForward");
        OpContracts.dropoutForward(this, x, p, clock, mask, y);
        if (x.size() > 0) {
            dropoutForwardUnchecked(x, p, seed, streamBase, clock, mask, y);
        }
    }

    /** {@link Backend#dropoutForward(Tensor, float, long, long, Tensor, Tensor, Tensor)}; {@code x} is not empty. */
    protected abstract void dropoutForwardUnchecked(
            Tensor x, float p, long seed, long streamBase, Tensor clock, Tensor mask, Tensor y);

    @Override
    public final synchronized void multiply(Tensor a, Tensor b, Tensor out) {
        requireOpen("multiply");
        OpContracts.multiply(this, a, b, out);
        if (a.size() > 0) {
            multiplyUnchecked(a, b, out);
        }
    }

    /** {@link Backend#multiply}; the tensors are not empty. */
    protected abstract void multiplyUnchecked(Tensor a, Tensor b, Tensor out);

    // ---- losses -------------------------------------------------------------------------

    @Override
    public final synchronized void softmaxCrossEntropy(
            Tensor logits, Tensor labels, Tensor dLogits, Tensor lossSum, Tensor correctSum) {
        requireOpen("softmaxCrossEntropy");
        OpContracts.softmaxCrossEntropy(this, logits, labels, dLogits, lossSum, correctSum);
        softmaxCrossEntropyUnchecked(logits, labels, dLogits, lossSum, correctSum);
    }

    /** {@link Backend#softmaxCrossEntropy} ({@code correctSum} may be null). */
    protected abstract void softmaxCrossEntropyUnchecked(
            Tensor logits, Tensor labels, Tensor dLogits, Tensor lossSum, Tensor correctSum);

    @Override
    public final synchronized void sigmoidBinaryCrossEntropy(
            Tensor logits, Tensor targets, Tensor dLogits, Tensor lossSum) {
        requireOpen("sigmoidBinaryCrossEntropy");
        OpContracts.binaryLoss(this, logits, targets, dLogits, lossSum);
        sigmoidBinaryCrossEntropyUnchecked(logits, targets, dLogits, lossSum);
    }

    /** {@link Backend#sigmoidBinaryCrossEntropy}. */
    protected abstract void sigmoidBinaryCrossEntropyUnchecked(
            Tensor logits, Tensor targets, Tensor dLogits, Tensor lossSum);

    @Override
    public final synchronized void meanSquaredError(
            Tensor predictions, Tensor targets, Tensor dPredictions, Tensor lossSum) {
        requireOpen("meanSquaredError");
        OpContracts.targetLoss(this, "meanSquaredError", predictions, targets, dPredictions, lossSum);
        meanSquaredErrorUnchecked(predictions, targets, dPredictions, lossSum);
    }

    /** {@link Backend#meanSquaredError}. */
    protected abstract void meanSquaredErrorUnchecked(
            Tensor predictions, Tensor targets, Tensor dPredictions, Tensor lossSum);

    @Override
    public final synchronized void multiclassHinge(
            Tensor scores, Tensor labels, float margin, Tensor dScores, Tensor lossSum) {
        requireOpen("multiclassHinge");
        OpContracts.classLoss(this, "multiclassHinge", scores, labels, dScores, lossSum);
        multiclassHingeUnchecked(scores, labels, margin, dScores, lossSum);
    }

    /** {@link Backend#multiclassHinge}. */
    protected abstract void multiclassHingeUnchecked(
            Tensor scores, Tensor labels, float margin, Tensor dScores, Tensor lossSum);

    @Override
    public final synchronized void softmax(Tensor logits, Tensor out) {
        requireOpen("softmax");
        OpContracts.softmax(this, logits, out);
        if (logits.size() > 0) {
            softmaxUnchecked(logits, out);
        }
    }

    /** {@link Backend#softmax}; {@code logits} is not empty. */
    protected abstract void softmaxUnchecked(Tensor logits, Tensor out);

    @Override
    public final synchronized void argmaxRows(Tensor scores, Tensor out) {
        requireOpen("argmaxRows");
        OpContracts.argmaxRows(this, scores, out);
        argmaxRowsUnchecked(scores, out);
    }

    /** {@link Backend#argmaxRows}. */
    protected abstract void argmaxRowsUnchecked(Tensor scores, Tensor out);

    @Override
    public final synchronized void countCorrect(Tensor scores, Tensor labels, Tensor correctSum) {
        requireOpen("countCorrect");
        OpContracts.countCorrect(this, scores, labels, correctSum);
        countCorrectUnchecked(scores, labels, correctSum);
    }

    /** {@link Backend#countCorrect}. */
    protected abstract void countCorrectUnchecked(Tensor scores, Tensor labels, Tensor correctSum);

    // ---- optimizer ----------------------------------------------------------------------

    @Override
    public final synchronized void optimizerUpdate(
            UpdateRule rule,
            Tensor rates,
            Tensor clock,
            Tensor gradSquares,
            Tensor params,
            Tensor grads,
            Tensor state1,
            Tensor state2,
            long decayedCount) {
        requireOpen("optimizerUpdate");
        OpContracts.optimizerUpdate(this, rule, rates, clock, gradSquares, params, grads, state1, state2, decayedCount);
        optimizerUpdateUnchecked(rule, rates, clock, gradSquares, params, grads, state1, state2, decayedCount);
    }

    /** {@link Backend#optimizerUpdate} (state buffers the rule does not use may be null or anything). */
    protected abstract void optimizerUpdateUnchecked(
            UpdateRule rule,
            Tensor rates,
            Tensor clock,
            Tensor gradSquares,
            Tensor params,
            Tensor grads,
            Tensor state1,
            Tensor state2,
            long decayedCount);

    @Override
    public final synchronized void advanceClock(Tensor clock) {
        requireOpen("advanceClock");
        OpContracts.advanceClock(this, clock);
        advanceClockUnchecked(clock);
    }

    /** {@link Backend#advanceClock}. */
    protected abstract void advanceClockUnchecked(Tensor clock);

    @Override
    public final synchronized void clampColumnNorms(Tensor w, float maxNorm) {
        requireOpen("clampColumnNorms");
        OpContracts.clampColumnNorms(this, w, maxNorm);
        clampColumnNormsUnchecked(w, maxNorm);
    }

    /** {@link Backend#clampColumnNorms}; {@code maxNorm > 0}. */
    protected abstract void clampColumnNormsUnchecked(Tensor w, float maxNorm);

    // ---- data movement and reductions ---------------------------------------------------

    @Override
    public final synchronized void gatherRows(Tensor src, Tensor indices, int first, Tensor dst) {
        requireOpen("gatherRows");
        OpContracts.gatherRows(this, src, indices, first, dst);
        gatherRowsUnchecked(src, indices, first, dst);
    }

    /** {@link Backend#gatherRows(Tensor, Tensor, int, Tensor)}; positions {@code [first, first + dst.rows)} exist. */
    protected abstract void gatherRowsUnchecked(Tensor src, Tensor indices, int first, Tensor dst);

    @Override
    public final synchronized void gatherRows(Tensor src, Tensor indices, Tensor clock, int rowsPerStep, Tensor dst) {
        requireOpen("gatherRows");
        OpContracts.gatherRows(this, src, indices, clock, rowsPerStep, dst);
        gatherRowsUnchecked(src, indices, clock, rowsPerStep, dst);
    }

    /** {@link Backend#gatherRows(Tensor, Tensor, Tensor, int, Tensor)}: the position is checked when the op runs. */
    protected abstract void gatherRowsUnchecked(Tensor src, Tensor indices, Tensor clock, int rowsPerStep, Tensor dst);

    @Override
    public final synchronized void fill(Tensor x, float value) {
        requireOpen("fill");
        OpContracts.fill(this, x);
        if (x.size() > 0) {
            fillUnchecked(x, value);
        }
    }

    /** {@link Backend#fill} of a non-empty float tensor. */
    protected abstract void fillUnchecked(Tensor x, float value);

    @Override
    public final synchronized void copy(Tensor src, Tensor dst) {
        requireOpen("copy");
        OpContracts.copy(this, src, dst);
        if (src.size() > 0) {
            copyUnchecked(src, dst);
        }
    }

    /** {@link Backend#copy}; same shape and dtype, not empty. */
    protected abstract void copyUnchecked(Tensor src, Tensor dst);

    @Override
    public final synchronized void scale(Tensor x, float alpha) {
        requireOpen("scale");
        OpContracts.elementwise(this, "scale", x);
        if (x.size() > 0) {
            scaleUnchecked(x, alpha);
        }
    }

    /** {@link Backend#scale} of a non-empty float tensor. */
    protected abstract void scaleUnchecked(Tensor x, float alpha);

    @Override
    public final synchronized void axpy(float alpha, Tensor x, Tensor y) {
        requireOpen("axpy");
        OpContracts.elementwise(this, "axpy", x, y);
        if (x.size() > 0) {
            axpyUnchecked(alpha, x, y);
        }
    }

    /** {@link Backend#axpy}; the tensors are not empty. */
    protected abstract void axpyUnchecked(float alpha, Tensor x, Tensor y);

    @Override
    public final synchronized void sumOfSquares(Tensor x, Tensor out) {
        requireOpen("sumOfSquares");
        OpContracts.reduction(this, "sumOfSquares", x, out);
        sumOfSquaresUnchecked(x, out);
    }

    /** {@link Backend#sumOfSquares} (also for an empty {@code x}: {@code out} becomes 0). */
    protected abstract void sumOfSquaresUnchecked(Tensor x, Tensor out);

    @Override
    public final synchronized void countNonFinite(Tensor x, Tensor count) {
        requireOpen("countNonFinite");
        OpContracts.reduction(this, "countNonFinite", x, count);
        countNonFiniteUnchecked(x, count);
    }

    /** {@link Backend#countNonFinite}. */
    protected abstract void countNonFiniteUnchecked(Tensor x, Tensor count);

    // ---- lifetime -----------------------------------------------------------------------

    /**
     * Closes once (a second call does nothing): refuses every later op, allocation and use of this
     * backend's tensors; waits for queued work ({@link #drainUnchecked()}); frees the buffers still
     * open, logging how many at {@link #leftoverLogLevel()}; then {@link #closeUnchecked()} releases
     * the device. Each step runs even when the one before it threw.
     */
    @Override
    public final synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        live.markClosed(name());
        try {
            drainUnchecked();
        } finally {
            try {
                int leftover = live.closeLeftovers();
                if (leftover > 0) {
                    LoggerFactory.getLogger(getClass())
                            .atLevel(leftoverLogLevel())
                            .log("closed the {} backend with {} buffer(s) still open; freed them", name(), leftover);
                }
            } finally {
                closeUnchecked();
            }
        }
    }

    /**
     * At {@link #close()}, before the leftover buffers are freed: waits for queued work that may
     * still use them, without reporting device errors. Nothing by default (ops that run to
     * completion before they return).
     */
    protected void drainUnchecked() {}

    /** At {@link #close()}, after the leftover buffers were freed: releases the device's own resources (threads, queues, contexts). */
    protected abstract void closeUnchecked();

    /**
     * How {@link #close()} logs buffers it had to free: {@link Level#WARN} by default, since a buffer
     * still open at close is device memory a caller forgot; a backend on garbage-collected memory
     * may say {@link Level#DEBUG}.
     */
    protected Level leftoverLogLevel() {
        return Level.WARN;
    }
}
