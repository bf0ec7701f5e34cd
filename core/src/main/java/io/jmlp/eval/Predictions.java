package io.jmlp.eval;

import io.jmlp.backend.Tensor;
import io.jmlp.data.Dataset;
import io.jmlp.data.FeatureScaler;
import io.jmlp.loss.BinaryCrossEntropy;
import io.jmlp.loss.Loss;
import io.jmlp.loss.SoftmaxCrossEntropy;
import io.jmlp.nn.ForwardPass;
import io.jmlp.nn.Mlp;

/**
 * What a model says about every row of a dataset, read back to the host. For classifiers,
 * {@code scores} is {@code [rows × classes]}: class probabilities when the loss is a likelihood
 * (softmax cross-entropy, binary cross-entropy) and {@code probabilistic} is true; otherwise (hinge,
 * mse on one-hot) a softmax of the raw outputs, good for ranking (ROC) but not for log-loss.
 * For regression, {@code values} is the raw output {@code [rows × outputs]}.
 */
public record Predictions(
        int rows, int classes, int[] predicted, float[] scores, boolean probabilistic, float[] values) {

    /** Runs {@code model} in inference mode over {@code data} in batches of {@code batchSize} rows. */
    public static Predictions of(Mlp model, Dataset data, int batchSize) {
        return of(model, data, batchSize, null);
    }

    /** As {@link #of(Mlp, Dataset, int)}; regression outputs are mapped back by {@code targetScaler} (null: as computed). */
    public static Predictions of(Mlp model, Dataset data, int batchSize, FeatureScaler targetScaler) {
        if (data.cols() != model.inputSize()) {
            throw new IllegalArgumentException(data.name() + " has " + data.cols()
                    + " features per row, but the model takes " + model.inputSize());
        }
        int outputs = model.outputSize();
        float[] raw = new float[data.rows() * outputs];
        int batch = Math.max(1, Math.min(batchSize, data.rows()));
        for (int first = 0; first < data.rows(); first += batch) {
            int n = Math.min(batch, data.rows() - first);
            float[] rowsOnHost = new float[n * data.cols()];
            System.arraycopy(data.features(), first * data.cols(), rowsOnHost, 0, rowsOnHost.length);
            try (Tensor x = Tensor.of(model.backend(), n, data.cols(), rowsOnHost)) {
                float[] out = model.forward(x, ForwardPass.inference()).toHost();
                System.arraycopy(out, 0, raw, first * outputs, n * outputs);
            }
        }
        if (!data.isClassification()) {
            return new Predictions(
                    data.rows(), 0, null, null, false, targetScaler != null ? targetScaler.invert(raw) : raw);
        }
        return fromOutputs(raw, data.rows(), model.loss(), Math.max(data.classes(), outputs == 1 ? 2 : outputs));
    }

    /** Turns raw network outputs {@code [rows × outputs]} into class scores and arg-max predictions as {@code loss} reads them. */
    public static Predictions fromOutputs(float[] raw, int rows, Loss loss, int classes) {
        float[] scores = new float[rows * classes];
        int[] predicted = new int[rows];
        if (loss instanceof BinaryCrossEntropy) {
            for (int r = 0; r < rows; r++) {
                double p = 1 / (1 + Math.exp(-raw[r]));
                scores[r * 2] = (float) (1 - p);
                scores[r * 2 + 1] = (float) p;
                predicted[r] = raw[r] > 0 ? 1 : 0;
            }
            return new Predictions(rows, 2, predicted, scores, true, null);
        }
        int outputs = raw.length / rows;
        for (int r = 0; r < rows; r++) {
            double max = Double.NEGATIVE_INFINITY;
            int best = 0;
            for (int c = 0; c < outputs; c++) {
                if (raw[r * outputs + c] > max) {
                    max = raw[r * outputs + c];
                    best = c;
                }
            }
            double sum = 0;
            for (int c = 0; c < outputs; c++) {
                sum += Math.exp(raw[r * outputs + c] - max);
            }
            for (int c = 0; c < outputs; c++) {
                scores[r * classes + c] = (float) (Math.exp(raw[r * outputs + c] - max) / sum);
            }
            predicted[r] = best;
        }
        return new Predictions(rows, classes, predicted, scores, loss instanceof SoftmaxCrossEntropy, null);
    }

    /**
     * Mean negative log-likelihood of the true labels, {@code −(1/n)·Σ log p(yᵢ)}, with probabilities
     * clipped to {@code [1e-15, 1]} as scikit-learn's {@code log_loss} does; NaN when the scores are
     * not probabilities.
     */
    public double logLoss(int[] labels) {
        if (!probabilistic) {
            return Double.NaN;
        }
        return LogLoss.of(labels, scores, classes);
    }
}
