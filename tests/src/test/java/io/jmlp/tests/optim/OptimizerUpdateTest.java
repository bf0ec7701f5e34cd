package io.jmlp.tests.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jmlp.backend.Backend;
import io.jmlp.backend.Tensor;
import io.jmlp.backend.UpdateRule;
import io.jmlp.optim.OptimizerSettings;
import io.jmlp.tests.TestBackends;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * One update of every rule on three parameters — two weights (decayed) and a bias (never
 * decayed) — against values worked out by hand from the formulas (PyTorch's), on every backend.
 * Each expected value is written as the arithmetic that gives it, with the result in a comment.
 *
 * <p>Common inputs: w = [0.5, −1.0, 0.2], g = [0.1, 0.2, −0.3], lr = 0.1, decayedCount = 2.
 */
class OptimizerUpdateTest {
    private static final float[] W = {0.5f, -1.0f, 0.2f};
    private static final float[] G = {0.1f, 0.2f, -0.3f};
    /** float32 inputs and a few float32 roundings per element. */
    private static final double TOLERANCE = 2e-6;

    private record Result(float[] params, float[] state1, float[] state2) {}

    private static Result update(String backendName, Rule rule, float[] s1, float[] s2) {
        try (Backend b = TestBackends.open(backendName);
                Tensor p = Tensor.of(b, 1, 3, W);
                Tensor g = Tensor.of(b, 1, 3, G);
                Tensor st1 = s1 != null ? Tensor.of(b, 1, 3, s1) : null;
                Tensor st2 = s2 != null ? Tensor.of(b, 1, 3, s2) : null) {
            SingleUpdate.apply(b, rule.rule(), 0.1, rule.step(), p, g, st1, st2, 2);
            return new Result(p.toHost(), st1 != null ? st1.toHost() : null, st2 != null ? st2.toHost() : null);
        }
    }

    /** A rule at learning rate 0.1 and its step. */
    private record Rule(UpdateRule rule, long step) {}

    private static Rule rule(
            UpdateRule.Kind kind, float momentum, float rho, float epsilon, float l2, float l1, float wd, long step) {
        return new Rule(new UpdateRule(kind, momentum, rho, 0.9f, 0.999f, epsilon, l2, l1, wd, 0f), step);
    }

    private static void assertValues(double[] expected, float[] actual, String what) {
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], TOLERANCE, what + "[" + i + "]");
        }
    }

    @ParameterizedTest
    @MethodSource("io.jmlp.tests.TestBackends#namesWithReference")
    void sgdWithL2AndL1OnTheWeightsOnly(String backend) {
        Result r = update(backend, rule(UpdateRule.Kind.SGD, 0, 0, 0, 0.01f, 0.001f, 0, 1), null, null);
        // g' = g + l2·w + l1·sign(w) on the weights: 0.1 + 0.005 + 0.001 = 0.106; 0.2 − 0.01 − 0.001 = 0.189; the bias
        // keeps −0.3.
        assertValues(
                new double[] {0.5 - 0.1 * 0.106, -1.0 - 0.1 * 0.189, 0.2 + 0.1 * 0.3},
                r.params(),
                "w"); // 0.4894, −1.0189, 0.23
    }

    @ParameterizedTest
    @MethodSource("io.jmlp.tests.TestBackends#namesWithReference")
    void heavyBallMomentum(String backend) {
        Result r = update(
                backend, rule(UpdateRule.Kind.MOMENTUM, 0.9f, 0, 0, 0, 0, 0, 1), new float[] {0.05f, -0.1f, 0f}, null);
        // v = 0.9·v + g: 0.045 + 0.1 = 0.145; −0.09 + 0.2 = 0.11; −0.3.  w −= 0.1·v.
        assertValues(new double[] {0.145, 0.11, -0.3}, r.state1(), "v");
        assertValues(new double[] {0.4855, -1.011, 0.23}, r.params(), "w");
    }

    @ParameterizedTest
    @MethodSource("io.jmlp.tests.TestBackends#namesWithReference")
    void nesterovMomentum(String backend) {
        Result r = update(
                backend, rule(UpdateRule.Kind.NESTEROV, 0.9f, 0, 0, 0, 0, 0, 1), new float[] {0.05f, -0.1f, 0f}, null);
        // v as above; w −= 0.1·(g + 0.9·v): 0.1 + 0.1305 = 0.2305; 0.2 + 0.099 = 0.299; −0.3 − 0.27 = −0.57.
        assertValues(new double[] {0.145, 0.11, -0.3}, r.state1(), "v");
        assertValues(new double[] {0.47695, -1.0299, 0.257}, r.params(), "w");
    }

    @ParameterizedTest
    @MethodSource("io.jmlp.tests.TestBackends#namesWithReference")
    void adagrad(String backend) {
        Result r = update(
                backend, rule(UpdateRule.Kind.ADAGRAD, 0, 0, 1e-10f, 0, 0, 0, 1), new float[] {0.03f, 0f, 0.07f}, null);
        // s += g²: 0.04, 0.04, 0.16 (√: 0.2, 0.2, 0.4).  w −= 0.1·g/√s: 0.05, 0.1, −0.075.
        assertValues(new double[] {0.04, 0.04, 0.16}, r.state1(), "s");
        assertValues(new double[] {0.45, -1.1, 0.275}, r.params(), "w");
    }

    @ParameterizedTest
    @MethodSource("io.jmlp.tests.TestBackends#namesWithReference")
    void rmsprop(String backend) {
        Result r = update(
                backend,
                rule(UpdateRule.Kind.RMSPROP, 0, 0.9f, 1e-8f, 0, 0, 0, 1),
                new float[] {0f, 0.04f, 0.1f},
                null);
        // s = 0.9·s + 0.1·g²: 0.001; 0.036 + 0.004 = 0.04; 0.09 + 0.009 = 0.099.
        assertValues(new double[] {0.001, 0.04, 0.099}, r.state1(), "s");
        // w −= 0.1·g/(√s + ε): 0.01/0.0316228 = 0.316228; 0.02/0.2 = 0.1; −0.03/0.3146427 = −0.0953463.
        assertValues(new double[] {0.5 - 0.316228, -1.1, 0.2 + 0.0953463}, r.params(), "w");
    }

    @ParameterizedTest
    @MethodSource("io.jmlp.tests.TestBackends#namesWithReference")
    void adamFirstStepMovesEachWeightByTheLearningRate(String backend) {
        Result r = update(backend, rule(UpdateRule.Kind.ADAM, 0, 0, 1e-8f, 0, 0, 0, 1), new float[3], new float[3]);
        // t = 1: m = 0.1·g, v = 0.001·g²; m̂ = g, v̂ = g², so w −= 0.1·g/|g| (ε = 1e-8 is far below the tolerance).
        assertValues(new double[] {0.01, 0.02, -0.03}, r.state1(), "m");
        assertValues(new double[] {1e-5, 4e-5, 9e-5}, r.state2(), "v");
        assertValues(new double[] {0.4, -1.1, 0.3}, r.params(), "w");
    }

    @ParameterizedTest
    @MethodSource("io.jmlp.tests.TestBackends#namesWithReference")
    void adamSecondStepUsesTheBiasCorrections(String backend) {
        Result r = update(
                backend, rule(UpdateRule.Kind.ADAM, 0, 0, 1e-8f, 0, 0, 0, 2), new float[] {0.05f, 0f, 0f}, new float[] {
                    0.004f, 0f, 0.0001f
                });
        // m = 0.9·m + 0.1·g: 0.055, 0.02, −0.03.  v = 0.999·v + 0.001·g²: 0.004006, 0.00004, 0.0001899.
        assertValues(new double[] {0.055, 0.02, -0.03}, r.state1(), "m");
        assertValues(new double[] {0.004006, 0.00004, 0.0001899}, r.state2(), "v");
        // t = 2: m̂ = m/0.19, v̂ = v/0.001999.  w0: m̂ = 0.289474, √v̂ = 1.415637 → 0.5 − 0.0204483 = 0.479552;
        // w1: m̂ = 0.105263, √v̂ = 0.141457 → −1.0 − 0.0744137 = −1.0744137;
        // w2: m̂ = −0.157895, √v̂ = 0.308222 → 0.2 + 0.0512276 = 0.251228.
        assertValues(new double[] {0.479552, -1.0744137, 0.251228}, r.params(), "w");
    }

    @ParameterizedTest
    @MethodSource("io.jmlp.tests.TestBackends#namesWithReference")
    void adamWDecaysTheWeightsBeforeTheAdamStep(String backend) {
        Result r = update(backend, rule(UpdateRule.Kind.ADAMW, 0, 0, 1e-8f, 0, 0, 0.5f, 1), new float[3], new float[3]);
        // Weights: w·(1 − 0.1·0.5) = 0.95·w, then the t = 1 Adam step of ∓0.1: 0.475 − 0.1 = 0.375; −0.95 − 0.1 =
        // −1.05.
        // The bias is not decayed: 0.2 + 0.1 = 0.3.
        assertValues(new double[] {0.375, -1.05, 0.3}, r.params(), "w");
    }

    @ParameterizedTest
    @MethodSource("io.jmlp.tests.TestBackends#namesWithReference")
    void l2IsTheGradientOfHalfLambdaTimesTheSquaredNorm(String backend) {
        // With a zero data gradient, SGD on λ/2·‖W‖² alone shrinks each weight by lr·λ·w: 0.5 → 0.5·(1 − 0.1·0.2) =
        // 0.49.
        try (Backend b = TestBackends.open(backend);
                Tensor p = Tensor.of(b, 1, 3, W);
                Tensor g = Tensor.zeros(b, 1, 3)) {
            SingleUpdate.apply(
                    b, rule(UpdateRule.Kind.SGD, 0, 0, 0, 0.2f, 0, 0, 1).rule(), 0.1, 1, p, g, null, null, 2);
            assertValues(new double[] {0.49, -0.98, 0.2}, p.toHost(), "w");
        }
    }

    @ParameterizedTest
    @MethodSource("io.jmlp.tests.TestBackends#namesWithReference")
    void clippingScalesTheGradientsOnTheDeviceFromTheirSumOfSquaresAndReadsTheClocksRateRow(String backend) {
        // ‖G‖² = 0.01 + 0.04 + 0.09 = 0.14, so clipping to 0.1 scales G by 0.1/(√0.14 + 1e-6) ≈ 0.267261; clipping to 1
        // leaves it.
        for (float clipNorm : new float[] {0.1f, 1f}) {
            try (Backend b = TestBackends.open(backend);
                    Tensor p = Tensor.of(b, 1, 3, W);
                    Tensor g = Tensor.of(b, 1, 3, G);
                    Tensor squares = Tensor.zeros(b, 1, 1)) {
                b.sumOfSquares(g, squares);
                UpdateRule sgd = UpdateRule.sgd(0f, 0f).withClipNorm(clipNorm);
                SingleUpdate.apply(b, sgd, 0.5, 3, 2, squares, p, g, null, null, 2); // row 2 of 3: rows 0 and 1 are NaN
                double scale = Math.min(1, clipNorm / (Math.sqrt(0.14) + 1e-6));
                assertValues(
                        new double[] {0.5 - 0.5 * 0.1 * scale, -1.0 - 0.5 * 0.2 * scale, 0.2 + 0.5 * 0.3 * scale},
                        p.toHost(),
                        "w, clip " + clipNorm);
                assertValues(new double[] {0.1, 0.2, -0.3}, g.toHost(), "the gradients themselves are not changed");
            }
        }
    }

    @org.junit.jupiter.api.Test
    void namedOptimizersCarryPyTorchsDefaults() {
        UpdateRule adam = OptimizerSettings.defaults("adam").create().rule();
        assertEquals(UpdateRule.Kind.ADAM, adam.kind());
        assertEquals(0.9f, adam.beta1());
        assertEquals(0.999f, adam.beta2());
        assertEquals(1e-8f, adam.epsilon());
        assertEquals(0.01f, OptimizerSettings.defaults("adamw").create().rule().weightDecay());
        assertEquals(
                1e-10f, OptimizerSettings.defaults("adagrad").create().rule().epsilon());
        assertEquals(
                0.99f, OptimizerSettings.defaults("rmsprop").create().rule().rho());
        assertEquals(
                UpdateRule.Kind.SGD, OptimizerSettings.defaults("sgd").create().kind());
        assertEquals(
                UpdateRule.Kind.MOMENTUM,
                OptimizerSettings.defaults("momentum").create().kind());
        assertEquals(
                0.9f, OptimizerSettings.defaults("nesterov").create().rule().momentum());
        assertEquals(0.001, OptimizerSettings.defaults("adam").defaultLearningRate());
        assertEquals(0.01, OptimizerSettings.defaults("sgd").defaultLearningRate());
        UpdateRule penalised = OptimizerSettings.defaults("nesterov")
                .withPenalties(1e-3f, 1e-4f)
                .create()
                .rule();
        assertEquals(1e-3f, penalised.l2());
        assertEquals(1e-4f, penalised.l1());
    }
}
