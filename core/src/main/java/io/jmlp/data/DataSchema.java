package io.jmlp.data;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * What a model's inputs and outputs mean, as fixed by the data it was trained on: the task, the
 * feature columns (count, and names when the data had a header), and the class labels (index →
 * the user's label text) or the regression targets' names. A saved model carries its schema
 * ({@code model.json}), so new data is read against it: columns matched by name, labels mapped by
 * the stored vocabulary (an unknown label is an error), predictions written as labels.
 *
 * @param task         classification or regression
 * @param features     feature columns the network takes
 * @param featureNames the columns' names in network order, or null when the training data had none
 *                     (IDX images, a CSV without header): then new data is matched by position
 * @param classLabels  classification: the label text of each class index (size = classes); null for regression
 * @param targetNames  regression: the target columns' names; null for classification or when unnamed
 */
public record DataSchema(
        Task task, int features, List<String> featureNames, List<String> classLabels, List<String> targetNames) {

    /** What the model predicts. */
    public enum Task {
        CLASSIFICATION,
        REGRESSION;

        public String cliName() {
            return this == CLASSIFICATION ? "classification" : "regression";
        }
    }

    public DataSchema {
        if (task == null) {
            throw new IllegalArgumentException("a data schema needs a task (classification or regression)");
        }
        if (features < 1) {
            throw new IllegalArgumentException("a data schema needs at least one feature, got " + features);
        }
        if (featureNames != null) {
            featureNames = List.copyOf(featureNames);
            if (featureNames.size() != features) {
                throw new IllegalArgumentException(
                        featureNames.size() + " feature names for " + features + " features");
            }
            requireDistinct("feature names", featureNames);
        }
        if (task == Task.CLASSIFICATION) {
            if (classLabels == null || classLabels.size() < 2) {
                throw new IllegalArgumentException("a classification schema needs at least 2 class labels, got "
                        + (classLabels == null ? "none" : classLabels));
            }
            classLabels = List.copyOf(classLabels);
            requireDistinct("class labels", classLabels);
            if (targetNames != null) {
                throw new IllegalArgumentException("a classification schema has class labels, not target names");
            }
        } else {
            if (classLabels != null) {
                throw new IllegalArgumentException("a regression schema has no class labels");
            }
            targetNames = targetNames == null ? null : List.copyOf(targetNames);
        }
    }

    /** The schema of a training set: its task, feature names and classes (or target count). */
    public static DataSchema of(Dataset train) {
        if (train.isClassification()) {
            return new DataSchema(Task.CLASSIFICATION, train.cols(), train.featureNames(), train.classNames(), null);
        }
        return new DataSchema(Task.REGRESSION, train.cols(), train.featureNames(), null, train.targetNames());
    }

    public boolean isClassification() {
        return task == Task.CLASSIFICATION;
    }

    public int classes() {
        return classLabels == null ? 0 : classLabels.size();
    }

    /** Class index by label text. */
    public Map<String, Integer> classIndex() {
        return IntStream.range(0, classLabels.size()).boxed().collect(Collectors.toMap(classLabels::get, i -> i));
    }

    /**
     * {@code data} with its labels renumbered to this schema's classes, matched by label text
     * (so a test set holding a subset of the classes is scored against the right ones). A label the
     * schema does not know, a task or feature count that differs, is an error naming what differs.
     */
    public Dataset conform(Dataset data, String source) {
        if (data.cols() != features) {
            throw new IllegalArgumentException(
                    source + " has " + data.cols() + " features per example, but the model takes " + features
                            + (featureNames != null ? " " + featureNames : ""));
        }
        if (data.isClassification() != isClassification()) {
            throw new IllegalArgumentException(source + " holds "
                    + (data.isClassification() ? "class labels" : "regression targets") + ", but the model does "
                    + task.cliName() + (isClassification() ? " (use task=classification)" : " (use task=regression)"));
        }
        if (!isClassification()) {
            return data;
        }
        Map<String, Integer> index = classIndex();
        List<String> dataNames = data.classNames();
        int[] renumber = new int[dataNames.size()];
        for (int c = 0; c < renumber.length; c++) {
            Integer k = index.get(dataNames.get(c));
            renumber[c] = k == null ? -1 : k;
        }
        int[] labels = new int[data.rows()];
        for (int r = 0; r < labels.length; r++) {
            int k = renumber[data.labels()[r]];
            if (k < 0) {
                throw new IllegalArgumentException(source + ": row " + r + " has label '"
                        + dataNames.get(data.labels()[r]) + "', which is not one of the model's classes " + classLabels
                        + "; score it with a model trained on that class");
            }
            labels[r] = k;
        }
        return Dataset.classification(
                        data.name(), data.features(), data.rows(), data.cols(), labels, classLabels.size())
                .withClassNames(classLabels)
                .withFeatureNames(data.featureNames());
    }

    private static void requireDistinct(String what, List<String> values) {
        if (new HashSet<>(values).size() != values.size()) {
            throw new IllegalArgumentException(what + " repeat a value: " + values);
        }
    }
}
