package io.jmlp.data;

import java.util.Arrays;
import java.util.Locale;

/**
 * A per-column affine map {@code x' = (x − shift) / scale}, fitted on a training split and then
 * applied unchanged to validation and test data, so nothing about the held-out rows leaks into
 * training. {@link #standardizer} makes each column mean 0, standard deviation 1;
 * {@link #minMax} maps each column's training range onto [0, 1]. A constant column gets scale 1
 * (it becomes 0), as scikit-learn does. The same map standardises regression targets
 * ({@link #targetStandardizer}), where {@link #invert} turns the network's outputs back into the
 * targets' units. A saved model stores it ({@link #kind}, {@link #shifts}, {@link #scales}; {@link #of}).
 */
public final class FeatureScaler {
    private final String kind;
    private final double[] shift;
    private final double[] scale;

    private FeatureScaler(String kind, double[] shift, double[] scale) {
        this.kind = kind;
        this.shift = shift;
        this.scale = scale;
    }

    /**
     * A map read back from a model file; fails unless both arrays have the same non-zero length,
     * every value is finite and every scale non-zero.
     */
    public static FeatureScaler of(String kind, double[] shift, double[] scale) {
        if (kind == null || shift == null || scale == null || shift.length == 0 || shift.length != scale.length) {
            throw new IllegalArgumentException(
                    "a scaler needs a kind and equally long, non-empty shift and scale arrays");
        }
        for (int c = 0; c < shift.length; c++) {
            if (!Double.isFinite(shift[c]) || !Double.isFinite(scale[c]) || scale[c] == 0) {
                throw new IllegalArgumentException("scaler column " + c + " has shift " + shift[c] + " and scale "
                        + scale[c] + "; both must be finite and the scale non-zero");
            }
        }
        return new FeatureScaler(kind, shift.clone(), scale.clone());
    }

    /** {@code none}, {@code standard} or {@code minmax}, checked without data (so a typo fails before loading). */
    public static String parseKind(String name) {
        return switch (name.trim().toLowerCase(Locale.ROOT)) {
            case "none" -> "none";
            case "standard", "standardize", "zscore" -> "standard";
            case "minmax", "min-max" -> "minmax";
            default ->
                throw new IllegalArgumentException("unknown scaler '" + name + "'; choose none, standard or minmax");
        };
    }

    /** Parses {@code none}, {@code standard} or {@code minmax} and fits it on {@code train}'s features; null for none. */
    public static FeatureScaler fit(String name, Dataset train) {
        return switch (parseKind(name)) {
            case "standard" -> standardizer(train);
            case "minmax" -> minMax(train);
            default -> null;
        };
    }

    /** Mean and population standard deviation of each feature of {@code train}. */
    public static FeatureScaler standardizer(Dataset train) {
        return standardizer(train.features(), train.rows(), train.cols());
    }

    /**
     * Standardises {@code train}'s regression targets, so the default learning rates work on
     * targets in the hundreds as well as on targets near 1; the model stores it and inverts it at prediction.
     */
    public static FeatureScaler targetStandardizer(Dataset train) {
        if (train.isClassification()) {
            throw new IllegalArgumentException(train.name() + " has class labels, not regression targets");
        }
        return standardizer(train.targets(), train.rows(), train.targetCols());
    }

    private static FeatureScaler standardizer(float[] x, int rows, int cols) {
        double[] mean = new double[cols];
        double[] std = new double[cols];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                mean[c] += x[r * cols + c];
            }
        }
        for (int c = 0; c < cols; c++) {
            mean[c] /= rows;
        }
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                double d = x[r * cols + c] - mean[c];
                std[c] += d * d;
            }
        }
        for (int c = 0; c < cols; c++) {
            std[c] = Math.sqrt(std[c] / rows);
            if (std[c] == 0) {
                std[c] = 1;
            }
        }
        return new FeatureScaler("standard", mean, std);
    }

    /** Minimum and range of each feature of {@code train}. */
    public static FeatureScaler minMax(Dataset train) {
        int cols = train.cols();
        double[] min = new double[cols];
        double[] max = new double[cols];
        Arrays.fill(min, Double.POSITIVE_INFINITY);
        Arrays.fill(max, Double.NEGATIVE_INFINITY);
        float[] x = train.features();
        for (int r = 0; r < train.rows(); r++) {
            for (int c = 0; c < cols; c++) {
                min[c] = Math.min(min[c], x[r * cols + c]);
                max[c] = Math.max(max[c], x[r * cols + c]);
            }
        }
        double[] range = new double[cols];
        for (int c = 0; c < cols; c++) {
            range[c] = max[c] > min[c] ? max[c] - min[c] : 1;
        }
        return new FeatureScaler("minmax", min, range);
    }

    /** {@code data} with every feature mapped by the fitted statistics. */
    public Dataset transform(Dataset data) {
        if (data.cols() != shift.length) {
            throw new IllegalArgumentException(
                    "the scaler was fitted on " + shift.length + " features, " + data.name() + " has " + data.cols());
        }
        return data.withFeatures(apply(data.features()));
    }

    /** {@code data} with its regression targets mapped (a {@link #targetStandardizer}). */
    public Dataset transformTargets(Dataset data) {
        if (data.isClassification() || data.targetCols() != shift.length) {
            throw new IllegalArgumentException("the target scaler was fitted on " + shift.length + " targets, "
                    + data.name() + (data.isClassification() ? " has class labels" : " has " + data.targetCols()));
        }
        return data.withTargets(apply(data.targets()));
    }

    /** Row-major values of {@link #columns()} columns, mapped: {@code (x − shift) / scale}. */
    public float[] apply(float[] values) {
        int cols = shift.length;
        float[] y = new float[values.length];
        for (int i = 0; i < values.length; i++) {
            int c = i % cols;
            y[i] = (float) ((values[i] - shift[c]) / scale[c]);
        }
        return y;
    }

    /** The inverse map, {@code y·scale + shift}: a standardised regression output back in the targets' units. */
    public float[] invert(float[] values) {
        int cols = shift.length;
        float[] x = new float[values.length];
        for (int i = 0; i < values.length; i++) {
            int c = i % cols;
            x[i] = (float) (values[i] * scale[c] + shift[c]);
        }
        return x;
    }

    /** How many columns it maps. */
    public int columns() {
        return shift.length;
    }

    /** {@code standard} or {@code minmax}. */
    public String kind() {
        return kind;
    }

    /** The values subtracted, one per column (a copy). */
    public double[] shifts() {
        return shift.clone();
    }

    /** The divisors applied after the shift, one per column (a copy). */
    public double[] scales() {
        return scale.clone();
    }

    /** The value subtracted from feature {@code c}. */
    public double shift(int c) {
        return shift[c];
    }

    /** The value feature {@code c} is divided by after the shift. */
    public double scale(int c) {
        return scale[c];
    }

    @Override
    public String toString() {
        return kind;
    }
}
