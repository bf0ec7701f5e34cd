package io.jmlp.spark.train;

import io.jmlp.data.Dataset;
import java.io.Serializable;

/**
 * One partition's training rows as jmlp's dense arrays: row-major float features and int class
 * labels (classification) or float targets (regression). Built once from the partition's Spark
 * rows and cached by Spark ({@code persist}), so the rounds of a training never re-read or
 * re-convert the input; the executor uploads it to its backend once ({@link WorkerCache}).
 *
 * @param partition the Spark partition it came from (it keys the worker's seed)
 * @param classes   number of classes (classification), 0 for regression
 */
public record Shard(
        int partition, int rows, int cols, float[] features, int[] labels, int classes, float[] targets, int targetCols)
        implements Serializable {

    public Shard {
        if ((long) rows * cols != features.length) {
            throw new IllegalArgumentException("partition " + partition + ": " + features.length
                    + " feature values do not make " + rows + " rows of " + cols);
        }
        if ((labels == null) == (targets == null)) {
            throw new IllegalArgumentException(
                    "partition " + partition + ": a shard has class labels or regression targets, not both");
        }
    }

    public static Shard classification(int partition, int cols, float[] features, int[] labels, int classes) {
        return new Shard(partition, labels.length, cols, features, labels, classes, null, 0);
    }

    public static Shard regression(int partition, int cols, float[] features, float[] targets) {
        return new Shard(partition, targets.length, cols, features, null, 0, targets, 1);
    }

    public boolean isClassification() {
        return labels != null;
    }

    /** The rows as a core {@link Dataset} (the arrays are shared, not copied). */
    public Dataset toDataset() {
        String name = "partition " + partition;
        return isClassification()
                ? Dataset.classification(name, features, rows, cols, labels, classes)
                : Dataset.regression(name, features, rows, cols, targets, targetCols);
    }

    /** The rows of {@code data} at {@code from … from+count-1} as a shard (for tests and simulations). */
    public static Shard of(int partition, Dataset data, int from, int count) {
        int[] indices = new int[count];
        for (int i = 0; i < count; i++) {
            indices[i] = from + i;
        }
        Dataset part = data.select(indices, "partition " + partition);
        return part.isClassification()
                ? new Shard(partition, count, part.cols(), part.features(), part.labels(), data.classes(), null, 0)
                : new Shard(partition, count, part.cols(), part.features(), null, 0, part.targets(), part.targetCols());
    }
}
