package io.jmlp.backend;

/**
 * The argument checks of every {@link Backend} op, written once. Each backend calls the check of
 * an op before it queues any work, so shape and type errors read the same on every device and are
 * never silent memory corruption on one of them.
 */
public final class OpContracts {
    private OpContracts() {
    }

    public static void gemm(Backend backend, boolean transposeA, boolean transposeB, Tensor a, Tensor b, Tensor c) {
        floats(backend, "gemm", a, b, c);
        int m = transposeA ? a.cols() : a.rows();
        int k = transposeA ? a.rows() : a.cols();
        int kb = transposeB ? b.cols() : b.rows();
        int n = transposeB ? b.rows() : b.cols();
        if (k != kb || c.rows() != m || c.cols() != n) {
            throw new IllegalArgumentException("gemm shapes do not agree: op(A) = " + m + "×" + k + ", op(B) = " + kb
                    + "×" + n + ", C = " + c.rows() + "×" + c.cols() + " (A " + a + (transposeA ? "ᵀ" : "")
                    + ", B " + b + (transposeB ? "ᵀ" : "") + ")");
        }
        distinct("gemm", c, a, b);
    }

    public static void sumRows(Backend backend, Tensor x, Tensor out) {
        floats(backend, "sumRows", x, out);
        rowVector("sumRows", out, x.cols());
    }

    public static void biasActivationForward(Backend backend, Tensor z, Tensor bias, Activation activation, Tensor a) {
        floats(backend, "biasActivationForward", z, a);
        sameShape("biasActivationForward", z, a);
        if (bias != null) {
            floats(backend, "biasActivationForward", bias);
            rowVector("biasActivationForward (bias)", bias, z.cols());
        }
        if (a.sameView(z) && activation.kind() != Activation.Kind.IDENTITY) {
            throw new IllegalArgumentException("biasActivationForward: a may alias z only for the identity, got " + activation);
        }
    }

    public static void activationBackward(Backend backend, Tensor z, Tensor a, Tensor da, Tensor dz) {
        floats(backend, "activationBackward", z, a, da, dz);
        sameShape("activationBackward", z, a, da, dz);
    }

    public static void preluForward(Backend backend, Tensor x, Tensor slope, Tensor y) {
        floats(backend, "preluForward", x, slope, y);
        sameShape("preluForward", x, y);
        slopeShape(slope, x);
    }

    public static void preluBackward(Backend backend, Tensor x, Tensor slope, Tensor dy, Tensor dx, Tensor dSlope) {
        floats(backend, "preluBackward", x, slope, dy, dx, dSlope);
        sameShape("preluBackward", x, dy, dx);
        slopeShape(slope, x);
        sameShape("preluBackward (dSlope)", slope, dSlope);
    }

    private static void slopeShape(Tensor slope, Tensor x) {
        if (slope.rows() != 1 || (slope.cols() != 1 && slope.cols() != x.cols())) {
            throw new IllegalArgumentException("PReLU slope must be [1 × 1] or [1 × " + x.cols() + "], got " + slope);
        }
    }

    public static void batchNormTraining(Backend backend, Tensor x, Tensor gamma, Tensor beta, Tensor runningMean,
                                         Tensor runningVar, Tensor y, Tensor savedMean, Tensor savedInvStd) {
        floats(backend, "batchNormForwardTraining", x, gamma, beta, runningMean, runningVar, y, savedMean, savedInvStd);
        sameShape("batchNormForwardTraining", x, y);
        for (Tensor v : new Tensor[] {gamma, beta, runningMean, runningVar, savedMean, savedInvStd}) {
            rowVector("batchNormForwardTraining", v, x.cols());
        }
        if (x.rows() < 1) {
            throw new IllegalArgumentException("batchNormForwardTraining needs at least one row");
        }
    }

    public static void batchNormInference(Backend backend, Tensor x, Tensor gamma, Tensor beta, Tensor runningMean,
                                          Tensor runningVar, Tensor y) {
        floats(backend, "batchNormForwardInference", x, gamma, beta, runningMean, runningVar, y);
        sameShape("batchNormForwardInference", x, y);
        for (Tensor v : new Tensor[] {gamma, beta, runningMean, runningVar}) {
            rowVector("batchNormForwardInference", v, x.cols());
        }
    }

    public static void batchNormBackward(Backend backend, Tensor x, Tensor dy, Tensor gamma, Tensor savedMean,
                                         Tensor savedInvStd, Tensor dx, Tensor dGamma, Tensor dBeta) {
        floats(backend, "batchNormBackward", x, dy, gamma, savedMean, savedInvStd, dx, dGamma, dBeta);
        sameShape("batchNormBackward", x, dy, dx);
        for (Tensor v : new Tensor[] {gamma, savedMean, savedInvStd, dGamma, dBeta}) {
            rowVector("batchNormBackward", v, x.cols());
        }
    }

    public static void dropoutForward(Backend backend, Tensor x, float p, Tensor mask, Tensor y) {
        floats(backend, "dropoutForward", x, mask, y);
        sameShape("dropoutForward", x, mask, y);
        if (!(p >= 0f && p < 1f)) {
            throw new IllegalArgumentException("dropout probability must be in [0, 1), got " + p);
        }
    }

    public static void multiply(Backend backend, Tensor a, Tensor b, Tensor out) {
        floats(backend, "multiply", a, b, out);
        sameShape("multiply", a, b, out);
    }

    /** Losses on class labels: softmax cross-entropy, multiclass hinge. */
    public static void classLoss(Backend backend, String op, Tensor scores, Tensor labels, Tensor dScores, Tensor lossSum) {
        floats(backend, op, scores, dScores, lossSum);
        labels(backend, op, labels, scores.rows());
        sameShape(op, scores, dScores);
        scalar(op, lossSum);
    }

    /** Losses on float targets: binary cross-entropy, mean squared error. */
    public static void targetLoss(Backend backend, String op, Tensor outputs, Tensor targets, Tensor dOutputs, Tensor lossSum) {
        floats(backend, op, outputs, targets, dOutputs, lossSum);
        sameShape(op, outputs, targets, dOutputs);
        scalar(op, lossSum);
    }

    public static void binaryLoss(Backend backend, Tensor logits, Tensor targets, Tensor dLogits, Tensor lossSum) {
        targetLoss(backend, "sigmoidBinaryCrossEntropy", logits, targets, dLogits, lossSum);
        if (logits.cols() != 1) {
            throw new IllegalArgumentException("sigmoidBinaryCrossEntropy needs one output column, got " + logits);
        }
    }

    public static void softmax(Backend backend, Tensor logits, Tensor out) {
        floats(backend, "softmax", logits, out);
        sameShape("softmax", logits, out);
    }

    public static void argmaxRows(Backend backend, Tensor scores, Tensor out) {
        floats(backend, "argmaxRows", scores);
        labels(backend, "argmaxRows", out, scores.rows());
    }

    public static void countCorrect(Backend backend, Tensor scores, Tensor labels, Tensor correctSum) {
        floats(backend, "countCorrect", scores, correctSum);
        labels(backend, "countCorrect", labels, scores.rows());
        scalar("countCorrect", correctSum);
    }

    public static void optimizerUpdate(Backend backend, UpdateRule rule, Tensor params, Tensor grads, Tensor state1,
                                       Tensor state2, long decayedCount) {
        floats(backend, "optimizerUpdate", params, grads);
        sameSize("optimizerUpdate (grads)", params, grads);
        int needed = rule.kind().stateBuffers();
        Tensor[] states = {state1, state2};
        for (int s = 0; s < needed; s++) {
            if (states[s] == null) {
                throw new IllegalArgumentException(rule.kind() + " needs " + needed + " state buffer(s); state" + (s + 1) + " is null");
            }
            floats(backend, "optimizerUpdate", states[s]);
            sameSize("optimizerUpdate (state" + (s + 1) + ")", params, states[s]);
        }
        if (decayedCount < 0 || decayedCount > params.size()) {
            throw new IllegalArgumentException("decayedCount " + decayedCount + " outside [0, " + params.size() + "]");
        }
    }

    public static void clampColumnNorms(Backend backend, Tensor w, float maxNorm) {
        floats(backend, "clampColumnNorms", w);
        if (!(maxNorm > 0)) {
            throw new IllegalArgumentException("max-norm must be > 0, got " + maxNorm);
        }
    }

    public static void gatherRows(Backend backend, Tensor src, Tensor indices, int first, Tensor dst) {
        onBackend(backend, "gatherRows", src, indices, dst);
        if (indices.dtype() != DType.INT32) {
            throw new IllegalArgumentException("gatherRows needs int32 indices, got " + indices);
        }
        if (src.dtype() != dst.dtype() || src.cols() != dst.cols()) {
            throw new IllegalArgumentException("gatherRows: src " + src + " and dst " + dst + " need the same dtype and columns");
        }
        if (first < 0 || (long) first + dst.rows() > indices.size()) {
            throw new IllegalArgumentException("gatherRows: indices [" + first + ", " + (first + dst.rows())
                    + ") outside the " + indices.size() + " indices given");
        }
    }

    public static void fill(Backend backend, Tensor x) {
        floats(backend, "fill", x);
    }

    public static void copy(Backend backend, Tensor src, Tensor dst) {
        onBackend(backend, "copy", src, dst);
        if (src.dtype() != dst.dtype()) {
            throw new IllegalArgumentException("copy: dtypes differ, " + src + " → " + dst);
        }
        sameShape("copy", src, dst);
    }

    public static void elementwise(Backend backend, String op, Tensor... tensors) {
        floats(backend, op, tensors);
        sameShape(op, tensors);
    }

    public static void reduction(Backend backend, String op, Tensor x, Tensor out) {
        floats(backend, op, x, out);
        scalar(op, out);
    }

    // ---- shared pieces ------------------------------------------------------------------

    private static void onBackend(Backend backend, String op, Tensor... tensors) {
        for (Tensor t : tensors) {
            if (t == null) {
                throw new IllegalArgumentException(op + ": a required tensor is null");
            }
            if (t.backend() != backend) {
                throw new IllegalArgumentException(op + ": " + t + " lives on '" + t.backend().name()
                        + "', not on '" + backend.name() + "'; move it with Tensor.to(backend)");
            }
            if (t.buffer().isClosed()) {
                throw new IllegalStateException(op + ": " + t + " was already closed");
            }
        }
    }

    private static void floats(Backend backend, String op, Tensor... tensors) {
        onBackend(backend, op, tensors);
        for (Tensor t : tensors) {
            if (t.dtype() != DType.FLOAT32) {
                throw new IllegalArgumentException(op + " needs float32 tensors, got " + t);
            }
        }
    }

    private static void labels(Backend backend, String op, Tensor labels, int rows) {
        onBackend(backend, op, labels);
        if (labels.dtype() != DType.INT32 || labels.rows() != rows || labels.cols() != 1) {
            throw new IllegalArgumentException(op + " needs int32 labels [" + rows + " × 1], got " + labels);
        }
    }

    private static void sameShape(String op, Tensor... tensors) {
        for (Tensor t : tensors) {
            if (t.rows() != tensors[0].rows() || t.cols() != tensors[0].cols()) {
                throw new IllegalArgumentException(op + ": shapes differ, " + tensors[0] + " vs " + t);
            }
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

    private static void distinct(String op, Tensor out, Tensor... inputs) {
        for (Tensor in : inputs) {
            if (in.buffer() == out.buffer()) {
                long outEnd = out.offset() + out.size();
                long inEnd = in.offset() + in.size();
                if (out.offset() < inEnd && in.offset() < outEnd) {
                    throw new IllegalArgumentException(op + ": output " + out + " overlaps input " + in);
                }
            }
        }
    }
}
