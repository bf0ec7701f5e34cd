package io.jmlp.cpu;

import io.jmlp.backend.Tensor;
import io.jmlp.nn.ForwardPass;
import io.jmlp.nn.Mlp;
import io.jmlp.nn.MlpSpec;
import io.jmlp.nn.ParameterSlot;
import io.jmlp.nn.WeightInit;
import io.jmlp.random.PhiloxStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Back-propagation checked against central finite differences, on {@link ReferenceBackend} with
 * float64 storage: for every parameter θ of a network, the numeric derivative against the analytic
 * gradient, on a few rows of random inputs and targets. The numeric derivative is Richardson's
 * extrapolation of two central differences, {@code (4·D(h/2) − D(h)) / 3} with
 * {@code D(h) = (L(θ + h) − L(θ − h)) / 2h}: it cancels the O(h²) truncation error, which otherwise
 * fails correct gradients where the loss curves sharply (batch norm over tiny weights, the
 * {@code small} init). The relative error of one
 * parameter is {@code |analytic − numeric| / max(|analytic| + |numeric|, 1e-4)}; in double
 * precision a correct gradient gives about 1e-10 (the truncation error O(h²) plus roundoff
 * O(ε/h)), a wrong one O(1). The floor 1e-4 is there for gradients that are truly zero (a batch-norm
 * shift whose effect the next batch norm removes): their numeric value is pure roundoff,
 * ε·|L|/h ≈ 1e-11, which the floor turns into an error of 1e-7 instead of O(1); below it the check
 * compares absolutely, within 1e-4 × threshold.
 *
 * <p>A kink (ReLU at 0, a hinge margin) within h of θ makes finite differences meaningless there,
 * whatever the gradient: such a parameter is recognised by its two differences disagreeing
 * ({@code |D(h) − D(h/2)|} above {@value #KINK_TOLERANCE} of their size, where a smooth loss gives
 * ~1e-7), and skipped and counted instead of reported as a failure. A wrong gradient does not make
 * the differences disagree, so it still fails. Finally, an analytic and a numeric value within
 * the numeric derivative's own roundoff ({@value #ROUNDOFF_ULPS}·ε·max(|L|, 1)/h, about 1e-9 at the
 * default step) agree by definition: finite differences cannot see further.
 *
 * <p>Dropout is checked too: every evaluation is the training forward pass of step 0, so the mask
 * is the same each time.
 */
public final class GradientCheck {
    /** Finite-difference step: small enough that a kink rarely lies within it, large enough for little roundoff. */
    public static final double DEFAULT_STEP = 1e-5;
    /** A pass threshold with four orders of magnitude of margin either side. */
    public static final double DEFAULT_THRESHOLD = 1e-6;
    /** The denominator's floor (see the class comment). */
    static final double SCALE_FLOOR = 1e-4;
    /** Relative disagreement of D(h) and D(h/2) that marks a kink crossing (see the class comment). */
    static final double KINK_TOLERANCE = 1e-3;
    /**
     * Roundoff of the extrapolated difference, in units of {@code ε·max(|L|, 1)/h}: each loss carries a
     * few ulps of error, a difference at h/2 doubles it and the extrapolation multiplies by ~3; seen
     * up to ~6, so 64 leaves a margin. Differences within that noise say nothing either way.
     */
    static final double ROUNDOFF_ULPS = 64;

    private GradientCheck() {}

    /** The worst parameter of one tensor, and how many were skipped as kink crossings. */
    public record TensorResult(
            String name,
            long size,
            double worstRelativeError,
            long worstIndex,
            double analytic,
            double numeric,
            int kinksSkipped) {}

    /** Every parameter tensor's worst error, in model order. */
    public record Report(List<TensorResult> tensors, double loss) {
        public TensorResult worst() {
            return tensors.stream()
                    .max((a, b) -> Double.compare(a.worstRelativeError(), b.worstRelativeError()))
                    .orElseThrow();
        }

        /** Parameters skipped because a kink lay within the step. */
        public int kinksSkipped() {
            return tensors.stream().mapToInt(TensorResult::kinksSkipped).sum();
        }

        public boolean passes(double threshold) {
            return worst().worstRelativeError() <= threshold;
        }
    }

    /** Checks every parameter of {@code spec}, initialised by {@code init} from {@code seed}, on {@code rows} random rows. */
    public static Report run(MlpSpec spec, WeightInit init, long seed, int rows, double step) {
        if (rows < 1) {
            throw new IllegalArgumentException("a gradient check needs >= 1 row, got " + rows);
        }
        try (ReferenceBackend backend = new ReferenceBackend(ReferenceBackend.Precision.FLOAT64);
                Mlp mlp = Mlp.create(spec, backend, init, seed)) {
            PhiloxStream rng = new PhiloxStream(seed, 99);
            float[] x = new float[rows * spec.inputSize()];
            for (int i = 0; i < x.length; i++) {
                x[i] = (float) (2 * rng.nextDouble() - 1);
            }
            Tensor input = Tensor.of(backend, rows, spec.inputSize(), x);
            Tensor targets = targets(backend, spec, rows, rng);
            Tensor dOut = Tensor.zeros(backend, rows, spec.outputSize());
            Tensor lossSum = Tensor.zeros(backend, 1, 1);
            try {
                double loss = loss(backend, mlp, input, targets, dOut, lossSum);
                mlp.backward(dOut);
                List<TensorResult> results = new ArrayList<>();
                for (ParameterSlot slot : mlp.parameterSlots()) {
                    results.add(check(backend, mlp, slot, input, targets, dOut, lossSum, step));
                }
                return new Report(results, loss);
            } finally {
                input.close();
                targets.close();
                dOut.close();
                lossSum.close();
            }
        }
    }

    private static TensorResult check(
            ReferenceBackend backend,
            Mlp mlp,
            ParameterSlot slot,
            Tensor input,
            Tensor targets,
            Tensor dOut,
            Tensor lossSum,
            double h) {
        long size = slot.spec().size();
        double[] analytic = new double[(int) size];
        for (int k = 0; k < size; k++) {
            analytic[k] = backend.get(mlp.gradients(), slot.offset() + k);
        }
        double worst = 0;
        long worstIndex = 0;
        double worstAnalytic = 0;
        double worstNumeric = 0;
        int kinks = 0;
        double baseLoss = loss(backend, mlp, input, targets, dOut, lossSum);
        double noise = ROUNDOFF_ULPS * Math.ulp(1.0) * Math.max(Math.abs(baseLoss), 1) / h;
        for (int k = 0; k < size; k++) {
            long i = slot.offset() + k;
            double wide = centralDifference(backend, mlp, i, h, input, targets, dOut, lossSum);
            double narrow = centralDifference(backend, mlp, i, h / 2, input, targets, dOut, lossSum);
            if (Math.abs(wide - narrow) > Math.max(KINK_TOLERANCE * (Math.abs(wide) + Math.abs(narrow)), noise)) {
                kinks++;
                continue;
            }
            double numeric = (4 * narrow - wide) / 3;
            double difference = Math.abs(analytic[k] - numeric);
            double error = difference <= noise
                    ? 0
                    : difference / Math.max(Math.abs(analytic[k]) + Math.abs(numeric), SCALE_FLOOR);
            if (error > worst) {
                worst = error;
                worstIndex = k;
                worstAnalytic = analytic[k];
                worstNumeric = numeric;
            }
        }
        return new TensorResult(slot.name(), size, worst, worstIndex, worstAnalytic, worstNumeric, kinks);
    }

    /** {@code (L(θ + h) − L(θ − h)) / 2h} for parameter {@code i}, which is left as it was. */
    private static double centralDifference(
            ReferenceBackend backend,
            Mlp mlp,
            long i,
            double h,
            Tensor input,
            Tensor targets,
            Tensor dOut,
            Tensor lossSum) {
        double theta = backend.get(mlp.parameters(), i);
        backend.set(mlp.parameters(), i, theta + h);
        double plus = loss(backend, mlp, input, targets, dOut, lossSum);
        backend.set(mlp.parameters(), i, theta - h);
        double minus = loss(backend, mlp, input, targets, dOut, lossSum);
        backend.set(mlp.parameters(), i, theta);
        return (plus - minus) / (2 * h);
    }

    /** Mean loss of one training-mode forward pass (step 0, so dropout masks are the same every call). */
    private static double loss(
            ReferenceBackend backend, Mlp mlp, Tensor input, Tensor targets, Tensor dOut, Tensor lossSum) {
        backend.fill(lossSum, 0f);
        Tensor out = mlp.forward(input, ForwardPass.training(7, 0));
        mlp.loss().forwardBackward(backend, out, targets, dOut, lossSum);
        return backend.get(lossSum, 0) / input.rows();
    }

    private static Tensor targets(ReferenceBackend backend, MlpSpec spec, int rows, PhiloxStream rng) {
        int outputs = spec.outputSize();
        return switch (spec.loss().targets()) {
            case CLASS_INDICES -> {
                int[] labels = new int[rows];
                for (int i = 0; i < rows; i++) {
                    labels[i] = rng.nextInt(outputs);
                }
                yield Tensor.ofInts(backend, rows, 1, labels);
            }
            case BINARY -> {
                float[] t = new float[rows];
                for (int i = 0; i < rows; i++) {
                    t[i] = i % 2 == 0 ? 0f : 1f; // both classes, whatever the draw
                }
                yield Tensor.of(backend, rows, 1, t);
            }
            case ONE_HOT, VALUES -> {
                float[] t = new float[rows * outputs];
                for (int i = 0; i < t.length; i++) {
                    t[i] = (float) rng.nextDouble();
                }
                yield Tensor.of(backend, rows, outputs, t);
            }
        };
    }
}
