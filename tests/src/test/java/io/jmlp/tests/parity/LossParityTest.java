package io.jmlp.tests.parity;

import io.jmlp.backend.Tensor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The fused losses, softmax, argmax and correct counts. */
class LossParityTest {
    private static final int[][] SHAPES = {{1, 1}, {1, 2}, {3, 7}, {100, 10}, {257, 33}};

    @AfterAll
    static void report() {
        ParityReport.write();
    }

    @ParameterizedTest
    @MethodSource("io.jmlp.tests.TestBackends#names")
    void classificationLosses(String backendName) {
        try (ParityCheck check = new ParityCheck(backendName)) {
            int seed = 700;
            for (int[] shape : SHAPES) {
                int n = shape[0];
                int k = shape[1];
                // Logits up to ±30: softmax must subtract the row maximum or exp overflows.
                float[] logits = Inputs.uniform(seed++, n * k, -30, 30);
                int[] labels = Inputs.ints(seed++, n, k);
                String name = n + "×" + k;
                check.compare("softmaxCrossEntropy", name, (b, s, out) -> {
                    Tensor d = s.zeros(n, k);
                    Tensor loss = s.upload(1, 1, new float[] {1.5f});
                    b.softmaxCrossEntropy(s.upload(n, k, logits), s.uploadInts(n, 1, labels), d, loss, null);
                    out.add("dLogits", d, Tolerances.LOSS_GRADIENT);
                    out.add("lossSum", loss, Tolerances.LOSS_SUM);
                });
                check.compare("softmaxCrossEntropy", name + " counting", (b, s, out) -> {
                    Tensor d = s.zeros(n, k);
                    Tensor loss = s.upload(1, 1, new float[] {1.5f});
                    Tensor correct = s.upload(1, 1, new float[] {3f});
                    b.softmaxCrossEntropy(s.upload(n, k, logits), s.uploadInts(n, 1, labels), d, loss, correct);
                    out.add("dLogits", d, Tolerances.LOSS_GRADIENT);
                    out.add("lossSum", loss, Tolerances.LOSS_SUM);
                    out.add("correct", correct, Tolerances.EXACT);
                });
                for (float margin : new float[] {1f, 5f}) {
                    float[] scores = Inputs.uniform(seed++, n * k, -3, 3);
                    check.compare("multiclassHinge", name + " Δ=" + margin, (b, s, out) -> {
                        Tensor d = s.zeros(n, k);
                        Tensor loss = s.zeros(1, 1);
                        b.multiclassHinge(s.upload(n, k, scores), s.uploadInts(n, 1, labels), margin, d, loss);
                        out.add("dScores", d, Tolerances.LOSS_GRADIENT);
                        out.add("lossSum", loss, Tolerances.LOSS_SUM);
                    });
                }
                check.compare("softmax", name, (b, s, out) -> {
                    Tensor p = s.zeros(n, k);
                    b.softmax(s.upload(n, k, logits), p);
                    out.add("p", p, Tolerances.TRANSCENDENTAL);
                });
                check.compare("argmaxRows", name, (b, s, out) -> {
                    Tensor idx = s.ints(n, 1);
                    b.argmaxRows(s.upload(n, k, logits), idx);
                    out.add("argmax", idx, Tolerances.EXACT);
                });
                check.compare("countCorrect", name, (b, s, out) -> {
                    Tensor correct = s.upload(1, 1, new float[] {3f});
                    b.countCorrect(s.upload(n, k, logits), s.uploadInts(n, 1, labels), correct);
                    out.add("correct", correct, Tolerances.EXACT);
                });
            }
            check.compare("softmaxCrossEntropy", "ties count the first maximum", (b, s, out) -> {
                // Row 0's maximum 3 first occurs in column 1 (label 2: wrong), row 1's in column 0 (label 0: right).
                Tensor d = s.zeros(2, 4);
                Tensor loss = s.zeros(1, 1);
                Tensor correct = s.zeros(1, 1);
                b.softmaxCrossEntropy(
                        s.upload(2, 4, new float[] {1, 3, 3, 0, 2, 2, 2, 2}),
                        s.uploadInts(2, 1, new int[] {2, 0}),
                        d,
                        loss,
                        correct);
                out.add("correct", correct, Tolerances.EXACT);
            });
            check.compare("argmaxRows", "ties take the first", (b, s, out) -> {
                Tensor idx = s.ints(2, 1);
                b.argmaxRows(s.upload(2, 4, new float[] {1, 3, 3, 0, 2, 2, 2, 2}), idx);
                out.add("argmax", idx, Tolerances.EXACT);
            });
        }
    }

    @ParameterizedTest
    @MethodSource("io.jmlp.tests.TestBackends#names")
    void targetLosses(String backendName) {
        try (ParityCheck check = new ParityCheck(backendName)) {
            int seed = 800;
            for (int[] shape : SHAPES) {
                int n = shape[0];
                int k = shape[1];
                float[] logits = Inputs.uniform(seed++, n, -20, 20);
                float[] binary = new float[n];
                int[] binaryLabels = Inputs.ints(seed++, n, 2);
                for (int i = 0; i < n; i++) {
                    binary[i] = binaryLabels[i];
                }
                check.compare("sigmoidBinaryCrossEntropy", n + "×1", (b, s, out) -> {
                    Tensor d = s.zeros(n, 1);
                    Tensor loss = s.zeros(1, 1);
                    b.sigmoidBinaryCrossEntropy(s.upload(n, 1, logits), s.upload(n, 1, binary), d, loss);
                    out.add("dLogits", d, Tolerances.LOSS_GRADIENT);
                    out.add("lossSum", loss, Tolerances.LOSS_SUM);
                });
                check.compare("countCorrect", n + "×1 logit", (b, s, out) -> {
                    Tensor correct = s.zeros(1, 1);
                    b.countCorrect(s.upload(n, 1, logits), s.uploadInts(n, 1, binaryLabels), correct);
                    out.add("correct", correct, Tolerances.EXACT);
                });
                float[] predictions = Inputs.uniform(seed++, n * k, -2, 2);
                float[] targets = Inputs.uniform(seed++, n * k, -2, 2);
                check.compare("meanSquaredError", n + "×" + k, (b, s, out) -> {
                    Tensor d = s.zeros(n, k);
                    Tensor loss = s.zeros(1, 1);
                    b.meanSquaredError(s.upload(n, k, predictions), s.upload(n, k, targets), d, loss);
                    out.add("dPredictions", d, Tolerances.LOSS_GRADIENT);
                    out.add("lossSum", loss, Tolerances.LOSS_SUM);
                });
            }
        }
    }
}
