package io.jmlp.cpu;

import io.jmlp.backend.Activation;
import io.jmlp.backend.Backend;
import io.jmlp.backend.CheckedBackend;
import io.jmlp.backend.DType;
import io.jmlp.backend.DeviceBuffer;
import io.jmlp.backend.LiveBuffers;
import io.jmlp.backend.Tensor;
import io.jmlp.backend.UpdateRule;
import io.jmlp.random.Philox;
import org.slf4j.event.Level;

/**
 * The oracle: every op as the plainest loop that computes it, one thread, sums in {@code double}.
 * The parity suite measures every other backend against this class, so it favours being
 * obviously right over being fast; its javadoc-free hooks follow the formulas in
 * {@link Backend}, {@link Activation} and {@link UpdateRule} line by line, and take their
 * arguments as {@link CheckedBackend} checked them.
 *
 * <p>Storage is {@code double}. In {@link Precision#FLOAT32} mode (the default) every stored value
 * is rounded to {@code float}, so results match what a float32 device keeps; in
 * {@link Precision#FLOAT64} mode nothing is rounded, which is what gradient checks by finite
 * differences need.
 */
public final class ReferenceBackend extends CheckedBackend {

    public enum Precision {
        FLOAT32,
        FLOAT64
    }

    private final String name;
    private final Precision precision;

    public ReferenceBackend() {
        this("reference", Precision.FLOAT32);
    }

    public ReferenceBackend(Precision precision) {
        this("reference", precision);
    }

    ReferenceBackend(String name, Precision precision) {
        this.name = name;
        this.precision = precision;
    }

    /** Host memory: doubles for float32 tensors, ints for int32 tensors. */
    static final class HostBuffer extends DeviceBuffer {
        final double[] values;
        final int[] ints;

        HostBuffer(DType dtype, int length, LiveBuffers live) {
            super(dtype, length, live);
            values = dtype == DType.FLOAT32 ? new double[length] : null;
            ints = dtype == DType.INT32 ? new int[length] : null;
        }

        @Override
        protected void release() {
            // Garbage-collected memory: nothing to free.
        }
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String deviceDescription() {
        return "reference loops on the JVM (one thread, "
                + (precision == Precision.FLOAT32 ? "float32 storage" : "float64 storage") + ", double accumulation)";
    }

    public Precision precision() {
        return precision;
    }

    // ---- memory -------------------------------------------------------------------------

    @Override
    protected DeviceBuffer allocateUnchecked(DType dtype, long length) {
        try {
            return new HostBuffer(dtype, Math.toIntExact(length), buffers());
        } catch (OutOfMemoryError e) {
            throw new IllegalStateException(
                    "cannot allocate " + length + " " + dtype + " elements on the reference backend: "
                            + "out of Java heap (" + Runtime.getRuntime().maxMemory() / 1048576 + " MiB; raise -Xmx)",
                    e);
        }
    }

    @Override
    protected void writeUnchecked(Tensor dst, float[] src, int srcOffset) {
        double[] d = doubles(dst);
        int base = base(dst);
        for (int i = 0; i < dst.size(); i++) {
            d[base + i] = src[srcOffset + i];
        }
    }

    @Override
    protected void writeUnchecked(Tensor dst, int[] src, int srcOffset) {
        System.arraycopy(src, srcOffset, ints(dst), base(dst), Math.toIntExact(dst.size()));
    }

    @Override
    protected void readUnchecked(Tensor src, float[] dst, int dstOffset) {
        double[] s = doubles(src);
        int base = base(src);
        for (int i = 0; i < src.size(); i++) {
            dst[dstOffset + i] = (float) s[base + i];
        }
    }

    @Override
    protected void readUnchecked(Tensor src, int[] dst, int dstOffset) {
        System.arraycopy(ints(src), base(src), dst, dstOffset, Math.toIntExact(src.size()));
    }

    @Override
    protected void synchronizeUnchecked() {
        // Every op has finished when it returns.
    }

    /** Element {@code index} (row-major) of a float tensor, unrounded. For gradient checks and tests. */
    public double get(Tensor t, long index) {
        return doubles(t)[base(t) + Math.toIntExact(index)];
    }

    /** Sets element {@code index} of a float tensor (rounded in float32 mode). For gradient checks and tests. */
    public void set(Tensor t, long index, double value) {
        doubles(t)[base(t) + Math.toIntExact(index)] = store(value);
    }

    // ---- linear algebra -----------------------------------------------------------------

    @Override
    protected void gemmUnchecked(
            boolean transposeA, boolean transposeB, float alpha, Tensor a, Tensor b, float beta, Tensor c) {
        int m = c.rows();
        int n = c.cols();
        int k = transposeA ? a.rows() : a.cols();
        // op(A)[i, p] = A[aBase + i·aRow + p·aCol], op(B)[p, j] = B[bBase + p·bRow + j·bCol].
        double[] av = doubles(a);
        double[] bv = doubles(b);
        int aBase = base(a);
        int bBase = base(b);
        int aRow = transposeA ? 1 : a.cols();
        int aCol = transposeA ? a.cols() : 1;
        int bRow = transposeB ? 1 : b.cols();
        int bCol = transposeB ? b.cols() : 1;
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double sum = 0;
                for (int p = 0; p < k; p++) {
                    sum += av[aBase + i * aRow + p * aCol] * bv[bBase + p * bRow + j * bCol];
                }
                double old = beta == 0f ? 0.0 : beta * at(c, i, j);
                put(c, i, j, alpha * sum + old);
            }
        }
    }

    @Override
    protected void sumRowsUnchecked(Tensor x, float beta, Tensor out) {
        for (int j = 0; j < x.cols(); j++) {
            double sum = 0;
            for (int i = 0; i < x.rows(); i++) {
                sum += at(x, i, j);
            }
            put(out, 0, j, (beta == 0f ? 0.0 : beta * at(out, 0, j)) + sum);
        }
    }

    // ---- activations --------------------------------------------------------------------

    @Override
    protected void biasActivationForwardUnchecked(Tensor z, Tensor bias, Activation activation, Tensor a) {
        for (int i = 0; i < z.rows(); i++) {
            for (int j = 0; j < z.cols(); j++) {
                if (bias != null) {
                    put(z, i, j, at(z, i, j) + at(bias, 0, j));
                }
                put(a, i, j, activation.apply(at(z, i, j)));
            }
        }
    }

    @Override
    protected void activationBackwardUnchecked(Activation activation, Tensor z, Tensor a, Tensor da, Tensor dz) {
        for (int i = 0; i < z.rows(); i++) {
            for (int j = 0; j < z.cols(); j++) {
                put(dz, i, j, at(da, i, j) * activation.derivative(at(z, i, j), at(a, i, j)));
            }
        }
    }

    @Override
    protected void preluForwardUnchecked(Tensor x, Tensor slope, Tensor y) {
        for (int i = 0; i < x.rows(); i++) {
            for (int j = 0; j < x.cols(); j++) {
                double v = at(x, i, j);
                put(y, i, j, v > 0 ? v : at(slope, 0, slope.cols() == 1 ? 0 : j) * v);
            }
        }
    }

    @Override
    protected void preluBackwardUnchecked(Tensor x, Tensor slope, Tensor dy, Tensor dx, Tensor dSlope) {
        double[] sums = new double[slope.cols()];
        for (int i = 0; i < x.rows(); i++) {
            for (int j = 0; j < x.cols(); j++) {
                int s = slope.cols() == 1 ? 0 : j;
                double v = at(x, i, j);
                double g = at(dy, i, j);
                put(dx, i, j, v > 0 ? g : at(slope, 0, s) * g);
                if (v <= 0) {
                    sums[s] += g * v;
                }
            }
        }
        for (int s = 0; s < sums.length; s++) {
            put(dSlope, 0, s, sums[s]);
        }
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
        int n = x.rows();
        for (int j = 0; j < x.cols(); j++) {
            double sum = 0;
            for (int i = 0; i < n; i++) {
                sum += at(x, i, j);
            }
            double mean = sum / n;
            double squares = 0;
            for (int i = 0; i < n; i++) {
                double d = at(x, i, j) - mean;
                squares += d * d;
            }
            double var = squares / n;
            double invStd = 1.0 / Math.sqrt(var + eps);
            for (int i = 0; i < n; i++) {
                put(y, i, j, at(gamma, 0, j) * (at(x, i, j) - mean) * invStd + at(beta, 0, j));
                // f of y as stored (rounded in float32 mode), as biasActivationForward would read it back.
                put(a, i, j, activation.apply(at(y, i, j)));
            }
            double unbiased = n > 1 ? var * n / (n - 1) : var;
            put(runningMean, 0, j, (1.0 - momentum) * at(runningMean, 0, j) + momentum * mean);
            put(runningVar, 0, j, (1.0 - momentum) * at(runningVar, 0, j) + momentum * unbiased);
            put(savedMean, 0, j, mean);
            put(savedInvStd, 0, j, invStd);
        }
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
        for (int j = 0; j < x.cols(); j++) {
            double invStd = 1.0 / Math.sqrt(at(runningVar, 0, j) + eps);
            for (int i = 0; i < x.rows(); i++) {
                // The normalised value is rounded to storage precision before f, as if stored and read back.
                double normalized =
                        store(at(gamma, 0, j) * (at(x, i, j) - at(runningMean, 0, j)) * invStd + at(beta, 0, j));
                put(y, i, j, activation.apply(normalized));
            }
        }
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
        int n = x.rows();
        for (int j = 0; j < x.cols(); j++) {
            double mean = at(savedMean, 0, j);
            double invStd = at(savedInvStd, 0, j);
            double sumDy = 0;
            double sumDyXhat = 0;
            for (int i = 0; i < n; i++) {
                double xhat = (at(x, i, j) - mean) * invStd;
                double dy = gradientBeforeActivation(activation, y, a, da, i, j);
                sumDy += dy;
                sumDyXhat += dy * xhat;
            }
            double scale = at(gamma, 0, j) * invStd / n;
            for (int i = 0; i < n; i++) {
                double xhat = (at(x, i, j) - mean) * invStd;
                put(
                        dx,
                        i,
                        j,
                        scale * (n * gradientBeforeActivation(activation, y, a, da, i, j) - sumDy - xhat * sumDyXhat));
            }
            put(dGamma, 0, j, sumDyXhat);
            put(dBeta, 0, j, sumDy);
        }
    }

    /**
     * {@code dy[i, j] = da ⊙ f'(y)} of {@link #batchNormBackward}, rounded to storage precision as
     * {@link #activationBackward} stores it; the identity's is {@code da} itself.
     */
    private double gradientBeforeActivation(Activation activation, Tensor y, Tensor a, Tensor da, int i, int j) {
        if (activation.kind() == Activation.Kind.IDENTITY) {
            return at(da, i, j);
        }
        return store(at(da, i, j) * activation.derivative(at(y, i, j), at(a, i, j)));
    }

    // ---- dropout ------------------------------------------------------------------------

    @Override
    protected void dropoutForwardUnchecked(
            Tensor x, float p, long seed, long streamBase, Tensor clock, Tensor mask, Tensor y) {
        dropoutForwardUnchecked(x, p, seed, StepClock.dropoutStream(ints(clock), base(clock), streamBase), mask, y);
    }

    @Override
    protected void dropoutForwardUnchecked(Tensor x, float p, long seed, long stream, Tensor mask, Tensor y) {
        float scale = Philox.dropoutScale(p);
        for (int i = 0; i < x.rows(); i++) {
            for (int j = 0; j < x.cols(); j++) {
                long e = (long) i * x.cols() + j;
                double m = Philox.dropoutKeeps(seed, stream, e, p) ? scale : 0.0;
                put(mask, i, j, m);
                put(y, i, j, at(x, i, j) * m);
            }
        }
    }

    @Override
    protected void multiplyUnchecked(Tensor a, Tensor b, Tensor out) {
        for (int i = 0; i < a.rows(); i++) {
            for (int j = 0; j < a.cols(); j++) {
                put(out, i, j, at(a, i, j) * at(b, i, j));
            }
        }
    }

    // ---- losses -------------------------------------------------------------------------

    @Override
    protected void softmaxCrossEntropyUnchecked(
            Tensor logits, Tensor labels, Tensor dLogits, Tensor lossSum, Tensor correctSum) {
        int n = logits.rows();
        double total = 0;
        int correct = 0;
        for (int i = 0; i < n; i++) {
            int label = label(labels, i, logits.cols());
            double logSumExp = logSumExp(logits, i);
            total += logSumExp - at(logits, i, label);
            if (argmax(logits, i) == label) {
                correct++;
            }
            for (int j = 0; j < logits.cols(); j++) {
                double p = Math.exp(at(logits, i, j) - logSumExp);
                put(dLogits, i, j, (p - (j == label ? 1.0 : 0.0)) / n);
            }
        }
        put(lossSum, 0, 0, at(lossSum, 0, 0) + total);
        if (correctSum != null) {
            put(correctSum, 0, 0, at(correctSum, 0, 0) + correct);
        }
    }

    @Override
    protected void sigmoidBinaryCrossEntropyUnchecked(Tensor logits, Tensor targets, Tensor dLogits, Tensor lossSum) {
        int n = logits.rows();
        double total = 0;
        for (int i = 0; i < n; i++) {
            double z = at(logits, i, 0);
            double t = at(targets, i, 0);
            total += Activation.SOFTPLUS.apply(z) - t * z;
            put(dLogits, i, 0, (Activation.sigmoid(z) - t) / n);
        }
        put(lossSum, 0, 0, at(lossSum, 0, 0) + total);
    }

    @Override
    protected void meanSquaredErrorUnchecked(Tensor predictions, Tensor targets, Tensor dPredictions, Tensor lossSum) {
        int n = predictions.rows();
        double total = 0;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < predictions.cols(); j++) {
                double d = at(predictions, i, j) - at(targets, i, j);
                total += 0.5 * d * d;
                put(dPredictions, i, j, d / n);
            }
        }
        put(lossSum, 0, 0, at(lossSum, 0, 0) + total);
    }

    @Override
    protected void multiclassHingeUnchecked(
            Tensor scores, Tensor labels, float margin, Tensor dScores, Tensor lossSum) {
        int n = scores.rows();
        double total = 0;
        for (int i = 0; i < n; i++) {
            int label = label(labels, i, scores.cols());
            double correct = at(scores, i, label);
            int violations = 0;
            for (int j = 0; j < scores.cols(); j++) {
                if (j == label) {
                    continue;
                }
                double violation = at(scores, i, j) - correct + margin;
                if (violation > 0) {
                    total += violation;
                    violations++;
                    put(dScores, i, j, 1.0 / n);
                } else {
                    put(dScores, i, j, 0.0);
                }
            }
            put(dScores, i, label, -(double) violations / n);
        }
        put(lossSum, 0, 0, at(lossSum, 0, 0) + total);
    }

    @Override
    protected void softmaxUnchecked(Tensor logits, Tensor out) {
        for (int i = 0; i < logits.rows(); i++) {
            double logSumExp = logSumExp(logits, i);
            for (int j = 0; j < logits.cols(); j++) {
                put(out, i, j, Math.exp(at(logits, i, j) - logSumExp));
            }
        }
    }

    @Override
    protected void argmaxRowsUnchecked(Tensor scores, Tensor out) {
        for (int i = 0; i < scores.rows(); i++) {
            ints(out)[base(out) + i] = argmax(scores, i);
        }
    }

    @Override
    protected void countCorrectUnchecked(Tensor scores, Tensor labels, Tensor correctSum) {
        int correct = 0;
        for (int i = 0; i < scores.rows(); i++) {
            int label = ints(labels)[base(labels) + i];
            int predicted = scores.cols() == 1 ? (at(scores, i, 0) > 0 ? 1 : 0) : argmax(scores, i);
            if (predicted == label) {
                correct++;
            }
        }
        put(correctSum, 0, 0, at(correctSum, 0, 0) + correct);
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
        int row = StepClock.rateRow(ints(clock), base(clock), rates, "reference");
        double lr = at(rates, row, 0);
        double c1 = at(rates, row, 1);
        double c2 = at(rates, row, 2);
        // The clipping factor is a float formula (UpdateRule.clipScale) so that every device can compute it alike.
        double gradScale = rule.clips() ? UpdateRule.clipScale(rule.clipNorm(), (float) get(gradSquares, 0)) : 1.0;
        for (long e = 0; e < params.size(); e++) {
            boolean decayed = e < decayedCount;
            double w = get(params, e);
            double g = get(grads, e) * gradScale;
            if (decayed) {
                g += rule.l2() * w + rule.l1() * Math.signum(w);
            }
            switch (rule.kind()) {
                case SGD -> w -= lr * g;
                case MOMENTUM -> {
                    double v = rule.momentum() * get(state1, e) + g;
                    set(state1, e, v);
                    w -= lr * v;
                }
                case NESTEROV -> {
                    double v = rule.momentum() * get(state1, e) + g;
                    set(state1, e, v);
                    w -= lr * (g + rule.momentum() * v);
                }
                case ADAGRAD -> {
                    double s = get(state1, e) + g * g;
                    set(state1, e, s);
                    w -= lr * g / (Math.sqrt(s) + rule.epsilon());
                }
                case RMSPROP -> {
                    double s = rule.rho() * get(state1, e) + (1.0 - rule.rho()) * g * g;
                    set(state1, e, s);
                    w -= lr * g / (Math.sqrt(s) + rule.epsilon());
                }
                case ADAM, ADAMW -> {
                    if (rule.kind() == UpdateRule.Kind.ADAMW && decayed) {
                        w *= 1.0 - lr * rule.weightDecay();
                    }
                    double m = rule.beta1() * get(state1, e) + (1.0 - rule.beta1()) * g;
                    double v = rule.beta2() * get(state2, e) + (1.0 - rule.beta2()) * g * g;
                    set(state1, e, m);
                    set(state2, e, v);
                    w -= lr * (m * c1) / (Math.sqrt(v * c2) + rule.epsilon());
                }
            }
            set(params, e, w);
        }
    }

    @Override
    protected void clampColumnNormsUnchecked(Tensor w, float maxNorm) {
        for (int j = 0; j < w.cols(); j++) {
            double squares = 0;
            for (int i = 0; i < w.rows(); i++) {
                squares += at(w, i, j) * at(w, i, j);
            }
            double norm = Math.sqrt(squares);
            if (norm > maxNorm) {
                double scale = maxNorm / norm;
                for (int i = 0; i < w.rows(); i++) {
                    put(w, i, j, at(w, i, j) * scale);
                }
            }
        }
    }

    // ---- data movement and reductions ---------------------------------------------------

    @Override
    protected void gatherRowsUnchecked(Tensor src, Tensor indices, Tensor clock, int rowsPerStep, Tensor dst) {
        gatherRowsUnchecked(src, indices, StepClock.firstRow(ints(clock), base(clock), rowsPerStep, indices, dst), dst);
    }

    @Override
    protected void advanceClockUnchecked(Tensor clock) {
        StepClock.advance(ints(clock), base(clock));
    }

    @Override
    protected void gatherRowsUnchecked(Tensor src, Tensor indices, int first, Tensor dst) {
        for (int r = 0; r < dst.rows(); r++) {
            int row = ints(indices)[base(indices) + first + r];
            if (row < 0 || row >= src.rows()) {
                throw new IndexOutOfBoundsException("gatherRows: index " + row + " at position " + (first + r)
                        + " is outside the " + src.rows() + " source rows");
            }
            for (int c = 0; c < dst.cols(); c++) {
                if (src.dtype() == DType.FLOAT32) {
                    put(dst, r, c, at(src, row, c));
                } else {
                    ints(dst)[base(dst) + r * dst.cols() + c] = ints(src)[base(src) + row * src.cols() + c];
                }
            }
        }
    }

    @Override
    protected void fillUnchecked(Tensor x, float value) {
        for (long e = 0; e < x.size(); e++) {
            set(x, e, value);
        }
    }

    @Override
    protected void copyUnchecked(Tensor src, Tensor dst) {
        for (long e = 0; e < src.size(); e++) {
            if (src.dtype() == DType.FLOAT32) {
                set(dst, e, get(src, e));
            } else {
                ints(dst)[base(dst) + (int) e] = ints(src)[base(src) + (int) e];
            }
        }
    }

    @Override
    protected void scaleUnchecked(Tensor x, float alpha) {
        for (long e = 0; e < x.size(); e++) {
            set(x, e, alpha * get(x, e));
        }
    }

    @Override
    protected void axpyUnchecked(float alpha, Tensor x, Tensor y) {
        for (long e = 0; e < x.size(); e++) {
            set(y, e, get(y, e) + alpha * get(x, e));
        }
    }

    @Override
    protected void sumOfSquaresUnchecked(Tensor x, Tensor out) {
        double sum = 0;
        for (long e = 0; e < x.size(); e++) {
            sum += get(x, e) * get(x, e);
        }
        set(out, 0, sum);
    }

    @Override
    protected void countNonFiniteUnchecked(Tensor x, Tensor count) {
        int bad = 0;
        for (long e = 0; e < x.size(); e++) {
            if (!Double.isFinite(get(x, e))) {
                bad++;
            }
        }
        set(count, 0, get(count, 0) + bad);
    }

    @Override
    protected void closeUnchecked() {
        // Nothing native to release; buffers are garbage-collected. Later use is refused all the same.
    }

    @Override
    protected Level leftoverLogLevel() {
        return Level.DEBUG; // garbage-collected memory: a buffer left open at close costs nothing
    }

    // ---- element access -----------------------------------------------------------------

    private double store(double v) {
        return precision == Precision.FLOAT32 ? (double) (float) v : v;
    }

    private static double[] doubles(Tensor t) {
        return ((HostBuffer) t.buffer()).values;
    }

    private static int[] ints(Tensor t) {
        return ((HostBuffer) t.buffer()).ints;
    }

    private static int base(Tensor t) {
        return Math.toIntExact(t.offset());
    }

    private static double at(Tensor t, int row, int col) {
        return doubles(t)[base(t) + row * t.cols() + col];
    }

    private void put(Tensor t, int row, int col, double value) {
        doubles(t)[base(t) + row * t.cols() + col] = store(value);
    }

    private static int label(Tensor labels, int row, int classes) {
        int label = ints(labels)[base(labels) + row];
        if (label < 0 || label >= classes) {
            throw new IllegalArgumentException("label " + label + " of row " + row + " is outside [0, " + classes
                    + "): the network has " + classes + " outputs");
        }
        return label;
    }

    private static double logSumExp(Tensor logits, int row) {
        double max = Double.NEGATIVE_INFINITY;
        for (int j = 0; j < logits.cols(); j++) {
            max = Math.max(max, at(logits, row, j));
        }
        double sum = 0;
        for (int j = 0; j < logits.cols(); j++) {
            sum += Math.exp(at(logits, row, j) - max);
        }
        return max + Math.log(sum);
    }

    private static int argmax(Tensor scores, int row) {
        int best = 0;
        for (int j = 1; j < scores.cols(); j++) {
            if (at(scores, row, j) > at(scores, row, best)) {
                best = j;
            }
        }
        return best;
    }
}
