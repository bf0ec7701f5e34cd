package io.jmlp.opencl;

import static io.jmlp.backend.KernelCodes.activationCode;
import static io.jmlp.backend.KernelCodes.ruleCode;
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
import static org.jocl.CL.clReleaseMemObject;

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
import org.jocl.CL;
import org.jocl.Pointer;
import org.jocl.Sizeof;
import org.jocl.blast.CLBlast;
import org.jocl.blast.CLBlastLayout;
import org.jocl.blast.CLBlastStatusCode;
import org.jocl.blast.CLBlastTranspose;
import org.jocl.cl_command_queue;
import org.jocl.cl_context;
import org.jocl.cl_device_id;
import org.jocl.cl_mem;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The OpenCL backend: one context and one in-order queue on one device, GEMM through CLBlast
 * (which caches its compiled kernels per context, so the context lives as long as the backend),
 * every other op one of our kernels from {@code src/main/resources/io/jmlp/opencl/*.cl}, built
 * once when the backend opens.
 *
 * <p>Ops only enqueue work. Uploads and downloads block (so the caller's arrays are free to reuse
 * when they return). Bad input that only the device can see (a label or row index out of range)
 * is recorded by the kernel in a small status buffer and thrown at the next {@link #read} or
 * {@link #synchronize()}, the points where the host waits anyway.
 */
public final class OpenClBackend implements Backend {
    private static final Logger log = LoggerFactory.getLogger(OpenClBackend.class);

    /** Status codes of status.cl. */
    private final OpenClDevice device;

    private final cl_context context;
    private final cl_command_queue queue;
    private final KernelPrograms kernels;
    /** {code, value, position, limit} of the first bad input a kernel found; zeros when none. */
    private final cl_mem status;

    private final LiveBuffers live = new LiveBuffers();
    private boolean closed;

    /**
     * Opens a context, a queue and our kernels on {@code device}; throws (having released what it made) on failure.
     * The queue comes from {@code clCreateCommandQueue}, deprecated since OpenCL 2.0 but the only call
     * that OpenCL 1.2 devices (still common) offer.
     */
    @SuppressWarnings("deprecation")
    OpenClBackend(OpenClDevice device) {
        CL.setExceptionsEnabled(true);
        CLBlast.setExceptionsEnabled(false); // we check CLBlast's status codes ourselves and name them
        this.device = device;
        cl_device_id[] ids = {device.device()};
        org.jocl.cl_context_properties properties = new org.jocl.cl_context_properties();
        properties.addProperty(CL.CL_CONTEXT_PLATFORM, device.platform());
        this.context = clCreateContext(properties, 1, ids, null, null, null);
        cl_command_queue createdQueue = null;
        KernelPrograms createdKernels = null;
        cl_mem createdStatus = null;
        try {
            createdQueue = clCreateCommandQueue(context, device.device(), 0, null);
            createdKernels = new KernelPrograms(context, device);
            createdStatus = clCreateBuffer(context, CL_MEM_READ_WRITE, 4L * Sizeof.cl_int, null, null);
            clEnqueueFillBuffer(
                    createdQueue,
                    createdStatus,
                    Pointer.to(new int[] {0}),
                    Sizeof.cl_int,
                    0,
                    4L * Sizeof.cl_int,
                    0,
                    null,
                    null);
        } catch (RuntimeException e) {
            if (createdKernels != null) {
                createdKernels.close();
            }
            if (createdStatus != null) {
                clReleaseMemObject(createdStatus);
            }
            if (createdQueue != null) {
                clReleaseCommandQueue(createdQueue);
            }
            clReleaseContext(context);
            throw e;
        }
        this.queue = createdQueue;
        this.kernels = createdKernels;
        this.status = createdStatus;
    }

    @Override
    public String name() {
        return "opencl";
    }

    @Override
    public String deviceDescription() {
        return device.describe();
    }

    // ---- memory -------------------------------------------------------------------------

    @Override
    public synchronized DeviceBuffer allocate(DType dtype, long length) {
        OpContracts.allocation(this, live, dtype, length, Integer.MAX_VALUE - 8);
        long bytes = Math.max(1, length) * dtype.bytes(); // OpenCL forbids empty buffers
        cl_mem mem;
        try {
            mem = clCreateBuffer(context, CL_MEM_READ_WRITE, bytes, null, null);
        } catch (org.jocl.CLException e) {
            throw new IllegalStateException(
                    "cannot allocate " + length + " " + dtype + " elements (" + bytes + " bytes) on "
                            + device.describe() + ": " + e.getMessage(),
                    e);
        }
        clEnqueueFillBuffer(queue, mem, Pointer.to(new int[] {0}), Sizeof.cl_int, 0, bytes, 0, null, null);
        return new ClBuffer(dtype, length, mem, live);
    }

    // Every op, transfer and close holds this backend's monitor, so a close from another thread waits for
    // a running op, and later ops see the backend closed instead of handing freed memory to the driver.

    @Override
    public synchronized void write(Tensor dst, float[] src, int srcOffset) {
        OpContracts.transfer(this, "write(float[])", dst, DType.FLOAT32, src.length, srcOffset);
        if (dst.size() > 0) {
            clEnqueueWriteBuffer(
                    queue,
                    mem(dst),
                    CL_TRUE,
                    byteOffset(dst),
                    byteSize(dst),
                    Pointer.to(src).withByteOffset((long) srcOffset * Sizeof.cl_float),
                    0,
                    null,
                    null);
        }
    }

    @Override
    public synchronized void write(Tensor dst, int[] src, int srcOffset) {
        OpContracts.transfer(this, "write(int[])", dst, DType.INT32, src.length, srcOffset);
        if (dst.size() > 0) {
            clEnqueueWriteBuffer(
                    queue,
                    mem(dst),
                    CL_TRUE,
                    byteOffset(dst),
                    byteSize(dst),
                    Pointer.to(src).withByteOffset((long) srcOffset * Sizeof.cl_int),
                    0,
                    null,
                    null);
        }
    }

    @Override
    public synchronized void read(Tensor src, float[] dst, int dstOffset) {
        OpContracts.transfer(this, "read(float[])", src, DType.FLOAT32, dst.length, dstOffset);
        if (src.size() > 0) {
            clEnqueueReadBuffer(
                    queue,
                    mem(src),
                    CL_TRUE,
                    byteOffset(src),
                    byteSize(src),
                    Pointer.to(dst).withByteOffset((long) dstOffset * Sizeof.cl_float),
                    0,
                    null,
                    null);
        }
        throwIfDeviceReportedBadInput();
    }

    @Override
    public synchronized void read(Tensor src, int[] dst, int dstOffset) {
        OpContracts.transfer(this, "read(int[])", src, DType.INT32, dst.length, dstOffset);
        if (src.size() > 0) {
            clEnqueueReadBuffer(
                    queue,
                    mem(src),
                    CL_TRUE,
                    byteOffset(src),
                    byteSize(src),
                    Pointer.to(dst).withByteOffset((long) dstOffset * Sizeof.cl_int),
                    0,
                    null,
                    null);
        }
        throwIfDeviceReportedBadInput();
    }

    @Override
    public synchronized void synchronize() {
        live.requireOpen("synchronize");
        clFinish(queue);
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
        int m = c.rows();
        int n = c.cols();
        int k = transposeA ? a.rows() : a.cols();
        if (m == 0 || n == 0) {
            return;
        }
        if (k == 0) { // an empty product: C = βC, which BLAS libraries do not all accept
            if (beta == 0f) {
                fill(c, 0f);
            } else {
                scale(c, beta);
            }
            return;
        }
        int result = CLBlast.CLBlastSgemm(
                CLBlastLayout.CLBlastLayoutRowMajor,
                transposeA ? CLBlastTranspose.CLBlastTransposeYes : CLBlastTranspose.CLBlastTransposeNo,
                transposeB ? CLBlastTranspose.CLBlastTransposeYes : CLBlastTranspose.CLBlastTransposeNo,
                m,
                n,
                k,
                alpha,
                mem(a),
                a.offset(),
                a.cols(),
                mem(b),
                b.offset(),
                b.cols(),
                beta,
                mem(c),
                c.offset(),
                c.cols(),
                queue,
                null);
        if (result != CLBlastStatusCode.CLBlastSuccess) {
            throw new IllegalStateException("CLBlast SGEMM " + m + "×" + n + "×" + k + " failed on " + device.describe()
                    + ": " + CLBlastStatusCode.stringFor(result) + " (" + result + ")");
        }
    }

    @Override
    public synchronized void sumRows(Tensor x, float beta, Tensor out) {
        OpContracts.sumRows(this, x, out);
        call("sum_rows").tensor(x).f(beta).tensor(out).i(x.rows()).i(x.cols()).run(x.cols());
    }

    // ---- activations --------------------------------------------------------------------

    @Override
    public synchronized void biasActivationForward(Tensor z, Tensor bias, Activation activation, Tensor a) {
        OpContracts.biasActivationForward(this, z, bias, activation, a);
        KernelCall call = call("bias_activation_forward").tensor(z);
        // Without a bias the kernel never reads it; z stands in for the unused argument.
        call = bias != null ? call.tensor(bias).i(true) : call.tensor(z).i(false);
        call.i(activationCode(activation))
                .f(activation.alpha())
                .tensor(a)
                .i(z.cols())
                .i(size(z))
                .run(z.size());
    }

    @Override
    public synchronized void activationBackward(Activation activation, Tensor z, Tensor a, Tensor da, Tensor dz) {
        OpContracts.activationBackward(this, z, a, da, dz);
        call("activation_backward")
                .i(activationCode(activation))
                .f(activation.alpha())
                .tensor(z)
                .tensor(a)
                .tensor(da)
                .tensor(dz)
                .i(size(z))
                .run(z.size());
    }

    @Override
    public synchronized void preluForward(Tensor x, Tensor slope, Tensor y) {
        OpContracts.preluForward(this, x, slope, y);
        call("prelu_forward")
                .tensor(x)
                .tensor(slope)
                .i(slope.cols())
                .tensor(y)
                .i(x.cols())
                .i(size(x))
                .run(x.size());
    }

    @Override
    public synchronized void preluBackward(Tensor x, Tensor slope, Tensor dy, Tensor dx, Tensor dSlope) {
        OpContracts.preluBackward(this, x, slope, dy, dx, dSlope);
        // The slope gradient reads x and dy, so it runs before dx is written (dx may alias dy).
        if (slope.cols() == 1) {
            call("prelu_slope_grad_shared")
                    .tensor(x)
                    .tensor(dy)
                    .tensor(dSlope)
                    .i(size(x))
                    .runOneGroup(kernels.reduceGroup());
        } else {
            call("prelu_slope_grad_columns")
                    .tensor(x)
                    .tensor(dy)
                    .tensor(dSlope)
                    .i(x.rows())
                    .i(x.cols())
                    .run(x.cols());
        }
        call("prelu_backward_input")
                .tensor(x)
                .tensor(slope)
                .i(slope.cols())
                .tensor(dy)
                .tensor(dx)
                .i(x.cols())
                .i(size(x))
                .run(x.size());
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
        call("batch_norm_forward_training")
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
                .run(x.cols());
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
        call("batch_norm_forward_inference")
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
                .run(x.size());
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
        // The identity's derivative reads neither y nor a, which may then be null; x stands in for the unused buffers.
        call("batch_norm_backward")
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
                .run(x.cols());
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
        dropout(x, p, seed, streamBase, mem(clock), Math.toIntExact(clock.offset()), 1L << 16, mask, y);
    }

    /** dropout.cl's kernel: stream {@code stream + clock[1]·streamPerStep}. */
    private void dropout(
            Tensor x,
            float p,
            long seed,
            long stream,
            cl_mem clock,
            int clockOffset,
            long streamPerStep,
            Tensor mask,
            Tensor y) {
        call("dropout_forward")
                .tensor(x)
                .ulong(seed)
                .ulong(stream)
                .mem(clock)
                .i(clockOffset)
                .ulong(streamPerStep)
                .i(Philox.dropoutThreshold(p))
                .f(Philox.dropoutScale(p))
                .tensor(mask)
                .tensor(y)
                .i(size(x))
                .run(x.size());
    }

    @Override
    public synchronized void multiply(Tensor a, Tensor b, Tensor out) {
        OpContracts.multiply(this, a, b, out);
        call("multiply").tensor(a).tensor(b).tensor(out).i(size(a)).run(a.size());
    }

    // ---- losses -------------------------------------------------------------------------

    @Override
    public synchronized void softmaxCrossEntropy(
            Tensor logits, Tensor labels, Tensor dLogits, Tensor lossSum, Tensor correctSum) {
        OpContracts.softmaxCrossEntropy(this, logits, labels, dLogits, lossSum, correctSum);
        // Without correctSum the kernel never touches it; lossSum stands in for the unused buffer.
        call("softmax_cross_entropy")
                .tensor(logits)
                .tensor(labels)
                .tensor(dLogits)
                .tensor(lossSum)
                .tensor(correctSum != null ? correctSum : lossSum)
                .i(correctSum != null)
                .i(logits.rows())
                .i(logits.cols())
                .mem(status)
                .runOneGroup(kernels.reduceGroup());
    }

    @Override
    public synchronized void sigmoidBinaryCrossEntropy(Tensor logits, Tensor targets, Tensor dLogits, Tensor lossSum) {
        OpContracts.binaryLoss(this, logits, targets, dLogits, lossSum);
        call("sigmoid_binary_cross_entropy")
                .tensor(logits)
                .tensor(targets)
                .tensor(dLogits)
                .tensor(lossSum)
                .i(logits.rows())
                .runOneGroup(kernels.reduceGroup());
    }

    @Override
    public synchronized void meanSquaredError(Tensor predictions, Tensor targets, Tensor dPredictions, Tensor lossSum) {
        OpContracts.targetLoss(this, "meanSquaredError", predictions, targets, dPredictions, lossSum);
        call("mean_squared_error")
                .tensor(predictions)
                .tensor(targets)
                .tensor(dPredictions)
                .tensor(lossSum)
                .i(predictions.rows())
                .i(predictions.cols())
                .runOneGroup(kernels.reduceGroup());
    }

    @Override
    public synchronized void multiclassHinge(
            Tensor scores, Tensor labels, float margin, Tensor dScores, Tensor lossSum) {
        OpContracts.classLoss(this, "multiclassHinge", scores, labels, dScores, lossSum);
        call("multiclass_hinge")
                .tensor(scores)
                .tensor(labels)
                .f(margin)
                .tensor(dScores)
                .tensor(lossSum)
                .i(scores.rows())
                .i(scores.cols())
                .mem(status)
                .runOneGroup(kernels.reduceGroup());
    }

    @Override
    public synchronized void softmax(Tensor logits, Tensor out) {
        OpContracts.softmax(this, logits, out);
        call("softmax_rows")
                .tensor(logits)
                .tensor(out)
                .i(logits.rows())
                .i(logits.cols())
                .run(logits.rows());
    }

    @Override
    public synchronized void argmaxRows(Tensor scores, Tensor out) {
        OpContracts.argmaxRows(this, scores, out);
        call("argmax_rows")
                .tensor(scores)
                .tensor(out)
                .i(scores.rows())
                .i(scores.cols())
                .run(scores.rows());
    }

    @Override
    public synchronized void countCorrect(Tensor scores, Tensor labels, Tensor correctSum) {
        OpContracts.countCorrect(this, scores, labels, correctSum);
        call("count_correct")
                .tensor(scores)
                .tensor(labels)
                .tensor(correctSum)
                .i(scores.rows())
                .i(scores.cols())
                .runOneGroup(kernels.reduceGroup());
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
        call("optimizer_update")
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
                .mem(status)
                .run(params.size());
    }

    @Override
    public synchronized void advanceClock(Tensor clock) {
        OpContracts.advanceClock(this, clock);
        call("advance_clock").tensor(clock).run(1);
    }

    @Override
    public synchronized void clampColumnNorms(Tensor w, float maxNorm) {
        OpContracts.clampColumnNorms(this, w, maxNorm);
        call("clamp_column_norms").tensor(w).f(maxNorm).i(w.rows()).i(w.cols()).run(w.cols());
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
        gather(src, indices, mem(clock), Math.toIntExact(clock.offset()), rowsPerStep, 0, dst);
    }

    /** gather.cl's kernel: rows from position {@code first + clock[0]·rowsPerStep} of {@code indices}. */
    private void gather(
            Tensor src, Tensor indices, cl_mem clock, int clockOffset, int rowsPerStep, int first, Tensor dst) {
        call("gather_rows")
                .tensor(src)
                .i(src.rows())
                .tensor(indices)
                .i(size(indices))
                .mem(clock)
                .i(clockOffset)
                .i(rowsPerStep)
                .i(first)
                .tensor(dst)
                .i(dst.rows())
                .i(dst.cols())
                .mem(status)
                .run(dst.size());
    }

    @Override
    public synchronized void fill(Tensor x, float value) {
        OpContracts.fill(this, x);
        call("fill").tensor(x).f(value).i(size(x)).run(x.size());
    }

    @Override
    public synchronized void copy(Tensor src, Tensor dst) {
        OpContracts.copy(this, src, dst);
        if (src.size() > 0) {
            clEnqueueCopyBuffer(
                    queue, mem(src), mem(dst), byteOffset(src), byteOffset(dst), byteSize(src), 0, null, null);
        }
    }

    @Override
    public synchronized void scale(Tensor x, float alpha) {
        OpContracts.elementwise(this, "scale", x);
        call("scale").tensor(x).f(alpha).i(size(x)).run(x.size());
    }

    @Override
    public synchronized void axpy(float alpha, Tensor x, Tensor y) {
        OpContracts.elementwise(this, "axpy", x, y);
        call("axpy").f(alpha).tensor(x).tensor(y).i(size(x)).run(x.size());
    }

    @Override
    public synchronized void sumOfSquares(Tensor x, Tensor out) {
        OpContracts.reduction(this, "sumOfSquares", x, out);
        call("sum_of_squares").tensor(x).tensor(out).i(size(x)).runOneGroup(kernels.reduceGroup());
    }

    @Override
    public synchronized void countNonFinite(Tensor x, Tensor count) {
        OpContracts.reduction(this, "countNonFinite", x, count);
        call("count_non_finite").tensor(x).tensor(count).i(size(x)).runOneGroup(kernels.reduceGroup());
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
            clFinish(queue);
        } finally {
            int leftover = live.closeLeftovers();
            if (leftover > 0) {
                log.warn("closed the OpenCL backend with {} buffer(s) still open; freed them", leftover);
            }
            kernels.close();
            clReleaseMemObject(status);
            clReleaseCommandQueue(queue);
            clReleaseContext(context);
        }
    }

    // ---- helpers ------------------------------------------------------------------------

    private KernelCall call(String kernel) {
        if (closed) {
            throw new IllegalStateException("the OpenCL backend on " + device.describe() + " was already closed");
        }
        return new KernelCall(queue, kernels.kernel(kernel));
    }

    /** Throws (once) what a kernel recorded in the status buffer, then clears it. */
    private void throwIfDeviceReportedBadInput() {
        int[] found = new int[DeviceStatus.LENGTH];
        clEnqueueReadBuffer(
                queue,
                status,
                CL_TRUE,
                0,
                (long) DeviceStatus.LENGTH * Sizeof.cl_int,
                Pointer.to(found),
                0,
                null,
                null);
        RuntimeException bad = DeviceStatus.exception(found, "OpenCL");
        if (bad != null) {
            clEnqueueFillBuffer(
                    queue,
                    status,
                    Pointer.to(new int[] {0}),
                    Sizeof.cl_int,
                    0,
                    (long) DeviceStatus.LENGTH * Sizeof.cl_int,
                    0,
                    null,
                    null);
            throw bad;
        }
    }

    private static cl_mem mem(Tensor t) {
        return ((ClBuffer) t.buffer()).mem;
    }

    private static long byteOffset(Tensor t) {
        return t.offset() * t.dtype().bytes();
    }

    private static long byteSize(Tensor t) {
        return t.size() * t.dtype().bytes();
    }

    private static int size(Tensor t) {
        return Math.toIntExact(t.size());
    }
}
