package io.jmlp.tests.optim;

import io.jmlp.backend.Backend;
import io.jmlp.backend.DType;
import io.jmlp.backend.Tensor;
import io.jmlp.backend.UpdateRule;

/**
 * One {@link Backend#optimizerUpdate} at a learning rate and step given here: the test writes a
 * rate table of {@code row + 1} rows (only the last one meaningful, the others NaN, so reading the
 * wrong row shows) and a step clock pointing at row {@code row}, as the trainer does once per epoch.
 */
public final class SingleUpdate {
    private SingleUpdate() {}

    public static void apply(
            Backend b,
            UpdateRule rule,
            double learningRate,
            long step,
            int row,
            Tensor gradSquares,
            Tensor params,
            Tensor grads,
            Tensor state1,
            Tensor state2,
            long decayedCount) {
        float[] table = new float[(row + 1) * UpdateRule.RATE_COLUMNS];
        java.util.Arrays.fill(table, Float.NaN);
        rule.writeRates(table, row, learningRate, step);
        try (Tensor rates = Tensor.of(b, row + 1, UpdateRule.RATE_COLUMNS, table);
                Tensor clock = Tensor.allocate(b, DType.INT32, 1, 2)) {
            b.write(clock, new int[] {row, (int) step - 1}, 0);
            b.optimizerUpdate(rule, rates, clock, gradSquares, params, grads, state1, state2, decayedCount);
            b.synchronize();
        }
    }

    /** Row 0, no clipping. */
    public static void apply(
            Backend b,
            UpdateRule rule,
            double learningRate,
            long step,
            Tensor params,
            Tensor grads,
            Tensor state1,
            Tensor state2,
            long decayedCount) {
        apply(b, rule, learningRate, step, 0, null, params, grads, state1, state2, decayedCount);
    }
}
