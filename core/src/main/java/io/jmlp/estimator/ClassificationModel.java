package io.jmlp.estimator;

import io.jmlp.backend.Backends;
import io.jmlp.data.DataSchema;
import io.jmlp.data.Dataset;
import io.jmlp.eval.Predictions;
import io.jmlp.model.ModelMetadata;
import io.jmlp.nn.MlpSpec;
import io.jmlp.train.History;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

/**
 * A trained classifier, from {@link MlpClassifier#fit}: predicts classes in the labels it was
 * fitted on, their probabilities, and its accuracy on labelled examples. Inputs go through the
 * scaler fitted at training time, so pass raw features, as to {@code fit}.
 *
 * <pre>{@code
 * ClassificationModel<String> model = MlpClassifier.builder().build().fit(x, y);
 * String first = model.predict(x[0]);
 * float[][] p = model.predictProba(x);       // p[i][k]: probability of model.classes().get(k)
 * double accuracy = model.score(xTest, yTest);
 * model.history().epochs().forEach(System.out::println);
 * }</pre>
 *
 * <p>{@link #save} writes the model directory {@code jmlp train --save} writes, labels and
 * scaler included, which {@code jmlp predict}, {@code jmlp eval} and PyTorch read.
 *
 * <p>The model holds its network in host memory and needs no closing. Each call runs on the
 * pure-Java cpu backend (or on the backend the builder was given), opened for the call and closed
 * before it returns, so call it with many rows at once rather than once per row where speed
 * matters. A model is immutable and safe to use from several threads.
 *
 * @param <L> the label type
 */
public final class ClassificationModel<L> {
    private final TrainedNetwork network;
    private final LabelVocabulary<L> vocabulary;
    private final ModelMetadata metadata;
    private final History history;
    private final BackendChoice inference;

    ClassificationModel(
            TrainedNetwork network,
            LabelVocabulary<L> vocabulary,
            ModelMetadata metadata,
            History history,
            BackendChoice inference) {
        this.network = network;
        this.vocabulary = vocabulary;
        this.metadata = metadata;
        this.history = history;
        this.inference = inference;
    }

    /** The classes in output order: column {@code k} of {@link #predictProba} is {@code classes().get(k)}. */
    public List<L> classes() {
        return vocabulary.classes();
    }

    /** The most likely class of each row of {@code x}. */
    public List<L> predict(float[][] x) {
        int[] predicted = scores(x).predicted();
        List<L> labels = new ArrayList<>(predicted.length);
        for (int k : predicted) {
            labels.add(vocabulary.label(k));
        }
        return labels;
    }

    /** The most likely class of one example. */
    public L predict(float[] row) {
        return predict(InputRows.single(row)).get(0);
    }

    /**
     * Class probabilities, {@code [rows][classes]}, columns in {@link #classes()} order.
     *
     * @throws UnsupportedOperationException for a model trained with a loss that does not model
     *     probabilities (hinge, mse); use {@link #predict} there
     */
    public float[][] predictProba(float[][] x) {
        Predictions p = scores(x);
        if (!p.probabilistic()) {
            throw new UnsupportedOperationException(
                    "this model was trained with loss " + network.spec().loss().name()
                            + ", whose outputs are not probabilities; use predict, or train with softmax-ce or bce");
        }
        float[][] out = new float[p.rows()][];
        for (int r = 0; r < p.rows(); r++) {
            out[r] = Arrays.copyOfRange(p.scores(), r * p.classes(), (r + 1) * p.classes());
        }
        return out;
    }

    /** The class probabilities of one example. */
    public float[] predictProba(float[] row) {
        return predictProba(InputRows.single(row))[0];
    }

    /** Accuracy on labelled examples: the fraction of rows whose predicted class is {@code y}'s (a label the model never saw counts as wrong). */
    public double score(float[][] x, List<L> y) {
        NetworkTraining.requireSameRows(x, y.size());
        int[] predicted = scores(x).predicted();
        int correct = 0;
        for (int i = 0; i < predicted.length; i++) {
            correct += predicted[i] == vocabulary.indexOf(y.get(i)) ? 1 : 0;
        }
        return (double) correct / predicted.length;
    }

    /** Accuracy on labelled examples, as {@link #score(float[][], List)}. */
    public double score(float[][] x, L[] y) {
        return score(x, Arrays.asList(y));
    }

    /**
     * Accuracy against integer labels, for a model fitted on {@code int[]} labels.
     *
     * @throws IllegalArgumentException when the model's labels are not integers
     */
    @SuppressWarnings("unchecked")
    public double score(float[][] x, int[] y) {
        if (!(vocabulary.label(0) instanceof Integer)) {
            throw new IllegalArgumentException("this model's labels are "
                    + vocabulary.label(0).getClass().getSimpleName() + "s, not integers; score it with its own labels");
        }
        return score(x, (List<L>) (List<?>) Arrays.stream(y).boxed().toList());
    }

    /** The most likely class of every row of a jmlp data set. */
    public List<L> predict(Dataset data) {
        return predict(data.featureRows());
    }

    /**
     * Accuracy on a jmlp data set, its class names matched to this model's labels by text (as
     * {@code jmlp eval} does).
     *
     * @throws IllegalArgumentException when the data holds a class the model was not trained on
     */
    public double score(Dataset data) {
        Dataset conformed = metadata.schema().conform(data, data.name());
        int[] predicted = scores(data.featureRows()).predicted();
        int correct = 0;
        for (int i = 0; i < predicted.length; i++) {
            correct += predicted[i] == conformed.labels()[i] ? 1 : 0;
        }
        return (double) correct / predicted.length;
    }

    /** The epochs of the training run (train and validation loss and accuracy, learning rate, time); empty for a loaded model. */
    public History history() {
        return history;
    }

    /** What the network is: its layers and loss. */
    public MlpSpec spec() {
        return network.spec();
    }

    /**
     * What the model's inputs and outputs mean, as its model file records them: the data's schema
     * (feature count and names, class labels as text) and the fitted feature scaler (or none).
     */
    public ModelMetadata metadata() {
        return metadata;
    }

    /**
     * Writes the model as {@code jmlp train --save} does: {@code model.json} and
     * {@code model.safetensors} in {@code directory} (new, empty, or a model directory jmlp wrote,
     * which is replaced atomically). {@code jmlp predict --model DIR}, {@code jmlp eval} and PyTorch
     * (docs/interop.md) read it.
     */
    public void save(Path directory) throws IOException {
        network.save(directory, metadata, inference);
    }

    /**
     * Reads a classifier's model directory (from {@link #save} or {@code jmlp train --save}); its
     * classes are the labels' text as saved.
     */
    public static ClassificationModel<String> load(Path directory) throws IOException {
        return load(directory, text -> text);
    }

    /**
     * Reads a classifier's model directory, turning each saved label back into its type, e.g.
     * {@code ClassificationModel.load(dir, Integer::valueOf)} for a model fitted on {@code int}
     * labels, or {@code Species::valueOf} for an enum.
     */
    public static <L> ClassificationModel<L> load(Path directory, Function<String, L> label) throws IOException {
        BackendChoice inference =
                BackendChoice.of(Backends.defaultSpec(), false).forInference();
        TrainedNetwork.Loaded loaded = TrainedNetwork.load(directory, inference);
        DataSchema schema = loaded.metadata().schema();
        if (!schema.isClassification()) {
            throw new IOException(directory + " holds a regression model; load it with RegressionModel.load");
        }
        List<L> classes = schema.classLabels().stream().map(label).toList();
        return new ClassificationModel<>(
                loaded.network(), LabelVocabulary.ordered(classes), loaded.metadata(), new History(), inference);
    }

    private Predictions scores(float[][] x) {
        float[] features =
                metadata.networkInputs(InputRows.flatten(x, network.spec().inputSize()));
        float[] raw = network.outputs(features, x.length, inference);
        return Predictions.fromOutputs(raw, x.length, network.spec().loss(), vocabulary.size());
    }

    @Override
    public String toString() {
        return "ClassificationModel " + network.spec().widths() + ", loss "
                + network.spec().loss().name() + ", classes " + classes();
    }
}
