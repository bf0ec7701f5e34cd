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
 * float64 storage: for every parameter θ of a network, {@code (L(θ + h) − L(θ − h)) / 2h} against
 * the analytic gradient, on a few rows of random inputs and targets. The relative error of one
 * parameter is {@code |analytic − numeric| / max(|analytic| + |numeric|, 1e-4)}; in double
 * precision a correct gradient gives about 1e-10 (the truncation error O(h²) plus roundoff
 * O(ε/h)), a wrong one O(1). The floor 1e-4 is there for gradients that are truly zero (a batch-norm
 * shift whose effect the next batch norm removes): their numeric value is pure roundoff,
 * ε·|L|/h ≈ 1e-11, which the floor turns into an error of 1e-7 instead of O(1); below it the check
 * compares absolutely, within 1e-4 × threshold. Inputs right at a kink (ReLU at 0, a hinge margin) would break the
 * check; with random inputs that has probability ~h.
 *
 * <p>Dropout is checked too: every evaluation is the training forward pass of step 0, so the mask
 * is the same each time.
 */
public final class GradientCheck {
    /** Finite-difference step. */
    public static final double DEFAULT_STEP = 1e-5;
    /** A pass threshold with four orders of magnitude of margin either side. */
    public static final double DEFAULT_THRESHOLD = 1e-6;
    /** The denominator's floor (see the class comment). */
    static final double SCALE_FLOOR = 1e-4;

    private GradientCheck() {
    }

    /** The worst parameter of one tensor. */
    public record TensorResult(String name, long size, double worstRelativeError, long worstIndex, double analytic, double numeric) {
    }

    /** Every parameter tensor's worst error, in model order. */
    public record Report(List<TensorResult> tensors, double loss) {
        public TensorResult worst() {
            return tensors.stream().max((a, b) -> Double.compare(a.worstRelativeError(), b.worstRelativeError())).orElseThrow();
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

    private static TensorResult check(ReferenceBackend backend, Mlp mlp, ParameterSlot slot, Tensor input, Tensor targets,
                                      Tensor dOut, Tensor lossSum, double h) {
        long size = slot.spec().size();
        double[] analytic = new double[(int) size];
        for (int k = 0; k < size; k++) {
            analytic[k] = backend.get(mlp.gradients(), slot.offset() + k);
        }
        double worst = -1;
        long worstIndex = 0;
        double worstAnalytic = 0;
        double worstNumeric = 0;
        for (int k = 0; k < size; k++) {
            long i = slot.offset() + k;
            double theta = backend.get(mlp.parameters(), i);
            backend.set(mlp.parameters(), i, theta + h);
            double plus = loss(backend, mlp, input, targets, dOut, lossSum);
            backend.set(mlp.parameters(), i, theta - h);
            double minus = loss(backend, mlp, input, targets, dOut, lossSum);
            backend.set(mlp.parameters(), i, theta);
            double numeric = (plus - minus) / (2 * h);
            double error = Math.abs(analytic[k] - numeric) / Math.max(Math.abs(analytic[k]) + Math.abs(numeric), SCALE_FLOOR);
            if (error > worst) {
                worst = error;
                worstIndex = k;
                worstAnalytic = analytic[k];
                worstNumeric = numeric;
            }
        }
        return new TensorResult(slot.name(), size, worst, worstIndex, worstAnalytic, worstNumeric);
    }

    /** Mean loss of one training-mode forward pass (step 0, so dropout masks are the same every call). */
    private static double loss(ReferenceBackend backend, Mlp mlp, Tensor input, Tensor targets, Tensor dOut, Tensor lossSum) {
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
