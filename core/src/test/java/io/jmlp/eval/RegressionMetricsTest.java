package io.jmlp.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class RegressionMetricsTest {
    @Test
    void handComputedValues() {
        // errors 0.5, -0.5, 1, 0 → SSE 1.5, mean |e| 0.5; targets 3, -0.5, 2, 7 have mean 2.875, SS_tot 29.1875
        RegressionMetrics m = RegressionMetrics.of(new float[] {3.5f, -1f, 3f, 7f}, new float[] {3f, -0.5f, 2f, 7f});
        assertEquals(Math.sqrt(1.5 / 4), m.rmse(), 1e-12);
        assertEquals(0.5, m.mae(), 1e-12);
        assertEquals(1 - 1.5 / 29.1875, m.r2(), 1e-12);
        assertEquals(4, m.count());
    }

    @Test
    void constantTargets() {
        assertEquals(
                1,
                RegressionMetrics.of(new float[] {2f, 2f}, new float[] {2f, 2f}).r2());
        assertEquals(
                0,
                RegressionMetrics.of(new float[] {1f, 2f}, new float[] {2f, 2f}).r2());
    }
}
