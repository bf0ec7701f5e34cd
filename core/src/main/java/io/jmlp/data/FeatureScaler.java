package io.jmlp.data;

import java.util.Locale;

/**
 * A per-feature affine map {@code x' = (x − shift) / scale}, fitted on a training split and then
 * applied unchanged to validation and test data, so nothing about the held-out rows leaks into
 * training. {@link #standardizer} makes each feature mean 0, standard deviation 1;
 * {@link #minMax} maps each feature's training range onto [0, 1]. A constant feature gets scale 1
 * (it becomes 0), as scikit-learn does.
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

    /** Parses {@code none}, {@code standard} or {@code minmax} and fits it on {@code train}; null for none. */
    public static FeatureScaler fit(String name, Dataset train) {
        return switch (name.trim().toLowerCase(Locale.ROOT)) {
            case "none" -> null;
            case "standard", "standardize", "zscore" -> standardizer(train);
            case "minmax", "min-max" -> minMax(train);
            default -> throw new IllegalArgumentException("unknown scaler '" + name + "'; choose none, standard or minmax");
        };
    }

    /** Mean and population standard deviation of each feature of {@code train}. */
    public static FeatureScaler standardizer(Dataset train) {
        int cols = train.cols();
        double[] mean = new double[cols];
        double[] std = new double[cols];
        float[] x = train.features();
        for (int r = 0; r < train.rows(); r++) {
            for (int c = 0; c < cols; c++) {
                mean[c] += x[r * cols + c];
            }
        }
        for (int c = 0; c < cols; c++) {
            mean[c] /= train.rows();
        }
        for (int r = 0; r < train.rows(); r++) {
            for (int c = 0; c < cols; c++) {
                double d = x[r * cols + c] - mean[c];
                std[c] += d * d;
            }
        }
        for (int c = 0; c < cols; c++) {
            std[c] = Math.sqrt(std[c] / train.rows());
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
        java.util.Arrays.fill(min, Double.POSITIVE_INFINITY);
        java.util.Arrays.fill(max, Double.NEGATIVE_INFINITY);
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
            throw new IllegalArgumentException("the scaler was fitted on " + shift.length + " features, " + data.name() + " has "
                    + data.cols());
        }
        return data.withFeatures(transform(data.features()));
    }

    /** Row-major features of the fitted width, mapped by the fitted statistics (a new array). */
    public float[] transform(float[] rowMajor) {
        int cols = shift.length;
        if (rowMajor.length % cols != 0) {
            throw new IllegalArgumentException(rowMajor.length + " values are not whole rows of the " + cols + " features the scaler was fitted on");
        }
        float[] y = new float[rowMajor.length];
        for (int i = 0; i < rowMajor.length; i++) {
            int c = i % cols;
            y[i] = (float) ((rowMajor[i] - shift[c]) / scale[c]);
        }
        return y;
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
