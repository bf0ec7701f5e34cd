package io.jmlp.estimator;

import io.jmlp.data.Dataset;
import io.jmlp.loss.BinaryCrossEntropy;
import io.jmlp.loss.Loss;
import io.jmlp.loss.MeanSquaredError;
import io.jmlp.loss.SoftmaxCrossEntropy;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * A multilayer-perceptron classifier: configure it once with {@link #builder()}, then
 * {@code fit} it to examples and labels, which returns a {@link ClassificationModel} that
 * predicts in the same labels. The labels can be anything that sorts — {@code int}s, strings,
 * an enum — and their distinct values, in order, become the classes.
 *
 * <pre>{@code
 * MlpClassifier classifier = MlpClassifier.builder().hiddenLayers(64).epochs(50).scaling("standard").build();
 * ClassificationModel<String> model = classifier.fit(x, species);     // float[][] x, String[] species
 * List<String> predicted = model.predict(xTest);
 * double accuracy = model.score(xTest, speciesTest);
 * }</pre>
 *
 * <p>Nothing needs closing: each {@code fit} opens its backend (the best there is, unless the
 * builder names one), trains, keeps the trained network in host memory and frees the rest before
 * it returns. An estimator is immutable and can fit any number of models, from several threads at
 * once (unless it was given one {@link io.jmlp.backend.Backend} to share, which is not thread-safe).
 * Training is seeded: the same settings and data give the same model on every run.
 */
public final class MlpClassifier {
    private final TrainingSettings settings;

    private MlpClassifier(TrainingSettings settings) {
        this.settings = settings;
    }

    /** The training menu; {@link Builder#build()} makes the classifier. */
    public static Builder builder() {
        return new Builder();
    }

    /** Fits the examples {@code x} (one row each) to integer labels; the model answers in those integers. */
    public ClassificationModel<Integer> fit(float[][] x, int[] y) {
        return fit(x, Arrays.stream(y).boxed().toList());
    }

    /** Fits the examples {@code x} (one row each) to {@code y}; the model answers in those labels. */
    public <L extends Comparable<? super L>> ClassificationModel<L> fit(float[][] x, L[] y) {
        return fit(x, Arrays.asList(y));
    }

    /** Fits the examples {@code x} (one row each) to {@code y}; the model answers in those labels. */
    public <L extends Comparable<? super L>> ClassificationModel<L> fit(float[][] x, List<L> y) {
        NetworkTraining.requireSameRows(x, y.size());
        float[] features = InputRows.flatten(x);
        LabelVocabulary<L> vocabulary = LabelVocabulary.of(y);
        Dataset data = Dataset.classification(
                        "training data", features, x.length, x[0].length, vocabulary.indices(y), vocabulary.size())
                .withClassNames(vocabulary.texts());
        return fit(data, vocabulary, "features as given to MlpClassifier.fit");
    }

    /** Fits a jmlp data set (a CSV file, the embedded digits, …); the model answers in its class names. */
    public ClassificationModel<String> fit(Dataset data) {
        if (!data.isClassification()) {
            throw new IllegalArgumentException(data.name() + " has regression targets; fit it with MlpRegressor");
        }
        return fit(
                data,
                LabelVocabulary.ordered(data.classNames()),
                "features as the data set '" + data.name()
                        + "' holds them (jmlp's loaders divide IDX byte pixels by 255)");
    }

    /** {@code data}'s class names are the text of {@code vocabulary}'s labels, in the same order. */
    private <L> ClassificationModel<L> fit(Dataset data, LabelVocabulary<L> vocabulary, String inputPreprocessing) {
        Loss loss = loss(vocabulary.size());
        int outputs = loss instanceof BinaryCrossEntropy ? 1 : vocabulary.size();
        NetworkTraining.Result result = NetworkTraining.run(settings, data, loss, outputs, inputPreprocessing);
        return new ClassificationModel<>(
                result.network(),
                vocabulary,
                result.metadata(),
                result.history(),
                settings.backend().forInference());
    }

    private Loss loss(int classes) {
        String name = settings.loss();
        if (name.equals("auto")) {
            return new SoftmaxCrossEntropy();
        }
        Loss parsed = Loss.parse(name);
        if (parsed instanceof BinaryCrossEntropy && classes != 2) {
            throw new IllegalArgumentException(
                    "loss bce is binary logistic regression on one output and needs 2 classes; y has " + classes
                            + " (use softmax-ce)");
        }
        return parsed instanceof MeanSquaredError ? new MeanSquaredError(true) : parsed;
    }

    /**
     * The classifier's training menu ({@link EstimatorBuilder}) and its loss.
     *
     * <pre>{@code
     * MlpClassifier classifier = MlpClassifier.builder().hiddenLayers(32).loss("hinge").optimizer("adam").build();
     * }</pre>
     */
    public static final class Builder extends EstimatorBuilder<Builder> {
        private String loss = "auto";

        private Builder() {}

        @Override
        Builder self() {
            return this;
        }

        /**
         * auto (the default: softmax-ce), softmax-ce, bce (one logistic output; two classes), mse
         * (against one-hot rows) or hinge[:margin] (multiclass SVM). Only the likelihoods (softmax-ce,
         * bce) give probabilities.
         */
        public Builder loss(String name) {
            String n = name.trim().toLowerCase(Locale.ROOT);
            if (!n.equals("auto")) {
                Loss.parse(n);
            }
            this.loss = n;
            return this;
        }

        public MlpClassifier build() {
            return new MlpClassifier(settings(loss));
        }
    }
}
