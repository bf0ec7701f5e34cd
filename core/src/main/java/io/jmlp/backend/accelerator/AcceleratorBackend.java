package io.jmlp.backend.accelerator;

import static io.jmlp.backend.KernelCodes.activationCode;
import static io.jmlp.backend.KernelCodes.ruleCode;

import io.jmlp.backend.Activation;
import io.jmlp.backend.CheckedBackend;
import io.jmlp.backend.DType;
import io.jmlp.backend.DeviceBuffer;
import io.jmlp.backend.DeviceStatus;
import io.jmlp.backend.LiveBuffers;
import io.jmlp.backend.Tensor;
import io.jmlp.backend.UpdateRule;
import io.jmlp.backend.accelerator.Kernel.Shape;
import io.jmlp.random.Philox;

/**
 * A backend whose ops are launches of our own kernels ({@link Kernel}) on one in-order queue of one
 * device, with GEMM from the device's BLAS: the CUDA and the OpenCL backends. Every op's hook of the
 * checking front ({@link CheckedBackend}, which has checked the arguments before it calls the hook)
 * is written here once, as its launches with their arguments in the kernel's order, and a subclass
 * supplies only what differs between devices: memory, transfers, copy, fill, GEMM, waiting, closing,
 * and how a launch passes its arguments ({@link #launch}).
 *
 * <p>Ops only queue work; uploads and downloads block. Bad input that only the device can see (a label
 * or row index out of range, a step clock outside what it indexes) is recorded by the kernel in a small
 * status buffer ({@link DeviceStatus}) and thrown at the next {@link #read} or {@link #synchronize()},
 * the points where the host waits anyway. The front holds this backend's monitor for every op,
 * transfer and close, so a close from another thread waits for a running op, and later ops see the
 * backend closed instead of handing freed memory to the driver.
 */
public abstract class AcceleratorBackend extends CheckedBackend {
    private final String device;
    /** {code, value, position, limit} of the first bad input a kernel found; zeros when none. Not a counted buffer. */
    private DeviceBuffer status;

    /** @param device the kind of device, for messages: "CUDA", "OpenCL" */
    protected AcceleratorBackend(String device) {
        this.device = device;
    }

    /**
     * The subclass's constructor calls this last, once its device is ready: allocates the status buffer,
     * and on failure closes the device and rethrows.
     */
    protected final void openStatus() {
        try {
            status = newBuffer(DType.INT32, DeviceStatus.LENGTH, new LiveBuffers());
        } catch (RuntimeException e) {
            closeDevice();
            throw e;
        }
    }

    // ---- what a device supplies ---------------------------------------------------------

    /** A zero-filled allocation of {@code max(1, length)} elements (devices reject empty ones), registered in {@code registry}. */
    protected abstract DeviceBuffer newBuffer(DType dtype, long length, LiveBuffers registry);

    /** Copies {@code count} values into {@code dst} from element {@code offset} on; returns once {@code src} may be reused. */
    protected abstract void upload(DeviceBuffer dst, long offset, float[] src, int srcOffset, int count);

    protected abstract void upload(DeviceBuffer dst, long offset, int[] src, int srcOffset, int count);

    /** Waits for the work queued before, then copies {@code count} values out of {@code src} from element {@code offset} on. */
    protected abstract void download(DeviceBuffer src, long offset, float[] dst, int dstOffset, int count);

    protected abstract void download(DeviceBuffer src, long offset, int[] dst, int dstOffset, int count);

    /** Queues a copy of {@code src} into {@code dst} (same size and type, not empty). */
    protected abstract void queueCopy(Tensor src, Tensor dst);

    /** Queues {@code x = value} (not empty). */
    protected abstract void queueFill(Tensor x, float value);

    /** Queues zeros over every word of {@code buffer} (the status buffer, once its report was thrown). */
    protected abstract void queueClear(DeviceBuffer buffer);

    /** Queues {@code C = α·op(A)·op(B) + β·C}, row-major, {@code C} [m × n], with m, n, k all positive. */
    protected abstract void queueGemm(
            boolean transposeA,
            boolean transposeB,
            int m,
            int n,
            int k,
            float alpha,
            Tensor a,
            Tensor b,
            float beta,
            Tensor c);

    /**
     * A launch of {@code kernel} to fill with arguments: {@code items} work-items for a
     * {@link Shape#PER_ITEM} kernel; one group, whatever {@code items}, for a {@link Shape#ONE_GROUP} one.
     */
    protected abstract KernelArguments launch(Kernel kernel, long items);

    /** Blocks until everything queued has run. */
    protected abstract void waitForDevice();

    /** Releases the queue, the kernels and the device's context; called once, at close after every buffer was freed, or when {@link #openStatus()} failed. */
    protected abstract void closeDevice();

    // ---- memory -------------------------------------------------------------------------

    @Override
    protected DeviceBuffer allocateUnchecked(DType dtype, long length) {
        return newBuffer(dtype, length, buffers());
    }

    @Override
    protected void writeUnchecked(Tensor dst, float[] src, int srcOffset) {
        upload(dst.buffer(), dst.offset(), src, srcOffset, size(dst));
    }

    @Override
    protected void writeUnchecked(Tensor dst, int[] src, int srcOffset) {
        upload(dst.buffer(), dst.offset(), src, srcOffset, size(dst));
    }

    @Override
    protected void readUnchecked(Tensor src, float[] dst, int dstOffset) {
        if (src.size() > 0) {
            download(src.buffer(), src.offset(), dst, dstOffset, size(src));
        }
        throwIfDeviceReportedBadInput();
    }

    @Override
    protected void readUnchecked(Tensor src, int[] dst, int dstOffset) {
        if (src.size() > 0) {
            download(src.buffer(), src.offset(), dst, dstOffset, size(src));
        }
        throwIfDeviceReportedBadInput();
    }

    @Override
    protected void synchronizeUnchecked() {
        waitForDevice();
        throwIfDeviceReportedBadInput();
    }

    // ---- linear algebra -----------------------------------------------------------------

    @Override
    protected void gemmUnchecked(
            boolean transposeA, boolean transposeB, float alpha, Tensor a, Tensor b, float beta, Tensor c) {
        // m, n, k > 0: the front (CheckedBackend) turned the empty products into fill or scale.
        queueGemm(transposeA, transposeB, c.rows(), c.cols(), transposeA ? a.rows() : a.cols(), alpha, a, b, beta, c);
    }

    @Override
    protected void sumRowsUnchecked(Tensor x, float beta, Tensor out) {
        perItem(Kernel.SUM_ROWS, x.cols())
                .tensor(x)
                .f(beta)
                .tensor(out)
                .i(x.rows())
                .i(x.cols())
                .run();
    }

    // ---- activations --------------------------------------------------------------------

    @Override
    protected void biasActivationForwardUnchecked(Tensor z, Tensor bias, Activation activation, Tensor a) {
        // Without a bias the kernel never reads it; z stands in for the unused argument.
        perItem(Kernel.BIAS_ACTIVATION_FORWARD, z.size())
                .tensor(z)
                .tensor(bias != null ? bias : z)
                .i(bias != null)
                .i(activationCode(activation))
                .f(activation.alpha())
                .tensor(a)
                .i(z.cols())
                .i(size(z))
                .run();
    }

    @Override
    protected void activationBackwardUnchecked(Activation activation, Tensor z, Tensor a, Tensor da, Tensor dz) {
        perItem(Kernel.ACTIVATION_BACKWARD, z.size())
                .i(activationCode(activation))
                .f(activation.alpha())
                .tensor(z)
                .tensor(a)
                .tensor(da)
                .tensor(dz)
                .i(size(z))
                .run();
    }

    @Override
    protected void preluForwardUnchecked(Tensor x, Tensor slope, Tensor y) {
        perItem(Kernel.PRELU_FORWARD, x.size())
                .tensor(x)
                .tensor(slope)
                .i(slope.cols())
                .tensor(y)
                .i(x.cols())
                .i(size(x))
                .run();
    }

    @Override
    protected void preluBackwardUnchecked(Tensor x, Tensor slope, Tensor dy, Tensor dx, Tensor dSlope) {
        // The slope gradient reads x and dy, so it runs before dx is written (dx may alias dy).
        if (slope.cols() == 1) {
            oneGroup(Kernel.PRELU_SLOPE_GRAD_SHARED)
                    .tensor(x)
                    .tensor(dy)
                    .tensor(dSlope)
                    .i(size(x))
                    .run();
        } else {
            perItem(Kernel.PRELU_SLOPE_GRAD_COLUMNS, x.cols())
                    .tensor(x)
                    .tensor(dy)
                    .tensor(dSlope)
                    .i(x.rows())
                    .i(x.cols())
                    .run();
        }
        perItem(Kernel.PRELU_BACKWARD_INPUT, x.size())
                .tensor(x)
                .tensor(slope)
                .i(slope.cols())
                .tensor(dy)
                .tensor(dx)
                .i(x.cols())
                .i(size(x))
                .run();
    }

    // ---- batch normalisation ------------------------------------------------------------

    @Override
    protected void batchNormForwardTrainingUnchecked(
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
        perItem(Kernel.BATCH_NORM_FORWARD_TRAINING, x.cols())
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
                .i(x.cols())
                .run();
    }

    @Override
    protected void batchNormForwardInferenceUnchecked(
            Tensor x,
            Tensor gamma,
            Tensor beta,
            float eps,
            Tensor runningMean,
            Tensor runningVar,
            Activation activation,
            Tensor y) {
        perItem(Kernel.BATCH_NORM_FORWARD_INFERENCE, x.size())
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
                .i(size(x))
                .run();
    }

    @Override
    protected void batchNormBackwardUnchecked(
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
        // The identity's derivative reads neither y nor a, which may then be null; x stands in for the unused
        // arguments.
        perItem(Kernel.BATCH_NORM_BACKWARD, x.cols())
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
                .i(x.cols())
                .run();
    }

    // ---- dropout ------------------------------------------------------------------------

    @Override
    protected void dropoutForwardUnchecked(Tensor x, float p, long seed, long stream, Tensor mask, Tensor y) {
        dropout(x, p, seed, stream, null, mask, y);
    }

    @Override
    protected void dropoutForwardUnchecked(
            Tensor x, float p, long seed, long streamBase, Tensor clock, Tensor mask, Tensor y) {
        dropout(x, p, seed, streamBase, clock, mask, y);
    }

    /**
     * The dropout kernel: stream {@code stream + clock[1]·streamPerStep}. Without a clock, streamPerStep
     * is 0 and the status buffer stands in for the clock the kernel then never reads.
     */
    private void dropout(Tensor x, float p, long seed, long stream, Tensor clock, Tensor mask, Tensor y) {
        KernelArguments launch =
                perItem(Kernel.DROPOUT_FORWARD, x.size()).tensor(x).ulong(seed).ulong(stream);
        (clock != null ? launch.tensor(clock) : launch.tensorAt(status, 0))
                .ulong(clock != null ? 1L << 16 : 0)
                .i(Philox.dropoutThreshold(p))
                .f(Philox.dropoutScale(p))
                .tensor(mask)
                .tensor(y)
                .i(size(x))
                .run();
    }

    @Override
    protected void multiplyUnchecked(Tensor a, Tensor b, Tensor out) {
        perItem(Kernel.MULTIPLY, a.size())
                .tensor(a)
                .tensor(b)
                .tensor(out)
                .i(size(a))
                .run();
    }

    // ---- losses -------------------------------------------------------------------------

    @Override
    protected void softmaxCrossEntropyUnchecked(
            Tensor logits, Tensor labels, Tensor dLogits, Tensor lossSum, Tensor correctSum) {
        // Without correctSum the kernel never touches it; lossSum stands in for the unused argument.
        oneGroup(Kernel.SOFTMAX_CROSS_ENTROPY)
                .tensor(logits)
                .tensor(labels)
                .tensor(dLogits)
                .tensor(lossSum)
                .tensor(correctSum != null ? correctSum : lossSum)
                .i(correctSum != null)
                .i(logits.rows())
                .i(logits.cols())
                .buffer(status)
                .run();
    }

    @Override
    protected void sigmoidBinaryCrossEntropyUnchecked(Tensor logits, Tensor targets, Tensor dLogits, Tensor lossSum) {
        oneGroup(Kernel.SIGMOID_BINARY_CROSS_ENTROPY)
                .tensor(logits)
                .tensor(targets)
                .tensor(dLogits)
                .tensor(lossSum)
                .i(logits.rows())
                .run();
    }

    @Override
    protected void meanSquaredErrorUnchecked(Tensor predictions, Tensor targets, Tensor dPredictions, Tensor lossSum) {
        oneGroup(Kernel.MEAN_SQUARED_ERROR)
                .tensor(predictions)
                .tensor(targets)
                .tensor(dPredictions)
                .tensor(lossSum)
                .i(predictions.rows())
                .i(predictions.cols())
                .run();
    }

    @Override
    protected void multiclassHingeUnchecked(
            Tensor scores, Tensor labels, float margin, Tensor dScores, Tensor lossSum) {
        oneGroup(Kernel.MULTICLASS_HINGE)
                .tensor(scores)
                .tensor(labels)
                .f(margin)
                .tensor(dScores)
                .tensor(lossSum)
                .i(scores.rows())
                .i(scores.cols())
                .buffer(status)
                .run();
    }

    @Override
    protected void softmaxUnchecked(Tensor logits, Tensor out) {
        perItem(Kernel.SOFTMAX_ROWS, logits.rows())
                .tensor(logits)
                .tensor(out)
                .i(logits.rows())
                .i(logits.cols())
                .run();
    }

    @Override
    protected void argmaxRowsUnchecked(Tensor scores, Tensor out) {
        perItem(Kernel.ARGMAX_ROWS, scores.rows())
                .tensor(scores)
                .tensor(out)
                .i(scores.rows())
                .i(scores.cols())
                .run();
    }

    @Override
    protected void countCorrectUnchecked(Tensor scores, Tensor labels, Tensor correctSum) {
        oneGroup(Kernel.COUNT_CORRECT)
                .tensor(scores)
                .tensor(labels)
                .tensor(correctSum)
                .i(scores.rows())
                .i(scores.cols())
                .run();
    }

    // ---- optimizer ----------------------------------------------------------------------

    @Override
    protected void optimizerUpdateUnchecked(
            UpdateRule rule,
            Tensor rates,
            Tensor clock,
            Tensor gradSquares,
            Tensor params,
            Tensor grads,
            Tensor state1,
            Tensor state2,
            long decayedCount) {
        // Rules with fewer state buffers never read the missing ones, nor an unclipped rule the
        // squares; params stands in for them.
        perItem(Kernel.OPTIMIZER_UPDATE, params.size())
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
                .buffer(status)
                .run();
    }

    @Override
    protected void advanceClockUnchecked(Tensor clock) {
        perItem(Kernel.ADVANCE_CLOCK, 1).tensor(clock).run();
    }

    @Override
    protected void clampColumnNormsUnchecked(Tensor w, float maxNorm) {
        perItem(Kernel.CLAMP_COLUMN_NORMS, w.cols())
                .tensor(w)
                .f(maxNorm)
                .i(w.rows())
                .i(w.cols())
                .run();
    }

    // ---- data movement and reductions ---------------------------------------------------

    @Override
    protected void gatherRowsUnchecked(Tensor src, Tensor indices, int first, Tensor dst) {
        gather(src, indices, null, 0, first, dst);
    }

    @Override
    protected void gatherRowsUnchecked(Tensor src, Tensor indices, Tensor clock, int rowsPerStep, Tensor dst) {
        gather(src, indices, clock, rowsPerStep, 0, dst);
    }

    /**
     * The gather kernel: rows from position {@code first + clock[0]·rowsPerStep} of {@code indices}.
     * Without a clock, rowsPerStep is 0 and the status buffer stands in for the clock the kernel then
     * never reads.
     */
    private void gather(Tensor src, Tensor indices, Tensor clock, int rowsPerStep, int first, Tensor dst) {
        KernelArguments launch = perItem(Kernel.GATHER_ROWS, dst.size())
                .tensor(src)
                .i(src.rows())
                .tensor(indices)
                .i(size(indices));
        (clock != null ? launch.tensor(clock) : launch.tensorAt(status, 0))
                .i(rowsPerStep)
                .i(first)
                .tensor(dst)
                .i(dst.rows())
                .i(dst.cols())
                .buffer(status)
                .run();
    }

    @Override
    protected void fillUnchecked(Tensor x, float value) {
        queueFill(x, value); // not empty: the front skips empty tensors
    }

    @Override
    protected void copyUnchecked(Tensor src, Tensor dst) {
        queueCopy(src, dst); // not empty: the front skips empty tensors
    }

    @Override
    protected void scaleUnchecked(Tensor x, float alpha) {
        perItem(Kernel.SCALE, x.size()).tensor(x).f(alpha).i(size(x)).run();
    }

    @Override
    protected void axpyUnchecked(float alpha, Tensor x, Tensor y) {
        perItem(Kernel.AXPY, x.size()).f(alpha).tensor(x).tensor(y).i(size(x)).run();
    }

    @Override
    protected void sumOfSquaresUnchecked(Tensor x, Tensor out) {
        oneGroup(Kernel.SUM_OF_SQUARES).tensor(x).tensor(out).i(size(x)).run();
    }

    @Override
    protected void countNonFiniteUnchecked(Tensor x, Tensor count) {
        oneGroup(Kernel.COUNT_NON_FINITE).tensor(x).tensor(count).i(size(x)).run();
    }

    // ---- lifetime -----------------------------------------------------------------------

    /** Before the front frees the buffers still open: everything queued must have run. */
    @Override
    protected void drainUnchecked() {
        waitForDevice();
    }

    @Override
    protected void closeUnchecked() {
        try {
            status.close();
        } finally {
            closeDevice();
        }
    }

    // ---- helpers ------------------------------------------------------------------------

    /** A launch of a {@link Shape#PER_ITEM} kernel over {@code items} work-items. */
    protected final KernelArguments perItem(Kernel kernel, long items) {
        return checkedLaunch(kernel, Shape.PER_ITEM, items);
    }

    /** A launch of a {@link Shape#ONE_GROUP} kernel. */
    protected final KernelArguments oneGroup(Kernel kernel) {
        return checkedLaunch(kernel, Shape.ONE_GROUP, 0);
    }

    private KernelArguments checkedLaunch(Kernel kernel, Shape shape, long items) {
        if (kernel.shape() != shape) {
            throw new IllegalStateException(kernel + " is a " + kernel.shape() + " kernel, not " + shape);
        }
        return launch(kernel, items);
    }

    /** Throws (once) what a kernel recorded in the status buffer, then clears it. */
    private void throwIfDeviceReportedBadInput() {
        int[] found = new int[DeviceStatus.LENGTH];
        download(status, 0, found, 0, DeviceStatus.LENGTH);
        RuntimeException bad = DeviceStatus.exception(found, device);
        if (bad != null) {
            queueClear(status);
            throw bad;
        }
    }

    /**
     * {@code buffer} as the device's own kind of buffer; anything else is a bug (the contracts admit only
     * this backend's tensors).
     */
    protected static <B extends DeviceBuffer> B requireType(Class<B> type, DeviceBuffer buffer) {
        if (!type.isInstance(buffer)) {
            throw new IllegalArgumentException("expected a " + type.getSimpleName() + ", got " + buffer);
        }
        return type.cast(buffer);
    }

    /** A tensor's size as the int the kernels take. */
    protected static int size(Tensor t) {
        return Math.toIntExact(t.size());
    }
}
