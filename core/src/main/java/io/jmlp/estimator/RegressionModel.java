package io.jmlp.estimator;

import io.jmlp.backend.Backends;
import io.jmlp.data.Dataset;
import io.jmlp.data.FeatureScaler;
import io.jmlp.eval.RegressionMetrics;
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
    private final FeatureScaler scaler;
    private final History history;
    private final BackendChoice inference;

    RegressionModel(TrainedNetwork network, FeatureScaler scaler, History history, BackendChoice inference) {
        this.network = network;
        this.scaler = scaler;
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

    /** The fitted feature scaler, or null when the model takes its features as they are. */
    public FeatureScaler scaler() {
        return scaler;
    }

    /** Writes the model as {@code jmlp train --save} does (see {@link ClassificationModel#save}). */
    public void save(Path directory) throws IOException {
        // Until model.json records the scaler, a model that needs one cannot be saved faithfully.
        if (scaler != null) {
            throw new UnsupportedOperationException("saving a model with a feature scaler is not supported yet: model.json does not "
                    + "record the scaler; train with scaling(\"none\") to save");
        }
        network.save(directory, "features as given to MlpRegressor.fit", inference);
    }

    /** Reads a regression model directory (from {@link #save} or {@code jmlp train --save} on regression data). */
    public static RegressionModel load(Path directory) throws IOException {
        BackendChoice inference = BackendChoice.of(Backends.defaultSpec(), false).forInference();
        TrainedNetwork.Loaded loaded = TrainedNetwork.load(directory, inference);
        if (!loaded.description().loss().equals("mse")) {
            throw new IOException(directory + " holds a classifier (loss " + loaded.description().loss()
                    + "); load it with ClassificationModel.load");
        }
        return new RegressionModel(loaded.network(), null, new History(), inference);
    }

    private float[] outputs(float[][] x) {
        float[] features = InputRows.flatten(x, network.spec().inputSize());
        if (scaler != null) {
            features = scaler.transform(features);
        }
        return network.outputs(features, x.length, inference);
    }

    @Override
    public String toString() {
        return "RegressionModel " + network.spec().widths() + ", " + targets() + " target(s)";
    }
}
