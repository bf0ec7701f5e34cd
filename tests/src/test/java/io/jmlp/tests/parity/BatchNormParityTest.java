package io.jmlp.tests.parity;

import io.jmlp.backend.Tensor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Batch norm in training and inference mode, and its backward pass. */
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
                    b.batchNormForwardTraining(s.upload(n, m, x), s.upload(1, m, gamma), s.upload(1, m, beta), 1e-5f, 0.1f, rm, rv,
                            y, mean, invStd);
                    out.add("y", y, Tolerances.BATCH_NORM);
                    out.add("runningMean", rm, Tolerances.BATCH_NORM);
                    out.add("runningVar", rv, Tolerances.BATCH_NORM);
                    out.add("savedMean", mean, Tolerances.BATCH_NORM);
                    out.add("savedInvStd", invStd, Tolerances.BATCH_NORM);
                });
                check.compare("batchNormForwardInference", name, (b, s, out) -> {
                    Tensor y = s.zeros(n, m);
                    b.batchNormForwardInference(s.upload(n, m, x), s.upload(1, m, gamma), s.upload(1, m, beta), 1e-5f,
                            s.upload(1, m, runMean), s.upload(1, m, runVar), y);
                    out.add("y", y, Tolerances.BATCH_NORM);
                });
                check.compare("batchNormBackward", name, (b, s, out) -> {
                    // Saved statistics from a forward pass on the same backend, as in training.
                    Tensor xt = s.upload(n, m, x);
                    Tensor gt = s.upload(1, m, gamma);
                    Tensor mean = s.zeros(1, m);
                    Tensor invStd = s.zeros(1, m);
                    b.batchNormForwardTraining(xt, gt, s.upload(1, m, beta), 1e-5f, 0.1f, s.zeros(1, m), s.zeros(1, m),
                            s.zeros(n, m), mean, invStd);
                    Tensor dx = s.zeros(n, m);
                    Tensor dGamma = s.zeros(1, m);
                    Tensor dBeta = s.zeros(1, m);
                    b.batchNormBackward(xt, s.upload(n, m, dy), gt, mean, invStd, dx, dGamma, dBeta);
                    out.add("dx", dx, Tolerances.BATCH_NORM);
                    out.add("dGamma", dGamma, Tolerances.BATCH_NORM);
                    out.add("dBeta", dBeta, Tolerances.BATCH_NORM);
                });
            }
        }
    }
}
