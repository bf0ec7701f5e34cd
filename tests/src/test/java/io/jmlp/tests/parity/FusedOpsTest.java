package io.jmlp.tests.parity;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jmlp.backend.Activation;
import io.jmlp.backend.Backend;
import io.jmlp.backend.Scope;
import io.jmlp.backend.Tensor;
import io.jmlp.tests.TestBackends;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each fused op against the unfused pair it replaced, on the same backend, bit for bit: batch norm
 * then {@code biasActivationForward}, {@code activationBackward} then batch norm's backward, and
 * softmax cross-entropy then {@code countCorrect}. The fused kernels promise the same float
 * operations in the same order, so that training computes exactly what it did before the fusion;
 * any reordering or contraction shows here as a difference of an ulp, which the parity tolerances
 * would not.
 */
class FusedOpsTest {
    private static final int[][] SHAPES = {{7, 13}, {100, 300}};

    @ParameterizedTest
    @MethodSource("io.jmlp.tests.TestBackends#namesWithReference")
    void batchNormWithAnActivationEqualsBatchNormThenTheActivation(String backendName) {
        try (Backend b = TestBackends.open(backendName);
                Scope s = new Scope(b)) {
            int seed = 900;
            for (int[] shape : SHAPES) {
                int n = shape[0];
                int m = shape[1];
                Tensor x = s.upload(n, m, Inputs.uniform(seed++, n * m, 1, 3));
                Tensor gamma = s.upload(1, m, Inputs.uniform(seed++, m, 0.5, 1.5));
                Tensor beta = s.upload(1, m, Inputs.uniform(seed++, m, -0.5, 0.5));
                // Running statistics near the batch's, so that inference outputs straddle the kinks too.
                Tensor runningMean = s.upload(1, m, Inputs.uniform(seed++, m, 1.8, 2.2));
                Tensor runningVar = s.upload(1, m, Inputs.uniform(seed++, m, 0.2, 0.5));
                Tensor da = s.upload(n, m, Inputs.uniform(seed++, n * m, -1, 1));
                for (Activation act : ActivationParityTest.activations()) {
                    String where = backendName + ", " + act + ", " + n + "×" + m + ": ";
                    // Unfused: batch norm alone, then the activation as its own op.
                    Tensor y1 = s.zeros(n, m);
                    Tensor a1 = s.zeros(n, m);
                    Tensor mean1 = s.zeros(1, m);
                    Tensor inv1 = s.zeros(1, m);
                    b.batchNormForwardTraining(
                            x,
                            gamma,
                            beta,
                            1e-5f,
                            0.1f,
                            s.zeros(1, m),
                            s.zeros(1, m),
                            Activation.IDENTITY,
                            y1,
                            y1,
                            mean1,
                            inv1);
                    b.biasActivationForward(y1, null, act, a1);
                    Tensor dy1 = s.zeros(n, m);
                    b.activationBackward(act, y1, a1, da, dy1);
                    Tensor dx1 = s.zeros(n, m);
                    Tensor dg1 = s.zeros(1, m);
                    Tensor db1 = s.zeros(1, m);
                    b.batchNormBackward(x, Activation.IDENTITY, null, null, dy1, gamma, mean1, inv1, dx1, dg1, db1);
                    Tensor inference1 = s.zeros(n, m);
                    b.batchNormForwardInference(
                            x, gamma, beta, 1e-5f, runningMean, runningVar, Activation.IDENTITY, inference1);
                    Tensor inferenceA1 = s.zeros(n, m);
                    b.biasActivationForward(inference1, null, act, inferenceA1);

                    // Fused.
                    Tensor y2 = s.zeros(n, m);
                    Tensor a2 = s.zeros(n, m);
                    Tensor mean2 = s.zeros(1, m);
                    Tensor inv2 = s.zeros(1, m);
                    b.batchNormForwardTraining(
                            x, gamma, beta, 1e-5f, 0.1f, s.zeros(1, m), s.zeros(1, m), act, y2, a2, mean2, inv2);
                    Tensor dx2 = s.zeros(n, m);
                    Tensor dg2 = s.zeros(1, m);
                    Tensor db2 = s.zeros(1, m);
                    b.batchNormBackward(x, act, y2, a2, da, gamma, mean2, inv2, dx2, dg2, db2);
                    Tensor inferenceA2 = s.zeros(n, m);
                    b.batchNormForwardInference(x, gamma, beta, 1e-5f, runningMean, runningVar, act, inferenceA2);

                    assertArrayEquals(y1.toHost(), y2.toHost(), where + "y");
                    assertArrayEquals(a1.toHost(), a2.toHost(), where + "a = f(y)");
                    assertArrayEquals(inv1.toHost(), inv2.toHost(), where + "saved 1/σ");
                    assertArrayEquals(dx1.toHost(), dx2.toHost(), where + "dx");
                    assertArrayEquals(dg1.toHost(), dg2.toHost(), where + "dγ");
                    assertArrayEquals(db1.toHost(), db2.toHost(), where + "dβ");
                    assertArrayEquals(inferenceA1.toHost(), inferenceA2.toHost(), where + "inference f(y)");
                }
            }
        }
    }

    @ParameterizedTest
    @MethodSource("io.jmlp.tests.TestBackends#namesWithReference")
    void softmaxCrossEntropyCountsWhatCountCorrectCounts(String backendName) {
        try (Backend b = TestBackends.open(backendName);
                Scope s = new Scope(b)) {
            int seed = 950;
            for (int[] shape : new int[][] {{1, 2}, {3, 7}, {100, 10}, {257, 33}}) {
                int n = shape[0];
                int k = shape[1];
                // Logits that are small integers tie often, so the first-maximum rule is exercised.
                float[] logits = Inputs.uniform(seed++, n * k, -3, 3);
                for (int i = 0; i < logits.length; i += 2) {
                    logits[i] = Math.round(logits[i]);
                }
                Tensor l = s.upload(n, k, logits);
                // Every other row labelled with its first maximum, so both outcomes are counted.
                int[] labels = Inputs.ints(seed++, n, k);
                for (int i = 0; i < n; i += 2) {
                    int best = 0;
                    for (int j = 1; j < k; j++) {
                        best = logits[i * k + j] > logits[i * k + best] ? j : best;
                    }
                    labels[i] = best;
                }
                Tensor lb = s.uploadInts(n, 1, labels);
                Tensor d1 = s.zeros(n, k);
                Tensor loss1 = s.zeros(1, 1);
                Tensor correct1 = s.upload(1, 1, new float[] {2f});
                b.softmaxCrossEntropy(l, lb, d1, loss1, null);
                b.countCorrect(l, lb, correct1);
                Tensor d2 = s.zeros(n, k);
                Tensor loss2 = s.zeros(1, 1);
                Tensor correct2 = s.upload(1, 1, new float[] {2f});
                b.softmaxCrossEntropy(l, lb, d2, loss2, correct2);
                String where = backendName + ", " + n + "×" + k + ": ";
                assertArrayEquals(d1.toHost(), d2.toHost(), where + "dLogits");
                assertEquals(loss1.scalar(), loss2.scalar(), 0f, where + "loss");
                assertEquals(correct1.scalar(), correct2.scalar(), 0f, where + "rows right (added to 2)");
            }
        }
    }
}
