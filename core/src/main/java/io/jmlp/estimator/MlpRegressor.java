package io.jmlp.estimator;

import io.jmlp.data.Dataset;
import io.jmlp.loss.MeanSquaredError;

/**
 * A multilayer-perceptron regressor (mean squared error on linear outputs): configure it once with
 * {@link #builder()}, then {@code fit} it to examples and one target value per example (or several),
 * which returns a {@link RegressionModel}. The network learns standardised targets (mean 0,
 * standard deviation 1 over the training rows, as {@code jmlp train} does); the model's
 * predictions are in the targets' own units.
 *
 * <pre>{@code
 * MlpRegressor regressor = MlpRegressor.builder().hiddenLayers(64, 64).optimizer("adam").scaling("standard").build();
 * RegressionModel model = regressor.fit(x, price);        // float[][] x, float[] price
 * float[] predicted = model.predict(xTest);
 * double r2 = model.score(xTest, priceTest);
 * }</pre>
 *
 * <p>As {@link MlpClassifier}: nothing needs closing, the estimator is immutable and reusable, and
 * training is seeded.
 */
public final class MlpRegressor {
    private final TrainingSettings settings;

    private MlpRegressor(TrainingSettings settings) {
        this.settings = settings;
    }

    /** The training menu; {@link Builder#build()} makes the regressor. */
    public static Builder builder() {
        return new Builder();
    }

    /** Fits the examples {@code x} (one row each) to one target value each. */
    public RegressionModel fit(float[][] x, float[] y) {
        NetworkTraining.requireSameRows(x, y.length);
        float[][] columns = new float[y.length][];
        for (int i = 0; i < y.length; i++) {
            columns[i] = new float[] {y[i]};
        }
        return fit(x, columns);
    }

    /** Fits the examples {@code x} (one row each) to several target values each ({@code y[i]}: the targets of example {@code i}). */
    public RegressionModel fit(float[][] x, float[][] y) {
        NetworkTraining.requireSameRows(x, y.length);
        float[] features = InputRows.flatten(x);
        float[] targets = InputRows.flatten(y);
        return fit(Dataset.regression("training data", features, x.length, x[0].length, targets, y[0].length));
    }

    /** Fits a jmlp data set with regression targets (a CSV file whose label column holds numbers). */
    public RegressionModel fit(Dataset data) {
        if (data.isClassification()) {
            throw new IllegalArgumentException(data.name() + " has class labels; fit it with MlpClassifier");
        }
        MeanSquaredError loss = new MeanSquaredError(false);
        NetworkTraining.Result result =
                NetworkTraining.run(settings, data, loss, data.targetCols(), "features as given to MlpRegressor.fit");
        return new RegressionModel(
                result.network(),
                result.metadata(),
                result.history(),
                settings.backend().forInference());
    }

    /**
     * The regressor's training menu ({@link EstimatorBuilder}); its loss is always mean squared error.
     *
     * <pre>{@code
     * MlpRegressor regressor = MlpRegressor.builder().hiddenLayers(32).batchNorm(false).epochs(200).build();
     * }</pre>
     */
    public static final class Builder extends EstimatorBuilder<Builder> {
        private Builder() {}

        @Override
        Builder self() {
            return this;
        }

        public MlpRegressor build() {
            return new MlpRegressor(settings("mse"));
        }
    }
}
