package io.jmlp.cli;

import io.jmlp.backend.Backend;
import io.jmlp.backend.Tensor;
import io.jmlp.data.DataSources;
import io.jmlp.data.Dataset;
import io.jmlp.data.TrainTest;
import io.jmlp.io.AtomicWrite;
import io.jmlp.model.ModelFile;
import io.jmlp.model.ModelMetadata;
import io.jmlp.nn.ForwardPass;
import io.jmlp.nn.Mlp;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code jmlp predict}: loads a saved model on any backend and writes its outputs for a data set,
 * one CSV row per example. The data is read against the model's schema (columns by name, labels by
 * the model's classes) and scaled by the model's saved scaler; a classifier's predictions are the
 * user's class labels (with the raw outputs at full float precision, so other frameworks can be
 * compared against it), a regression model's are numbers in the targets' units.
 */
@Command(
        name = "predict",
        sortOptions = false,
        showDefaultValues = true,
        mixinStandardHelpOptions = true,
        description = "Run a saved model (jmlp train --save) on a data set and write its predictions as CSV.")
final class PredictCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(
            names = "--model",
            required = true,
            paramLabel = "DIR",
            description = "A model directory written by jmlp train --save.")
    Path model;

    @Option(
            names = "--data",
            defaultValue = "mnist-10k",
            paramLabel = "DATA",
            description = "As for jmlp train: mnist-10k, fashion-mnist, idx:DIR, moons[:…] or csv:PATH[,…].")
    String data;

    @Option(
            names = "--split",
            defaultValue = "test",
            paramLabel = "test|train",
            description = "Which part of the data to predict.")
    String split;

    @Option(
            names = "--seed",
            defaultValue = "1",
            paramLabel = "N",
            description = "Seed of generated data (moons); as in training.")
    long seed;

    @Option(
            names = {"-o", "--output"},
            paramLabel = "FILE",
            description = "CSV to write. Default: <model>/predictions-<split>.csv.")
    Path output;

    @Option(names = "--batch-size", defaultValue = "1000", paramLabel = "N", description = "Examples per forward pass.")
    int batchSize;

    @Mixin
    BackendOptions backendOptions;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        if (batchSize < 1) {
            throw new IllegalArgumentException("--batch-size must be >= 1, got " + batchSize);
        }
        if (!split.equals("test") && !split.equals("train")) {
            throw new IllegalArgumentException("--split must be test or train, got '" + split + "'");
        }
        ModelMetadata metadata = ModelFile.readMetadata(model);
        TrainTest sets = DataSources.load(data, seed, metadata.schema());
        Dataset set = split.equals("test") ? sets.test() : sets.train();
        Path csv = output != null ? output : model.resolve("predictions-" + split + ".csv");
        try (Backend backend = backendOptions.open(note -> {});
                Mlp network = ModelFile.load(model, backend).model()) {
            int k = network.outputSize();
            float[] inputs = metadata.networkInputs(set.features());
            float[] outputs = new float[set.rows() * k];
            for (int first = 0; first < set.rows(); first += batchSize) {
                int n = Math.min(batchSize, set.rows() - first);
                float[] rows = java.util.Arrays.copyOfRange(inputs, first * set.cols(), (first + n) * set.cols());
                try (Tensor x = Tensor.of(backend, n, set.cols(), rows)) {
                    float[] y = network.forward(x, ForwardPass.inference()).toHost();
                    System.arraycopy(y, 0, outputs, first * k, y.length);
                }
            }
            StringBuilder sb = new StringBuilder();
            int correct = set.isClassification()
                    ? classificationCsv(sb, set, metadata, outputs, k)
                    : regressionCsv(sb, set, metadata, outputs, k);
            AtomicWrite.writeString(csv, sb.toString());
            out.printf(Locale.ROOT, "model:     %s (%s) on %s%n", model, network.summary(), backend.name());
            if (set.isClassification()) {
                out.printf(
                        Locale.ROOT,
                        "accuracy:  %.4f (%,d of %,d, %s %s)%n",
                        (double) correct / set.rows(),
                        correct,
                        set.rows(),
                        data,
                        split);
            }
            out.printf("wrote %s%n", csv);
        }
        return 0;
    }

    /** {@code index,label,predicted,output_0…}: labels as the user wrote them; returns how many were right. */
    private static int classificationCsv(
            StringBuilder sb, Dataset set, ModelMetadata metadata, float[] outputs, int k) {
        sb.append("index,label,predicted");
        for (int j = 0; j < k; j++) {
            sb.append(",output_").append(j);
        }
        sb.append('\n');
        int correct = 0;
        for (int i = 0; i < set.rows(); i++) {
            int predicted = predictedClass(outputs, i, k);
            correct += set.labels()[i] == predicted ? 1 : 0;
            sb.append(i)
                    .append(',')
                    .append(csvField(metadata.classLabel(set.labels()[i])))
                    .append(',')
                    .append(csvField(metadata.classLabel(predicted)));
            for (int j = 0; j < k; j++) {
                // Float.toString is the shortest text that reads back as the same float.
                sb.append(',').append(Float.toString(outputs[i * k + j]));
            }
            sb.append('\n');
        }
        return correct;
    }

    /** {@code index,target,prediction} (numbered when several targets), in the targets' units. */
    private static int regressionCsv(StringBuilder sb, Dataset set, ModelMetadata metadata, float[] outputs, int k) {
        float[] predictions = metadata.regressionValues(outputs);
        sb.append("index");
        for (int j = 0; j < k; j++) {
            sb.append(k == 1 ? ",target" : ",target_" + j);
        }
        for (int j = 0; j < k; j++) {
            sb.append(k == 1 ? ",prediction" : ",prediction_" + j);
        }
        sb.append('\n');
        for (int i = 0; i < set.rows(); i++) {
            sb.append(i);
            for (int j = 0; j < k; j++) {
                sb.append(',').append(Float.toString(set.targets()[i * k + j]));
            }
            for (int j = 0; j < k; j++) {
                sb.append(',').append(Float.toString(predictions[i * k + j]));
            }
            sb.append('\n');
        }
        return 0;
    }

    /** A CSV field, quoted (RFC 4180) when it holds a comma, a quote or a line break. */
    static String csvField(String text) {
        if (text.indexOf(',') < 0 && text.indexOf('"') < 0 && text.indexOf('\n') < 0 && text.indexOf('\r') < 0) {
            return text;
        }
        return '"' + text.replace("\"", "\"\"") + '"';
    }

    /** The class a row's outputs pick: argmax of several, or output > 0 (probability > ½) for a single logit. */
    static int predictedClass(float[] outputs, int row, int k) {
        if (k == 1) {
            return outputs[row] > 0 ? 1 : 0;
        }
        int best = 0;
        for (int j = 1; j < k; j++) {
            if (outputs[row * k + j] > outputs[row * k + best]) {
                best = j;
            }
        }
        return best;
    }
}
