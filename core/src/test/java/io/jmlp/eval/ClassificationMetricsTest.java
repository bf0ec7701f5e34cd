package io.jmlp.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Metrics against values worked out by hand (and checked with scikit-learn 1.2's functions of the same name). */
class ClassificationMetricsTest {
    private static final double EPS = 1e-12;

    //            true: 0 0 0 1 1 2
    //       predicted: 0 0 1 1 2 2
    private static final ConfusionMatrix MATRIX =
            ConfusionMatrix.of(new int[] {0, 0, 0, 1, 1, 2}, new int[] {0, 0, 1, 1, 2, 2}, List.of("a", "b", "c"));

    @Test
    void confusionMatrixCountsTrueRowsAndPredictedColumns() {
        long[][] expected = {{2, 1, 0}, {0, 1, 1}, {0, 0, 1}};
        for (int t = 0; t < 3; t++) {
            for (int p = 0; p < 3; p++) {
                assertEquals(expected[t][p], MATRIX.count(t, p), "count(" + t + ", " + p + ")");
            }
        }
        assertEquals(6, MATRIX.total());
        assertEquals(4, MATRIX.correct());
    }

    @Test
    void perClassAndAveragedPrecisionRecallF1() {
        ClassificationMetrics m = ClassificationMetrics.of(MATRIX);
        assertEquals(4.0 / 6, m.accuracy(), EPS);
        // class a: TP 2 of 2 predicted, 3 actual; b: 1 of 2, 2; c: 1 of 2, 1.
        double[][] prf = {{1, 2.0 / 3, 0.8}, {0.5, 0.5, 0.5}, {0.5, 1, 2.0 / 3}};
        for (int c = 0; c < 3; c++) {
            ClassificationMetrics.PerClass p = m.perClass().get(c);
            assertEquals(prf[c][0], p.precision(), EPS);
            assertEquals(prf[c][1], p.recall(), EPS);
            assertEquals(prf[c][2], p.f1(), EPS);
        }
        assertEquals(2.0 / 3, m.macro().precision(), EPS);
        assertEquals(13.0 / 18, m.macro().recall(), EPS);
        assertEquals((0.8 + 0.5 + 2.0 / 3) / 3, m.macro().f1(), EPS);
        assertEquals(0.75, m.weighted().precision(), EPS);
        assertEquals(4.0 / 6, m.weighted().recall(), EPS);
        assertEquals((3 * 0.8 + 2 * 0.5 + 2.0 / 3) / 6, m.weighted().f1(), EPS);
    }

    @Test
    void aClassNeverPredictedHasZeroPrecisionNotNaN() {
        ClassificationMetrics m =
                ClassificationMetrics.of(ConfusionMatrix.of(new int[] {0, 1}, new int[] {0, 0}, List.of("x", "y")));
        assertEquals(0, m.perClass().get(1).precision());
        assertEquals(0, m.perClass().get(1).f1());
        assertEquals(0.5, m.perClass().get(0).precision(), EPS);
    }

    /**
     * Tied scores: the curve steps diagonally through a tie, and the area is the Mann–Whitney
     * probability with ties counted ½: positives 0.9, 0.5, 0.3 against negatives 0.9, 0.5, 0.1 win
     * 2.5 + 1.5 + 1 = 5 of 9 pairs (sklearn.metrics.roc_auc_score gives 0.5556 too).
     */
    @Test
    void rocWithTiesMatchesTheHandComputedCurveAndArea() {
        Roc roc = Roc.of(
                "pos", new boolean[] {true, false, true, false, true, false}, new double[] {0.9, 0.9, 0.5, 0.5, 0.3, 0.1
                });
        assertEquals(5.0 / 9, roc.auc(), EPS);
        assertArrayEquals(new double[] {0, 1.0 / 3, 2.0 / 3, 2.0 / 3, 1}, roc.falsePositiveRate(), EPS);
        assertArrayEquals(new double[] {0, 1.0 / 3, 2.0 / 3, 1, 1}, roc.truePositiveRate(), EPS);
    }

    @Test
    void rocOfAPerfectAndAnInvertedRanking() {
        assertEquals(
                1,
                Roc.of("p", new boolean[] {true, true, false}, new double[] {3, 2, 1})
                        .auc(),
                EPS);
        assertEquals(
                0,
                Roc.of("p", new boolean[] {false, false, true}, new double[] {3, 2, 1})
                        .auc(),
                EPS);
        assertThrows(
                IllegalArgumentException.class, () -> Roc.of("p", new boolean[] {true, true}, new double[] {1, 2}));
    }

    @Test
    void oneVsRestScoresEachClassByItsColumn() {
        int[] labels = {0, 1, 2, 2};
        float[] p = {
            0.7f, 0.2f, 0.1f,
            0.1f, 0.8f, 0.1f,
            0.3f, 0.3f, 0.4f,
            0.5f, 0.1f, 0.4f
        };
        List<Roc> curves = Roc.oneVsRest(labels, p, List.of("0", "1", "2"));
        assertEquals(3, curves.size());
        assertEquals(1, curves.get(0).auc(), EPS); // 0.7 above 0.1, 0.3, 0.5
        assertEquals(1, curves.get(1).auc(), EPS);
        // class 2: positives 0.4, 0.4 vs negatives 0.1, 0.1 → all 4 pairs won
        assertEquals(1, curves.get(2).auc(), EPS);
    }

    @Test
    void logLossIsTheMeanNegativeLogProbabilityOfTheTrueClassClipped() {
        assertEquals(
                -(Math.log(0.8) + Math.log(0.7)) / 2,
                LogLoss.of(new int[] {0, 1}, new float[] {0.8f, 0.2f, 0.3f, 0.7f}, 2),
                1e-6);
        assertEquals(-Math.log(1e-15), LogLoss.of(new int[] {1}, new float[] {1f, 0f}, 2), 1e-9);
    }
}
