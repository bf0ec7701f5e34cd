package io.jmlp.backend;

/**
 * The argument checks of every {@link Backend} op, written once: one static method per op (or per
 * family: {@link #elementwise}, {@link #reduction}, {@link #classLoss}, {@link #targetLoss}), whose
 * messages begin with the op's name. {@link CheckedBackend} calls the check of each op before its
 * hook, so shape and type errors read the same on every device and are never silent memory
 * corruption on one of them; a backend never calls these itself.
 */
public final class OpContracts {
    private OpContracts() {}

    public static void gemm(Backend backend, boolean transposeA, boolean transposeB, Tensor a, Tensor b, Tensor c) {
        floats(backend, "gemm", a);
        floats(backend, "gemm", b);
        floats(backend, "gemm", c);
        int m = transposeA ? a.cols() : a.rows();
        int k = transposeA ? a.rows() : a.cols();
        int kb = transposeB ? b.cols() : b.rows();
        int n = transposeB ? b.rows() : b.cols();
        if (k != kb || c.rows() != m || c.cols() != n) {
            throw new IllegalArgumentException("gemm shapes do not agree: op(A) = " + m + "×" + k + ", op(B) = " + kb
                    + "×" + n + ", C = " + c.rows() + "×" + c.cols() + " (A " + a + (transposeA ? "ᵀ" : "")
                    + ", B " + b + (transposeB ? "ᵀ" : "") + ")");
        }
        distinct("gemm", c, a);
        distinct("gemm", c, b);
    }

    public static void sumRows(Backend backend, Tensor x, Tensor out) {
        floats(backend, "sumRows", x);
        floats(backend, "sumRows", out);
        rowVector("sumRows", out, x.cols());
    }

    public static void biasActivationForward(Backend backend, Tensor z, Tensor bias, Activation activation, Tensor a) {
        floats(backend, "biasActivationForward", z);
        floats(backend, "biasActivationForward", a);
        sameShape("biasActivationForward", z, a);
        if (bias != null) {
            floats(backend, "biasActivationForward", bias);
            rowVector("biasActivationForward (bias)", bias, z.cols());
        }
        if (a.sameView(z) && activation.kind() != Activation.Kind.IDENTITY) {
            throw new IllegalArgumentException(
                    "biasActivationForward: a may alias z only for the identity, got " + activation);
        }
    }

    public static void activationBackward(Backend backend, Tensor z, Tensor a, Tensor da, Tensor dz) {
        floats(backend, "activationBackward", z);
        floats(backend, "activationBackward", a);
        floats(backend, "activationBackward", da);
        floats(backend, "activationBackward", dz);
        sameShape("activationBackward", z, a);
        sameShape("activationBackward", z, da);
        sameShape("activationBackward", z, dz);
    }

    public static void preluForward(Backend backend, Tensor x, Tensor slope, Tensor y) {
        floats(backend, "preluForward", x);
        floats(backend, "preluForward", slope);
        floats(backend, "preluForward", y);
        sameShape("preluForward", x, y);
        slopeShape("preluForward", slope, x);
    }

    public static void preluBackward(Backend backend, Tensor x, Tensor slope, Tensor dy, Tensor dx, Tensor dSlope) {
        floats(backend, "preluBackward", x);
        floats(backend, "preluBackward", slope);
        floats(backend, "preluBackward", dy);
        floats(backend, "preluBackward", dx);
        floats(backend, "preluBackward", dSlope);
        sameShape("preluBackward", x, dy);
        sameShape("preluBackward", x, dx);
        slopeShape("preluBackward", slope, x);
        sameShape("preluBackward (dSlope)", slope, dSlope);
    }

    private static void slopeShape(String op, Tensor slope, Tensor x) {
        if (slope.rows() != 1 || (slope.cols() != 1 && slope.cols() != x.cols())) {
            throw new IllegalArgumentException(
                    op + ": the PReLU slope must be [1 × 1] or [1 × " + x.cols() + "], got " + slope);
        }
    }

    public static void batchNormTraining(
            Backend backend,
            Tensor x,
            Tensor gamma,
            Tensor beta,
            Tensor runningMean,
            Tensor runningVar,
            Activation activation,
            Tensor y,
            Tensor a,
            Tensor savedMean,
            Tensor savedInvStd) {
        String op = "batchNormForwardTraining";
        floats(backend, op, x);
        floats(backend, op, gamma);
        floats(backend, op, beta);
        floats(backend, op, runningMean);
        floats(backend, op, runningVar);
        floats(backend, op, y);
        floats(backend, op, a);
        floats(backend, op, savedMean);
        floats(backend, op, savedInvStd);
        activation(op, activation);
        sameShape(op, x, y);
        sameShape("batchNormForwardTraining (a)", x, a);
        rowVector(op, gamma, x.cols());
        rowVector(op, beta, x.cols());
        rowVector(op, runningMean, x.cols());
        rowVector(op, runningVar, x.cols());
        rowVector(op, savedMean, x.cols());
        rowVector(op, savedInvStd, x.cols());
        // The backward pass needs y (the pre-activation) as well as a = f(y): one may stand for the
        // other only where they are equal.
        if (a.sameView(y)) {
            if (activation.kind() != Activation.Kind.IDENTITY) {
                throw new IllegalArgumentException(op + ": a may be the same view as y only for the identity, got "
                        + activation + "; give a its own tensor (the backward pass reads y)");
            }
        } else {
            distinct("batchNormForwardTraining (a and y)", a, y);
        }
        if (x.rows() < 1) {
            throw new IllegalArgumentException(op + " needs at least one row");
        }
    }

    public static void batchNormInference(
            Backend backend,
            Tensor x,
            Tensor gamma,
            Tensor beta,
            Tensor runningMean,
            Tensor runningVar,
            Activation activation,
            Tensor y) {
        String op = "batchNormForwardInference";
        floats(backend, op, x);
        floats(backend, op, gamma);
        floats(backend, op, beta);
        floats(backend, op, runningMean);
        floats(backend, op, runningVar);
        floats(backend, op, y);
        activation(op, activation);
        sameShape(op, x, y);
        rowVector(op, gamma, x.cols());
        rowVector(op, beta, x.cols());
        rowVector(op, runningMean, x.cols());
        rowVector(op, runningVar, x.cols());
    }

    public static void batchNormBackward(
            Backend backend,
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
        String op = "batchNormBackward";
        floats(backend, op, x);
        activation(op, activation);
        // f'(y) reads y and a; the identity's derivative reads neither, so it may go without them.
        if (activation.kind() != Activation.Kind.IDENTITY || y != null || a != null) {
            if (y == null || a == null) {
                throw new IllegalArgumentException(
                        op + ": " + activation + " needs y and a = f(y) from the forward pass (got "
                                + (y == null ? "y = null" : "y") + ", " + (a == null ? "a = null" : "a")
                                + "); only the identity may pass "
                                + "null, and then for both");
            }
            floats(backend, op, y);
            floats(backend, op, a);
            sameShape("batchNormBackward (y)", x, y);
            sameShape("batchNormBackward (a)", x, a);
        }
        floats(backend, op, da);
        floats(backend, op, gamma);
        floats(backend, op, savedMean);
        floats(backend, op, savedInvStd);
        floats(backend, op, dx);
        floats(backend, op, dGamma);
        floats(backend, op, dBeta);
        sameShape("batchNormBackward (da)", x, da);
        sameShape("batchNormBackward (dx)", x, dx);
        rowVector(op, gamma, x.cols());
        rowVector(op, savedMean, x.cols());
        rowVector(op, savedInvStd, x.cols());
        rowVector(op, dGamma, x.cols());
        rowVector(op, dBeta, x.cols());
    }

    /** The step-clock form of {@link #dropoutForward(Backend, Tensor, float, Tensor, Tensor)}. */
    public static void dropoutForward(Backend backend, Tensor x, float p, Tensor clock, Tensor mask, Tensor y) {
        clock(backend, "dropoutForward", clock);
        dropoutForward(backend, x, p, mask, y);
    }

    public static void dropoutForward(Backend backend, Tensor x, float p, Tensor mask, Tensor y) {
        floats(backend, "dropoutForward", x);
        floats(backend, "dropoutForward", mask);
        floats(backend, "dropoutForward", y);
        sameShape("dropoutForward", x, mask);
        sameShape("dropoutForward", x, y);
        if (!(p >= 0f && p < 1f)) {
            throw new IllegalArgumentException("dropoutForward: the dropout probability must be in [0, 1), got " + p);
        }
    }

    public static void multiply(Backend backend, Tensor a, Tensor b, Tensor out) {
        floats(backend, "multiply", a);
        floats(backend, "multiply", b);
        floats(backend, "multiply", out);
        sameShape("multiply", a, b);
        sameShape("multiply", a, out);
    }

    /** Softmax cross-entropy, and the optional count of rows classified right ({@code correctSum}, may be null). */
    public static void softmaxCrossEntropy(
            Backend backend, Tensor logits, Tensor labels, Tensor dLogits, Tensor lossSum, Tensor correctSum) {
        classLoss(backend, "softmaxCrossEntropy", logits, labels, dLogits, lossSum);
        if (correctSum != null) {
            floats(backend, "softmaxCrossEntropy (correctSum)", correctSum);
            scalar("softmaxCrossEntropy (correctSum)", correctSum);
            distinct("softmaxCrossEntropy (correctSum and lossSum)", correctSum, lossSum);
            distinct("softmaxCrossEntropy (correctSum and dLogits)", correctSum, dLogits);
        }
    }

    /** Losses on class labels: softmax cross-entropy, multiclass hinge. */
    public static void classLoss(
            Backend backend, String op, Tensor scores, Tensor labels, Tensor dScores, Tensor lossSum) {
        floats(backend, op, scores);
        floats(backend, op, dScores);
        floats(backend, op, lossSum);
        labels(backend, op, labels, scores.rows());
        sameShape(op, scores, dScores);
        scalar(op, lossSum);
    }

    /** Losses on float targets: binary cross-entropy, mean squared error. */
    public static void targetLoss(
            Backend backend, String op, Tensor outputs, Tensor targets, Tensor dOutputs, Tensor lossSum) {
        floats(backend, op, outputs);
        floats(backend, op, targets);
        floats(backend, op, dOutputs);
        floats(backend, op, lossSum);
        sameShape(op, outputs, targets);
        sameShape(op, outputs, dOutputs);
        scalar(op, lossSum);
    }

    public static void binaryLoss(Backend backend, Tensor logits, Tensor targets, Tensor dLogits, Tensor lossSum) {
        targetLoss(backend, "sigmoidBinaryCrossEntropy", logits, targets, dLogits, lossSum);
        if (logits.cols() != 1) {
            throw new IllegalArgumentException("sigmoidBinaryCrossEntropy needs one output column, got " + logits);
        }
    }

    public static void softmax(Backend backend, Tensor logits, Tensor out) {
        floats(backend, "softmax", logits);
        floats(backend, "softmax", out);
        sameShape("softmax", logits, out);
    }

    public static void argmaxRows(Backend backend, Tensor scores, Tensor out) {
        floats(backend, "argmaxRows", scores);
        labels(backend, "argmaxRows", out, scores.rows());
    }

    public static void countCorrect(Backend backend, Tensor scores, Tensor labels, Tensor correctSum) {
        floats(backend, "countCorrect", scores);
        floats(backend, "countCorrect", correctSum);
        labels(backend, "countCorrect", labels, scores.rows());
        scalar("countCorrect", correctSum);
    }

    public static void optimizerUpdate(
            Backend backend,
            UpdateRule rule,
            Tensor rates,
            Tensor clock,
            Tensor gradSquares,
            Tensor params,
            Tensor grads,
            Tensor state1,
            Tensor state2,
            long decayedCount) {
        floats(backend, "optimizerUpdate", params);
        floats(backend, "optimizerUpdate", grads);
        sameSize("optimizerUpdate (grads)", params, grads);
        floats(backend, "optimizerUpdate (rates)", rates);
        if (rates.cols() != UpdateRule.RATE_COLUMNS || rates.rows() < 1) {
            throw new IllegalArgumentException("optimizerUpdate needs a rate table [rows × " + UpdateRule.RATE_COLUMNS
                    + "] (learning rate, c1, c2 per step), got " + rates);
        }
        clock(backend, "optimizerUpdate", clock);
        if (rule.clips()) {
            if (gradSquares == null) {
                throw new IllegalArgumentException(
                        "optimizerUpdate: the rule clips gradients to norm " + rule.clipNorm()
                                + ", so it needs their sum of squares (gradSquares, from sumOfSquares); it is null");
            }
            floats(backend, "optimizerUpdate (gradSquares)", gradSquares);
            scalar("optimizerUpdate (gradSquares)", gradSquares);
        } else if (gradSquares != null) {
            throw new IllegalArgumentException(
                    "optimizerUpdate: gradSquares given, but the rule does not clip (clipNorm 0)");
        }
        int needed = rule.kind().stateBuffers();
        if (needed >= 1) {
            stateBuffer(backend, rule, needed, 1, params, state1);
        }
        if (needed >= 2) {
            stateBuffer(backend, rule, needed, 2, params, state2);
        }
        if (decayedCount < 0 || decayedCount > params.size()) {
            throw new IllegalArgumentException(
                    "optimizerUpdate: decayedCount " + decayedCount + " outside [0, " + params.size() + "]");
        }
    }

    public static void advanceClock(Backend backend, Tensor clock) {
        clock(backend, "advanceClock", clock);
    }

    /** The step clock (see {@link Backend}): an {@code int32 [1 × 2]} tensor. */
    private static void clock(Backend backend, String op, Tensor clock) {
        if (clock == null) {
            throw new IllegalArgumentException(op + ": the step clock is null");
        }
        onBackend(backend, op, clock);
        if (clock.dtype() != DType.INT32 || clock.rows() != 1 || clock.cols() != 2) {
            throw new IllegalArgumentException(op + " needs a step clock, an int32 [1 × 2] tensor "
                    + "{step within the epoch, step since training began}; got " + clock);
        }
    }

    private static void stateBuffer(
            Backend backend, UpdateRule rule, int needed, int index, Tensor params, Tensor state) {
        if (state == null) {
            throw new IllegalArgumentException("optimizerUpdate: " + rule.kind() + " needs " + needed
                    + " state buffer(s); state" + index + " is null");
        }
        floats(backend, "optimizerUpdate", state);
        if (params.size() != state.size()) {
            throw new IllegalArgumentException(
                    "optimizerUpdate (state" + index + "): sizes differ, " + params + " vs " + state);
        }
    }

    public static void clampColumnNorms(Backend backend, Tensor w, float maxNorm) {
        floats(backend, "clampColumnNorms", w);
        if (!(maxNorm > 0)) {
            throw new IllegalArgumentException("clampColumnNorms: the max-norm must be > 0, got " + maxNorm);
        }
    }

    public static void gatherRows(Backend backend, Tensor src, Tensor indices, int first, Tensor dst) {
        gatherShapes(backend, src, indices, dst);
        if (first < 0 || (long) first + dst.rows() > indices.size()) {
            throw new IllegalArgumentException("gatherRows: indices [" + first + ", " + (first + dst.rows())
                    + ") outside the " + indices.size() + " indices given");
        }
    }

    /** The step-clock form: the position is only known when the op runs, so the device checks it. */
    public static void gatherRows(
            Backend backend, Tensor src, Tensor indices, Tensor clock, int rowsPerStep, Tensor dst) {
        gatherShapes(backend, src, indices, dst);
        clock(backend, "gatherRows", clock);
        if (rowsPerStep < 0) {
            throw new IllegalArgumentException("gatherRows: rowsPerStep must be >= 0, got " + rowsPerStep);
        }
    }

    private static void gatherShapes(Backend backend, Tensor src, Tensor indices, Tensor dst) {
        onBackend(backend, "gatherRows", src);
        onBackend(backend, "gatherRows", indices);
        onBackend(backend, "gatherRows", dst);
        if (indices.dtype() != DType.INT32) {
            throw new IllegalArgumentException("gatherRows needs int32 indices, got " + indices);
        }
        if (src.dtype() != dst.dtype() || src.cols() != dst.cols()) {
            throw new IllegalArgumentException(
                    "gatherRows: src " + src + " and dst " + dst + " need the same dtype and columns");
        }
    }

    public static void fill(Backend backend, Tensor x) {
        floats(backend, "fill", x);
    }

    public static void copy(Backend backend, Tensor src, Tensor dst) {
        onBackend(backend, "copy", src);
        onBackend(backend, "copy", dst);
        if (src.dtype() != dst.dtype()) {
            throw new IllegalArgumentException("copy: dtypes differ, " + src + " → " + dst);
        }
        sameShape("copy", src, dst);
    }

    public static void elementwise(Backend backend, String op, Tensor x) {
        floats(backend, op, x);
    }

    public static void elementwise(Backend backend, String op, Tensor x, Tensor y) {
        floats(backend, op, x);
        floats(backend, op, y);
        sameShape(op, x, y);
    }

    public static void reduction(Backend backend, String op, Tensor x, Tensor out) {
        floats(backend, op, x);
        floats(backend, op, out);
        scalar(op, out);
    }

    /**
     * Before a backend allocates: its own registry {@code live} says it is open, and the size is
     * possible ({@code length} elements of {@code dtype}, at most {@code maxElements}).
     */
    public static void allocation(Backend backend, LiveBuffers live, DType dtype, long length, long maxElements) {
        live.requireOpen("allocate");
        if (length < 0 || length > maxElements) {
            throw new IllegalArgumentException("cannot allocate " + length + " " + dtype + " elements on '"
                    + backend.name() + "': the size must be in [0, " + maxElements + "]");
        }
    }

    /**
     * Before a copy between {@code t} and a host array: {@code t} is an open tensor of this backend of
     * {@code dtype}, and elements {@code [hostOffset, hostOffset + t.size())} lie inside the array.
     */
    public static void transfer(Backend backend, String op, Tensor t, DType dtype, int hostLength, int hostOffset) {
        onBackend(backend, op, t);
        if (t.dtype() != dtype) {
            throw new IllegalArgumentException(op + " needs a " + dtype + " tensor, got " + t);
        }
        if (hostOffset < 0 || hostOffset + t.size() > hostLength) {
            throw new IllegalArgumentException(op + ": " + t + " has " + t.size() + " elements, but the host array of "
                    + hostLength + " holds only " + Math.max(0, hostLength - (long) hostOffset) + " from offset "
                    + hostOffset);
        }
    }

    // ---- shared pieces ------------------------------------------------------------------

    // Every helper takes one tensor (or one pair): no varargs array and no message string is made
    // unless a check fails, so validating the ops of a training step allocates nothing.

    private static void onBackend(Backend backend, String op, Tensor t) {
        if (t == null) {
            throw new IllegalArgumentException(op + ": a required tensor is null");
        }
        if (t.backend() != backend) {
            throw new IllegalArgumentException(op + ": " + t + " lives on '"
                    + t.backend().name() + "', not on '" + backend.name() + "'; move it with Tensor.to(backend)");
        }
        t.buffer().liveBuffers().requireOpen(op);
        if (t.buffer().isClosed()) {
            throw new IllegalStateException(op + ": " + t + " was already closed");
        }
    }

    private static void floats(Backend backend, String op, Tensor t) {
        onBackend(backend, op, t);
        if (t.dtype() != DType.FLOAT32) {
            throw new IllegalArgumentException(op + " needs float32 tensors, got " + t);
        }
    }

    private static void activation(String op, Activation activation) {
        if (activation == null) {
            throw new IllegalArgumentException(
                    op + ": the activation must not be null (pass Activation.IDENTITY for none)");
        }
    }

    private static void labels(Backend backend, String op, Tensor labels, int rows) {
        onBackend(backend, op, labels);
        if (labels.dtype() != DType.INT32 || labels.rows() != rows || labels.cols() != 1) {
            throw new IllegalArgumentException(op + " needs int32 labels [" + rows + " × 1], got " + labels);
        }
    }

    private static void sameShape(String op, Tensor first, Tensor t) {
        if (t.rows() != first.rows() || t.cols() != first.cols()) {
            throw new IllegalArgumentException(op + ": shapes differ, " + first + " vs " + t);
        }
    }

    private static void sameSize(String op, Tensor a, Tensor b) {
        if (a.size() != b.size()) {
            throw new IllegalArgumentException(op + ": sizes differ, " + a + " vs " + b);
        }
    }

    private static void rowVector(String op, Tensor v, int cols) {
        if (v.rows() != 1 || v.cols() != cols) {
            throw new IllegalArgumentException(op + " needs a [1 × " + cols + "] vector, got " + v);
        }
    }

    private static void scalar(String op, Tensor t) {
        if (t.size() != 1) {
            throw new IllegalArgumentException(op + " needs a [1 × 1] accumulator, got " + t);
        }
    }

    private static void distinct(String op, Tensor out, Tensor in) {
        if (in.buffer() == out.buffer()) {
            long outEnd = out.offset() + out.size();
            long inEnd = in.offset() + in.size();
            if (out.offset() < inEnd && in.offset() < outEnd) {
                throw new IllegalArgumentException(op + ": output " + out + " overlaps input " + in);
            }
        }
    }
}
