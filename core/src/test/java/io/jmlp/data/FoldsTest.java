package io.jmlp.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class FoldsTest {

    /** 103 rows, classes of 60, 30 and 13 (imbalanced, and no class divisible by 5). */
    private static Dataset imbalanced() {
        int[] labels = new int[103];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = i < 60 ? 0 : i < 90 ? 1 : 2;
        }
        float[] x = new float[103];
        for (int i = 0; i < x.length; i++) {
            x[i] = i;
        }
        return Dataset.classification("imbalanced", x, 103, 1, labels, 3);
    }

    @Test
    void everyFoldHoldsEachClassInProportionAndTheFoldsPartitionTheRows() {
        Dataset data = imbalanced();
        List<Folds.Fold> folds = Folds.kFold(data, 5, 2, 7);
        assertEquals(10, folds.size());
        int[] classSizes = {60, 30, 13};
        for (int r = 0; r < 2; r++) {
            int[] seen = new int[103];
            for (Folds.Fold f : folds.subList(r * 5, r * 5 + 5)) {
                assertEquals(r, f.repeat());
                assertEquals(103, f.trainRows().length + f.testRows().length);
                assertTrue(f.testRows().length == 20 || f.testRows().length == 21, "fold sizes differ by at most one");
                int[] counts = new int[3];
                for (int row : f.testRows()) {
                    seen[row]++;
                    counts[data.labels()[row]]++;
                }
                for (int c = 0; c < 3; c++) {
                    assertTrue(
                            counts[c] == classSizes[c] / 5 || counts[c] == classSizes[c] / 5 + 1,
                            "class " + c + " has " + counts[c] + " rows in a test fold");
                }
                int[] train = f.trainRows().clone();
                for (int row : f.testRows()) {
                    assertTrue(Arrays.binarySearch(train, row) < 0, "row " + row + " in both train and test");
                }
            }
            for (int row = 0; row < 103; row++) {
                assertEquals(1, seen[row], "row " + row + " is tested exactly once per repeat");
            }
        }
        assertFalse(Arrays.equals(folds.get(0).testRows(), folds.get(5).testRows()), "repeats reshuffle");
        assertTrue(
                Arrays.equals(
                        folds.get(3).testRows(),
                        Folds.kFold(data, 5, 2, 7).get(3).testRows()),
                "same seed, same folds");
        assertNotEquals(
                Arrays.toString(folds.get(0).testRows()),
                Arrays.toString(Folds.kFold(data, 5, 2, 8).get(0).testRows()));
    }

    @Test
    void stratifiedSplitKeepsClassProportions() {
        Dataset.Split split = Folds.stratifiedSplit(imbalanced(), 0.8, 3);
        int[] counts = new int[3];
        for (int label : split.second().labels()) {
            counts[label]++;
        }
        assertEquals(12, counts[0]); // round(60·0.8) = 48 stay
        assertEquals(6, counts[1]);
        assertEquals(3, counts[2]); // round(13·0.8) = 10 stay
        assertEquals(103, split.first().rows() + split.second().rows());
    }

    @Test
    void scalersAreFittedOnTheTrainingRowsOnly() {
        Dataset train = Dataset.regression("train", new float[] {0, 10, 2, 20, 4, 30}, 3, 2, new float[] {0, 0, 0}, 1);
        Dataset test = Dataset.regression("test", new float[] {6, 40}, 1, 2, new float[] {0}, 1);
        FeatureScaler minMax = FeatureScaler.minMax(train);
        assertArrayEquals(new float[] {1.5f, 1.5f}, minMax.transform(test).features());
        FeatureScaler standard = FeatureScaler.standardizer(train);
        float[] z = standard.transform(train).features();
        double sd = Math.sqrt(8.0 / 3); // feature 0: 0, 2, 4 → mean 2, population variance 8/3
        assertEquals(-2 / sd, z[0], 1e-6);
        assertEquals(2 / sd, z[4], 1e-6);
        assertEquals(4 / sd, standard.transform(test).features()[0], 1e-6);
    }

    private static void assertArrayEquals(float[] expected, float[] actual) {
        org.junit.jupiter.api.Assertions.assertArrayEquals(expected, actual, 1e-6f);
    }
}
