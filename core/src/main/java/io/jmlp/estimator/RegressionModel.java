package io.jmlp.estimator;

import io.jmlp.backend.Backends;
import io.jmlp.data.Dataset;
import io.jmlp.eval.RegressionMetrics;
import io.jmlp.model.ModelMetadata;
import io.jmlp.nn.MlpSpec;
import io.jmlp.train.History;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * A trained regressor, from {@link MlpRegressor#fit}: predicts target values and scores itself by
 * R² (1 is perfect, 0 is no better than the targets' mean), as scikit-learn's regressors do. Inputs
 * go through the scaler fitted at training time, so pass raw features, as to {@code fit}.
 *
 * <pre>{@code
 * RegressionModel model = MlpRegressor.builder().build().fit(x, y);
 * float[] predicted = model.predict(xTest);
 * double r2 = model.score(xTest, yTest);
 * double rmse = model.metrics(xTest, yTest).rmse();
 * }</pre>
 *
 * <p>Needs no closing and is safe to use from several threads (see {@link ClassificationModel}).
 */
public final class RegressionModel {
    private final TrainedNetwork network;
    private final ModelMetadata metadata;
    private final History history;
    private final BackendChoice inference;

    RegressionModel(TrainedNetwork network, ModelMetadata metadata, History history, BackendChoice inference) {
        this.network = network;
        this.metadata = metadata;
        this.history = history;
        this.inference = inference;
    }

    /** How many values the model predicts per example. */
    public int targets() {
        return network.spec().outputSize();
    }

    /**
     * The predicted value of each row of {@code x}, for a model of one target.
     *
     * @throws IllegalStateException for a model of several targets; use {@link #predictAll}
     */
    public float[] predict(float[][] x) {
        if (targets() != 1) {
            throw new IllegalStateException("this model predicts " + targets() + " values per example; use predictAll");
        }
        return outputs(x);
    }

    /** The predicted value of one example, for a model of one target. */
    public float predict(float[] row) {
        return predict(InputRows.single(row))[0];
    }

    /** Every predicted value: {@code [rows][targets]}. */
    public float[][] predictAll(float[][] x) {
        float[] flat = outputs(x);
        int k = targets();
        float[][] out = new float[x.length][];
        for (int r = 0; r < x.length; r++) {
            out[r] = Arrays.copyOfRange(flat, r * k, (r + 1) * k);
        }
        return out;
    }

    /** R² of the predictions against {@code y}, for a model of one target. */
    public double score(float[][] x, float[] y) {
        return metrics(x, y).r2();
    }

    /** RMSE, MAE and R² of the predictions against {@code y}, for a model of one target. */
    public RegressionMetrics metrics(float[][] x, float[] y) {
        NetworkTraining.requireSameRows(x, y.length);
        return RegressionMetrics.of(predict(x), y);
    }

    /** RMSE, MAE and R² on a jmlp data set with regression targets (pooled over the targets when there are several). */
    public RegressionMetrics metrics(Dataset data) {
        if (data.isClassification()) {
            throw new IllegalArgumentException(data.name() + " has class labels, not regression targets");
        }
        return RegressionMetrics.of(outputs(data.featureRows()), data.targets());
    }

    /** The epochs of the training run; empty for a loaded model. */
    public History history() {
        return history;
    }

    /** What the network is: its layers and loss. */
    public MlpSpec spec() {
        return network.spec();
    }

    /**
     * What the model's inputs and outputs mean, as its model file records them: the data's schema,
     * the fitted feature scaler (or none) and the targets' standardiser.
     */
    public ModelMetadata metadata() {
        return metadata;
    }

    /** Writes the model as {@code jmlp train --save} does (see {@link ClassificationModel#save}). */
    public void save(Path directory) throws IOException {
        network.save(directory, metadata, inference);
    }

    /** Reads a regression model directory (from {@link #save} or {@code jmlp train --save} on regression data). */
    public static RegressionModel load(Path directory) throws IOException {
        BackendChoice inference =
                BackendChoice.of(Backends.defaultSpec(), false).forInference();
        TrainedNetwork.Loaded loaded = TrainedNetwork.load(directory, inference);
        if (loaded.metadata().schema().isClassification()) {
            throw new IOException(directory + " holds a classifier; load it with ClassificationModel.load");
        }
        return new RegressionModel(loaded.network(), loaded.metadata(), new History(), inference);
    }

    private float[] outputs(float[][] x) {
        float[] features =
                metadata.networkInputs(InputRows.flatten(x, network.spec().inputSize()));
        return metadata.regressionValues(network.outputs(features, x.length, inference));
    }

    @Override
    public String toString() {
        return "RegressionModel " + network.spec().widths() + ", " + targets() + " target(s)";
    }
}
