package io.jmlp.estimator;

/**
 * A user's {@code float[][]} (one array per example) checked and laid out row-major, as the
 * backends take it. Checked here because a ragged row or a NaN would otherwise surface as a wrong
 * shape deep in a GEMM, or as a training run that diverges for no visible reason.
 */
final class InputRows {
    private InputRows() {}

    /** {@code x} row-major; every row as long as the first, every value finite. */
    static float[] flatten(float[][] x) {
        if (x == null || x.length == 0) {
            throw new IllegalArgumentException("no examples: x has no rows");
        }
        if (x[0] == null || x[0].length == 0) {
            throw new IllegalArgumentException("x[0] has no features");
        }
        int cols = x[0].length;
        float[] flat = new float[Math.multiplyExact(x.length, cols)];
        for (int r = 0; r < x.length; r++) {
            float[] row = x[r];
            if (row == null || row.length != cols) {
                throw new IllegalArgumentException(
                        "x[" + r + "] has " + (row == null ? "no array" : row.length + " features") + ", but x[0] has "
                                + cols + "; every row needs the same features");
            }
            for (int c = 0; c < cols; c++) {
                if (!Float.isFinite(row[c])) {
                    throw new IllegalArgumentException("x[" + r + "][" + c + "] is " + row[c]
                            + "; fill in or drop missing values before training or predicting");
                }
            }
            System.arraycopy(row, 0, flat, r * cols, cols);
        }
        return flat;
    }

    /** {@link #flatten}, also checking that rows have the {@code expected} number of features (what the model was fitted on). */
    static float[] flatten(float[][] x, int expected) {
        float[] flat = flatten(x);
        if (x[0].length != expected) {
            throw new IllegalArgumentException(
                    "x has " + x[0].length + " features per row, but the model was fitted on " + expected);
        }
        return flat;
    }

    /** One example as a one-row matrix. */
    static float[][] single(float[] row) {
        return new float[][] {row};
    }
}
