package io.jmlp.eval;

/**
 * How far regression predictions are from their targets: root mean squared error, mean absolute
 * error and the coefficient of determination R² = 1 − SS_res / SS_tot (1 is perfect, 0 is no
 * better than predicting the targets' mean, negative is worse). Sums run in double.
 */
public record RegressionMetrics(double rmse, double mae, double r2, int count) {

    /** {@code predicted} and {@code target} are parallel arrays (row-major when there are several outputs). */
    public static RegressionMetrics of(float[] predicted, float[] target) {
        if (predicted.length != target.length) {
            throw new IllegalArgumentException(predicted.length + " predictions for " + target.length + " targets");
        }
        if (target.length == 0) {
            throw new IllegalArgumentException("no targets to score");
        }
        double mean = 0;
        for (float t : target) {
            mean += t;
        }
        mean /= target.length;
        double squared = 0;
        double absolute = 0;
        double total = 0;
        for (int i = 0; i < target.length; i++) {
            double error = (double) predicted[i] - target[i];
            squared += error * error;
            absolute += Math.abs(error);
            double spread = target[i] - mean;
            total += spread * spread;
        }
        // Constant targets: R² is undefined; report 1 for an exact fit and 0 otherwise, as scikit-learn does.
        double r2 = total > 0 ? 1 - squared / total : (squared == 0 ? 1 : 0);
        return new RegressionMetrics(Math.sqrt(squared / target.length), absolute / target.length, r2, target.length);
    }
}
