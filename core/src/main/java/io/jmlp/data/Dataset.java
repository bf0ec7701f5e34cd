package io.jmlp.data;

import io.jmlp.random.Philox;
import io.jmlp.random.PhiloxStream;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Examples in host memory: a {@code [rows × cols]} row-major feature matrix and, for
 * classification, an int label per row in {@code [0, classes)}; for regression, a
 * {@code [rows × targetCols]} float target matrix. Immutable: the transformations return new sets.
 */
public final class Dataset {
    private final String name;
    private final float[] features;
    private final int rows;
    private final int cols;
    private final int[] labels;
    private final int classes;
    private final float[] targets;
    private final int targetCols;
    private final List<String> classNames;
    private final List<String> featureNames;
    private final List<String> targetNames;

    private Dataset(
            String name,
            float[] features,
            int rows,
            int cols,
            int[] labels,
            int classes,
            float[] targets,
            int targetCols) {
        this(name, features, rows, cols, labels, classes, targets, targetCols, null, null, null);
    }

    private Dataset(
            String name,
            float[] features,
            int rows,
            int cols,
            int[] labels,
            int classes,
            float[] targets,
            int targetCols,
            List<String> classNames,
            List<String> featureNames,
            List<String> targetNames) {
        if ((long) rows * cols != features.length) {
            throw new IllegalArgumentException(
                    name + ": " + features.length + " feature values do not make " + rows + " rows of " + cols);
        }
        this.name = name;
        this.features = features;
        this.rows = rows;
        this.cols = cols;
        this.labels = labels;
        this.classes = classes;
        this.targets = targets;
        this.targetCols = targetCols;
        this.classNames = classNames;
        this.featureNames = featureNames;
        this.targetNames = targetNames;
    }

    /** A copy with the same values and the given names (any may be null: unnamed). */
    private Dataset renamed(
            String newName, List<String> newClassNames, List<String> newFeatureNames, List<String> newTargetNames) {
        return new Dataset(
                newName,
                features,
                rows,
                cols,
                labels,
                classes,
                targets,
                targetCols,
                newClassNames,
                newFeatureNames,
                newTargetNames);
    }

    /** A classification set; every feature must be finite (NaN/Inf inputs would train "normally" into NaN weights). */
    public static Dataset classification(String name, float[] features, int rows, int cols, int[] labels, int classes) {
        requireFinite(name, "feature", features, cols);
        if (labels.length != rows) {
            throw new IllegalArgumentException(name + ": " + labels.length + " labels for " + rows + " rows");
        }
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] >= classes) {
                throw new IllegalArgumentException(
                        name + ": label " + labels[i] + " of row " + i + " is outside [0, " + classes + ")");
            }
        }
        return new Dataset(name, features, rows, cols, labels, classes, null, 0);
    }

    /** A regression set; every feature and target must be finite. */
    public static Dataset regression(
            String name, float[] features, int rows, int cols, float[] targets, int targetCols) {
        requireFinite(name, "feature", features, cols);
        requireFinite(name, "target", targets, targetCols);
        if ((long) rows * targetCols != targets.length) {
            throw new IllegalArgumentException(
                    name + ": " + targets.length + " target values for " + rows + " rows of " + targetCols);
        }
        return new Dataset(name, features, rows, cols, null, 0, targets, targetCols);
    }

    private static void requireFinite(String name, String what, float[] values, int cols) {
        for (int i = 0; i < values.length; i++) {
            if (!Float.isFinite(values[i])) {
                throw new IllegalArgumentException(
                        name + ": " + what + " " + (i % Math.max(1, cols)) + " of row " + i / Math.max(1, cols) + " is "
                                + values[i] + "; every " + what + " must be a finite number (drop or fill the row)");
            }
        }
    }

    public String name() {
        return name;
    }

    public int rows() {
        return rows;
    }

    public int cols() {
        return cols;
    }

    /** Row-major features; callers must not modify the array. */
    public float[] features() {
        return features;
    }

    /** A copy of the features, one array per row: the {@code float[][]} the estimators take. */
    public float[][] featureRows() {
        float[][] rowsOut = new float[rows][];
        for (int r = 0; r < rows; r++) {
            rowsOut[r] = Arrays.copyOfRange(features, r * cols, (r + 1) * cols);
        }
        return rowsOut;
    }

    /** The class name of every row ({@link #classNames()} of its label): the labels as a user reads them. */
    public String[] labelNames() {
        if (labels == null) {
            throw new IllegalStateException(name + " is a regression set; it has no class labels");
        }
        List<String> names = classNames();
        String[] out = new String[rows];
        for (int r = 0; r < rows; r++) {
            out[r] = names.get(labels[r]);
        }
        return out;
    }

    public boolean isClassification() {
        return labels != null;
    }

    /** Class labels; callers must not modify the array. Null for regression sets. */
    public int[] labels() {
        return labels;
    }

    public int classes() {
        return classes;
    }

    /**
     * What each class index stands for: the names a CSV file's label column used, or "0", "1", …
     * where the labels were numbers to begin with.
     */
    public List<String> classNames() {
        return classNames != null
                ? classNames
                : IntStream.range(0, classes).mapToObj(Integer::toString).toList();
    }

    /** The same examples with names for the class indices (one per class). */
    public Dataset withClassNames(List<String> names) {
        if (labels == null) {
            throw new IllegalStateException(name + " is a regression set; it has no classes to name");
        }
        if (names.size() != classes) {
            throw new IllegalArgumentException(name + ": " + names.size() + " class names for " + classes + " classes");
        }
        return renamed(name, List.copyOf(names), featureNames, targetNames);
    }

    /** The feature columns' names (a CSV header's), or null when the data has none. */
    public List<String> featureNames() {
        return featureNames;
    }

    /** The same examples with names for the feature columns (null: unnamed). */
    public Dataset withFeatureNames(List<String> names) {
        if (names != null && names.size() != cols) {
            throw new IllegalArgumentException(name + ": " + names.size() + " feature names for " + cols + " features");
        }
        return renamed(name, classNames, names == null ? null : List.copyOf(names), targetNames);
    }

    /** The regression targets' names (a CSV header's), or null. */
    public List<String> targetNames() {
        return targetNames;
    }

    /** The same examples with names for the regression targets (null: unnamed). */
    public Dataset withTargetNames(List<String> names) {
        if (names != null && (labels != null || names.size() != targetCols)) {
            throw new IllegalArgumentException(
                    name + ": " + names.size() + " target names for " + targetCols + " targets");
        }
        return renamed(name, classNames, featureNames, names == null ? null : List.copyOf(names));
    }

    /** Regression targets, row-major; null for classification sets. */
    public float[] targets() {
        return targets;
    }

    public int targetCols() {
        return targetCols;
    }

    /** The rows at {@code indices}, in that order. */
    public Dataset select(int[] indices, String newName) {
        float[] f = new float[indices.length * cols];
        for (int r = 0; r < indices.length; r++) {
            System.arraycopy(features, indices[r] * cols, f, r * cols, cols);
        }
        if (labels != null) {
            int[] l = new int[indices.length];
            for (int r = 0; r < indices.length; r++) {
                l[r] = labels[indices[r]];
            }
            return new Dataset(newName, f, indices.length, cols, l, classes, null, 0, classNames, featureNames, null);
        }
        float[] t = new float[indices.length * targetCols];
        for (int r = 0; r < indices.length; r++) {
            System.arraycopy(targets, indices[r] * targetCols, t, r * targetCols, targetCols);
        }
        return new Dataset(newName, f, indices.length, cols, null, 0, t, targetCols, null, featureNames, targetNames);
    }

    /** Two disjoint parts of a seeded shuffle: the first {@code round(rows·fraction)} rows and the rest. */
    public Split split(double firstFraction, long seed) {
        if (!(firstFraction > 0 && firstFraction < 1)) {
            throw new IllegalArgumentException("split fraction must be in (0, 1), got " + firstFraction);
        }
        int[] order = new PhiloxStream(seed, Philox.Purpose.SPLIT, 0).permutation(rows);
        int firstRows = (int) Math.round(rows * firstFraction);
        if (firstRows == 0 || firstRows == rows) {
            throw new IllegalArgumentException(
                    name + ": a " + firstFraction + " split of " + rows + " rows leaves one side empty");
        }
        return new Split(
                select(Arrays.copyOfRange(order, 0, firstRows), name),
                select(Arrays.copyOfRange(order, firstRows, rows), name));
    }

    /** Every feature multiplied by {@code factor} (e.g. 1/255 to bring pixels into [0, 1]). */
    public Dataset scaled(float factor) {
        float[] f = new float[features.length];
        for (int i = 0; i < f.length; i++) {
            f[i] = features[i] * factor;
        }
        return new Dataset(
                name, f, rows, cols, labels, classes, targets, targetCols, classNames, featureNames, targetNames);
    }

    /** The same rows, labels and targets with other feature values of the same shape (a scaler's output). */
    public Dataset withFeatures(float[] newFeatures) {
        return new Dataset(
                name,
                newFeatures,
                rows,
                cols,
                labels,
                classes,
                targets,
                targetCols,
                classNames,
                featureNames,
                targetNames);
    }

    /** The same rows and features with other regression targets of the same shape (a target scaler's output). */
    public Dataset withTargets(float[] newTargets) {
        if (labels != null || newTargets.length != targets.length) {
            throw new IllegalArgumentException(
                    name + ": replacement targets must match the " + targets.length + " regression targets");
        }
        return new Dataset(
                name, features, rows, cols, null, 0, newTargets, targetCols, null, featureNames, targetNames);
    }

    /** The same examples under another name. */
    public Dataset named(String newName) {
        return renamed(newName, classNames, featureNames, targetNames);
    }

    /** Two parts of a dataset. */
    public record Split(Dataset first, Dataset second) {}

    @Override
    public String toString() {
        return name + " (" + rows + " × " + cols
                + (labels != null ? ", " + classes + " classes" : ", " + targetCols + " targets") + ")";
    }
}
