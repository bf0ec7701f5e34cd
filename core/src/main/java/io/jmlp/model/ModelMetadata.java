package io.jmlp.model;

import io.jmlp.data.DataSchema;
import io.jmlp.data.Dataset;
import io.jmlp.data.FeatureScaler;
import io.jmlp.loss.BinaryCrossEntropy;
import io.jmlp.loss.MeanSquaredError;
import io.jmlp.nn.MlpSpec;
import java.util.List;
import java.util.stream.IntStream;

/**
 * What a saved model needs besides its layers to be used on raw data, stored in {@code model.json}'s
 * {@code data} object: the {@link DataSchema} (task, feature count and names, class labels), the
 * feature scaler fitted on the training split (or none), the regression-target standardiser (or
 * none) and a note on how raw inputs were turned into features. Applying a model is then
 * {@link #networkInputs} → the network → {@link #classLabel} or {@link #regressionValues}.
 *
 * @param schema             what the columns and outputs mean
 * @param featureScaler      applied to raw features before the network; null: none
 * @param targetScaler       regression only: the network predicts {@code (y − shift) / scale}; null: raw targets
 * @param inputPreprocessing human-readable: what was done to raw inputs before the scaler (e.g. "IDX bytes / 255")
 */
public record ModelMetadata(
        DataSchema schema, FeatureScaler featureScaler, FeatureScaler targetScaler, String inputPreprocessing) {

    public ModelMetadata {
        if (schema == null) {
            throw new IllegalArgumentException("model metadata needs a data schema");
        }
        if (featureScaler != null && featureScaler.columns() != schema.features()) {
            throw new IllegalArgumentException("the feature scaler maps " + featureScaler.columns()
                    + " columns, the schema has " + schema.features() + " features");
        }
        if (targetScaler != null && schema.isClassification()) {
            throw new IllegalArgumentException("a target scaler applies to regression targets only");
        }
        if (targetScaler != null
                && schema.targetNames() != null
                && targetScaler.columns() != schema.targetNames().size()) {
            throw new IllegalArgumentException("the target scaler maps " + targetScaler.columns()
                    + " columns, the schema names " + schema.targetNames().size() + " targets");
        }
    }

    /** The metadata of a model trained on {@code train} (raw, before scaling) with the given scalers (null: none). */
    public static ModelMetadata of(
            Dataset train, FeatureScaler featureScaler, FeatureScaler targetScaler, String inputPreprocessing) {
        return new ModelMetadata(DataSchema.of(train), featureScaler, targetScaler, inputPreprocessing);
    }

    /**
     * The metadata of a network trained on data known only by its shape (e.g. Spark's label
     * indices and feature vectors): unnamed features, classes named by their indices "0", "1", …
     * (or a regression for a one-output mse network), no scaling; what a version-1 file means.
     */
    public static ModelMetadata unnamed(MlpSpec spec, String inputPreprocessing) {
        return fromEntry(null, spec, inputPreprocessing);
    }

    /** Raw feature rows (row-major, {@code schema.features()} per row) as the network takes them. */
    public float[] networkInputs(float[] rawFeatures) {
        return featureScaler == null ? rawFeatures : featureScaler.apply(rawFeatures);
    }

    /** {@code data} (raw features) with the feature scaler applied. */
    public Dataset networkInputs(Dataset data) {
        return featureScaler == null ? data : featureScaler.transform(data);
    }

    /** Regression: the network's outputs, row-major, in the targets' units. */
    public float[] regressionValues(float[] outputs) {
        return targetScaler == null ? outputs : targetScaler.invert(outputs);
    }

    /** Classification: the label text of class {@code index}. */
    public String classLabel(int index) {
        return schema.classLabels().get(index);
    }

    /** The JSON form. */
    NetworkDescription.DataEntry toEntry() {
        return new NetworkDescription.DataEntry(
                schema.task().cliName(),
                schema.features(),
                schema.featureNames(),
                schema.classLabels(),
                schema.targetNames(),
                entry(featureScaler),
                entry(targetScaler));
    }

    private static NetworkDescription.ScalingEntry entry(FeatureScaler scaler) {
        return scaler == null
                ? null
                : new NetworkDescription.ScalingEntry(scaler.kind(), scaler.shifts(), scaler.scales());
    }

    /**
     * Reads the JSON form, checked against the network it describes. A version-1 file has no
     * {@code data}: its metadata is what version 1 assumed (no scaling, unnamed features, classes
     * named by their indices "0", "1", …, or a regression for an mse model without classes).
     */
    static ModelMetadata fromEntry(NetworkDescription.DataEntry entry, MlpSpec spec, String inputPreprocessing) {
        int outputs = spec.outputSize();
        if (entry == null) {
            // Version 1 wrote "mse" for both uses; a one-output mse network cannot be a one-hot classifier.
            boolean regression = spec.loss() instanceof MeanSquaredError && outputs == 1;
            DataSchema schema = regression
                    ? new DataSchema(DataSchema.Task.REGRESSION, spec.inputSize(), null, null, null)
                    : new DataSchema(
                            DataSchema.Task.CLASSIFICATION,
                            spec.inputSize(),
                            null,
                            indexNames(outputs == 1 ? 2 : outputs),
                            null);
            return new ModelMetadata(schema, null, null, inputPreprocessing);
        }
        DataSchema.Task task = switch (String.valueOf(entry.task())) {
            case "classification" -> DataSchema.Task.CLASSIFICATION;
            case "regression" -> DataSchema.Task.REGRESSION;
            default ->
                throw new IllegalArgumentException(
                        "data.task is '" + entry.task() + "'; expected classification or regression");
        };
        if (entry.features() == null || entry.features() != spec.inputSize()) {
            throw new IllegalArgumentException(
                    "data.features is " + entry.features() + ", but the network takes " + spec.inputSize());
        }
        DataSchema schema =
                new DataSchema(task, entry.features(), entry.featureNames(), entry.classLabels(), entry.targetNames());
        if (task == DataSchema.Task.CLASSIFICATION) {
            int expected = spec.loss() instanceof BinaryCrossEntropy ? 2 : outputs;
            if (schema.classes() != expected) {
                throw new IllegalArgumentException(
                        "data.classLabels has " + schema.classes() + " labels, but the network's " + outputs
                                + " output(s) and loss " + spec.loss().name() + " give " + expected + " classes");
            }
        } else if (schema.targetNames() != null && schema.targetNames().size() != outputs) {
            throw new IllegalArgumentException(
                    "data.targetNames has " + schema.targetNames().size() + " names for " + outputs + " outputs");
        }
        FeatureScaler features = scaler("data.featureScaling", entry.featureScaling());
        FeatureScaler targets = scaler("data.targetScaling", entry.targetScaling());
        if (targets != null && targets.columns() != outputs) {
            throw new IllegalArgumentException("data.targetScaling maps " + targets.columns()
                    + " columns, the network has " + outputs + " outputs");
        }
        return new ModelMetadata(schema, features, targets, inputPreprocessing);
    }

    private static FeatureScaler scaler(String where, NetworkDescription.ScalingEntry e) {
        if (e == null) {
            return null;
        }
        try {
            return FeatureScaler.of(e.kind(), e.shift(), e.scale());
        } catch (IllegalArgumentException ex) {
            throw new IllegalArgumentException(where + ": " + ex.getMessage());
        }
    }

    private static List<String> indexNames(int classes) {
        return IntStream.range(0, classes).mapToObj(Integer::toString).toList();
    }
}
