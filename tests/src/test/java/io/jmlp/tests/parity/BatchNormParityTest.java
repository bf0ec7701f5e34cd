package io.jmlp.tests.parity;

import io.jmlp.backend.Activation;
import io.jmlp.backend.Backend;
import io.jmlp.backend.Scope;
import io.jmlp.backend.Tensor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Batch norm in training and inference mode and its backward pass, alone (the identity) and fused
 * with every activation. The fused outputs use {@link Tolerances#BATCH_NORM} too: a = f(y) adds to
 * y's error at most f's slope (≤ 1.13, GELU's largest) times it plus f's own few-ulp rounding, and
 * dy = da ⊙ f'(y) adds a few ulp per element before the same sums; both stay orders of magnitude
 * below that bound, which a wrong formula or a wrong branch still exceeds.
 */
class BatchNormParityTest {

    @AfterAll
    static void report() {
        ParityReport.write();
    }

    @ParameterizedTest
    @MethodSource("io.jmlp.tests.TestBackends#names")
    void batchNorm(String backendName) {
        try (ParityCheck check = new ParityCheck(backendName)) {
            int seed = 600;
            int fusedSeed = 6000; // a sequence of its own, so the identity cases keep the inputs they always had
            int[][] shapes = {{1, 5}, {2, 3}, {7, 13}, {100, 300}, {257, 129}};
            for (int[] shape : shapes) {
                int n = shape[0];
                int m = shape[1];
                // Columns with an offset of 2 and spread ~0.6: a one-pass E[x²] − E[x]² in float loses digits here.
                float[] x = Inputs.uniform(seed++, n * m, 1, 3);
                float[] gamma = Inputs.uniform(seed++, m, 0.5, 1.5);
                float[] beta = Inputs.uniform(seed++, m, -0.5, 0.5);
                float[] runMean = Inputs.uniform(seed++, m, -0.2, 0.2);
                float[] runVar = Inputs.uniform(seed++, m, 0.5, 1.5);
                float[] dy = Inputs.uniform(seed++, n * m, -1, 1);
                String name = n + "×" + m;
                check.compare("batchNormForwardTraining", name, (b, s, out) -> {
                    Tensor y = s.zeros(n, m);
                    Tensor rm = s.upload(1, m, runMean);
                    Tensor rv = s.upload(1, m, runVar);
                    Tensor mean = s.zeros(1, m);
                    Tensor invStd = s.zeros(1, m);
                    b.batchNormForwardTraining(
                            s.upload(n, m, x),
                            s.upload(1, m, gamma),
                            s.upload(1, m, beta),
                            1e-5f,
                            0.1f,
                            rm,
                            rv,
                            Activation.IDENTITY,
                            y,
                            y,
                            mean,
                            invStd);
                    out.add("y", y, Tolerances.BATCH_NORM);
                    out.add("runningMean", rm, Tolerances.BATCH_NORM);
                    out.add("runningVar", rv, Tolerances.BATCH_NORM);
                    out.add("savedMean", mean, Tolerances.BATCH_NORM);
                    out.add("savedInvStd", invStd, Tolerances.BATCH_NORM);
                });
                check.compare("batchNormForwardInference", name, (b, s, out) -> {
                    Tensor y = s.zeros(n, m);
                    b.batchNormForwardInference(
                            s.upload(n, m, x),
                            s.upload(1, m, gamma),
                            s.upload(1, m, beta),
                            1e-5f,
                            s.upload(1, m, runMean),
                            s.upload(1, m, runVar),
                            Activation.IDENTITY,
                            y);
                    out.add("y", y, Tolerances.BATCH_NORM);
                });
                check.compare("batchNormBackward", name, (b, s, out) -> {
                    Tensor xt = s.upload(n, m, x);
                    Tensor gt = s.upload(1, m, gamma);
                    Tensor mean = s.zeros(1, m);
                    Tensor invStd = s.zeros(1, m);
                    savedStatistics(b, s, xt, gt, beta, mean, invStd);
                    Tensor dx = s.zeros(n, m);
                    Tensor dGamma = s.zeros(1, m);
                    Tensor dBeta = s.zeros(1, m);
                    // The identity reads neither y nor a: both null.
                    b.batchNormBackward(
                            xt,
                            Activation.IDENTITY,
                            null,
                            null,
                            s.upload(n, m, dy),
                            gt,
                            mean,
                            invStd,
                            dx,
                            dGamma,
                            dBeta);
                    out.add("dx", dx, Tolerances.BATCH_NORM);
                    out.add("dGamma", dGamma, Tolerances.BATCH_NORM);
                    out.add("dBeta", dBeta, Tolerances.BATCH_NORM);
                });
                for (Activation act : ActivationParityTest.activations()) {
                    fused(check, act, fusedSeed++, n, m, x, gamma, beta, runMean, runVar, dy);
                }
            }
        }
    }

    private static void fused(
            ParityCheck check,
            Activation act,
            int seed,
            int n,
            int m,
            float[] x,
            float[] gamma,
            float[] beta,
            float[] runMean,
            float[] runVar,
            float[] da) {
        String name = act + " " + n + "×" + m;
        check.compare("batchNormForwardTraining", name, (b, s, out) -> {
            Tensor y = s.zeros(n, m);
            Tensor a = s.zeros(n, m);
            Tensor rm = s.upload(1, m, runMean);
            Tensor rv = s.upload(1, m, runVar);
            Tensor mean = s.zeros(1, m);
            Tensor invStd = s.zeros(1, m);
            b.batchNormForwardTraining(
                    s.upload(n, m, x),
                    s.upload(1, m, gamma),
                    s.upload(1, m, beta),
                    1e-5f,
                    0.1f,
                    rm,
                    rv,
                    act,
                    y,
                    a,
                    mean,
                    invStd);
            out.add("y", y, Tolerances.BATCH_NORM);
            out.add("a", a, Tolerances.BATCH_NORM);
            out.add("runningMean", rm, Tolerances.BATCH_NORM);
            out.add("runningVar", rv, Tolerances.BATCH_NORM);
            out.add("savedMean", mean, Tolerances.BATCH_NORM);
            out.add("savedInvStd", invStd, Tolerances.BATCH_NORM);
        });
        check.compare("batchNormForwardInference", name, (b, s, out) -> {
            Tensor y = s.zeros(n, m);
            b.batchNormForwardInference(
                    s.upload(n, m, x),
                    s.upload(1, m, gamma),
                    s.upload(1, m, beta),
                    1e-5f,
                    s.upload(1, m, runMean),
                    s.upload(1, m, runVar),
                    act,
                    y);
            out.add("f(y)", y, Tolerances.BATCH_NORM);
        });
        // y and a = f(y) as the reference computes them, uploaded: every backend differentiates at the
        // same points (a y a few ulp either side of a kink would otherwise pick another branch). y in
        // [−4, 4] reaches every branch; the statistics come from a forward pass on the backend itself.
        float[] y = Inputs.uniform(seed, n * m, -4, 4);
        float[] a = new float[y.length];
        for (int i = 0; i < y.length; i++) {
            a[i] = (float) act.apply(y[i]);
        }
        check.compare("batchNormBackward", name, (b, s, out) -> {
            Tensor xt = s.upload(n, m, x);
            Tensor gt = s.upload(1, m, gamma);
            Tensor mean = s.zeros(1, m);
            Tensor invStd = s.zeros(1, m);
            savedStatistics(b, s, xt, gt, beta, mean, invStd);
            Tensor dx = s.zeros(n, m);
            Tensor dGamma = s.zeros(1, m);
            Tensor dBeta = s.zeros(1, m);
            b.batchNormBackward(
                    xt,
                    act,
                    s.upload(n, m, y),
                    s.upload(n, m, a),
                    s.upload(n, m, da),
                    gt,
                    mean,
                    invStd,
                    dx,
                    dGamma,
                    dBeta);
            out.add("dx", dx, Tolerances.BATCH_NORM);
            out.add("dGamma", dGamma, Tolerances.BATCH_NORM);
            out.add("dBeta", dBeta, Tolerances.BATCH_NORM);
        });
    }

    /** Saved statistics from a training-mode forward pass on the same backend, as in training. */
    private static void savedStatistics(
            Backend b, Scope s, Tensor x, Tensor gamma, float[] beta, Tensor mean, Tensor invStd) {
        Tensor y = s.zeros(x.rows(), x.cols());
        b.batchNormForwardTraining(
                x,
                gamma,
                s.upload(1, x.cols(), beta),
                1e-5f,
                0.1f,
                s.zeros(1, x.cols()),
                s.zeros(1, x.cols()),
                Activation.IDENTITY,
                y,
                y,
                mean,
                invStd);
    }
}
