package io.jmlp.spark.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The sum treeAggregate folds must not depend on the order Spark merges partial results in. */
class ExactSumTest {

    @Test
    void everyMergeOrderGivesTheExactSum() {
        float big = (float) Math.pow(2, 60);
        float[][] parts = {{big, 0.5f}, {1f, 0.25f}, {-big, 0.25f}};
        // In plain doubles the order shows: (2^60 + 1) rounds the 1 away, (2^60 - 2^60) + 1 keeps it.
        assertNotEquals(((double) big + 1.0) - big, ((double) big - big) + 1.0);
        int[][] orders = {{0, 1, 2}, {0, 2, 1}, {1, 2, 0}, {2, 1, 0}};
        for (int[] order : orders) {
            ExactSum left = ExactSum.empty(2);
            for (int i : order) {
                left.merge(ExactSum.of(parts[i]));
            }
            // The same three as a tree: (a + b) + c, merged the other way round.
            ExactSum tree = ExactSum.of(parts[order[2]])
                    .merge(ExactSum.of(parts[order[0]]).merge(ExactSum.of(parts[order[1]])));
            for (ExactSum s : new ExactSum[] {left, tree}) {
                assertEquals(3, s.contributions());
                assertEquals(1.0, s.sum(0), "order " + java.util.Arrays.toString(order));
                assertEquals(1f / 3f, s.mean(0, 1)[0]);
                assertEquals(1.0, s.sum(1));
            }
        }
        ExactSum s = ExactSum.of(parts[0]).merge(ExactSum.of(parts[1]));
        assertTrue(s.exactElements() > 0, "2^60 + 1 needs the exact path");
    }

    @Test
    void oneContributionIsItsOwnMean() {
        float[] v = {0.1f, -3e-38f, Float.MIN_VALUE, 1e30f};
        ExactSum s = ExactSum.empty(4).merge(ExactSum.of(v));
        for (int i = 0; i < v.length; i++) {
            assertEquals(v[i], s.mean(0, 4)[i]);
        }
    }

    @Test
    void nonFiniteValuesPropagateInAnyOrder() {
        ExactSum a = ExactSum.of(new float[] {Float.POSITIVE_INFINITY}).merge(ExactSum.of(new float[] {1f}));
        assertEquals(Double.POSITIVE_INFINITY, a.sum(0));
        ExactSum b = ExactSum.of(new float[] {Float.NaN}).merge(ExactSum.of(new float[] {1f}));
        assertTrue(Double.isNaN(b.sum(0)));
    }
}
