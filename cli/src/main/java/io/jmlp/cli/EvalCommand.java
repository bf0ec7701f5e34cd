package io.jmlp.cli;

import io.jmlp.backend.Backend;
import io.jmlp.data.DataSources;
import io.jmlp.data.Dataset;
import io.jmlp.data.TrainTest;
import io.jmlp.eval.ModelReport;
import io.jmlp.io.AtomicWrite;
import io.jmlp.model.ModelFile;
import io.jmlp.model.ModelMetadata;
import io.jmlp.nn.Mlp;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code jmlp eval}: scores a saved model on a data set and prints accuracy, log-loss, per-class
 * and averaged precision/recall/F1, the confusion matrix and one-vs-rest ROC AUCs (RMSE, MAE and
 * R² for regression). All reporting goes through {@link #report}; loading through {@link #loadModel}.
 */
@Command(
        name = "eval",
        sortOptions = false,
        showDefaultValues = true,
        mixinStandardHelpOptions = true,
        description = "Evaluate a saved model: metrics as tables, and optional confusion/ROC/sample pictures.")
final class EvalCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(
            names = "--model",
            required = true,
            paramLabel = "DIR",
            description = "The model directory `jmlp train` saved.")
    Path model;

    @Option(
            names = "--data",
            defaultValue = "mnist-10k",
            paramLabel = "DATA",
            description = "Data set, as for `jmlp train --data`.")
    String data;

    @Option(
            names = "--split",
            defaultValue = "test",
            paramLabel = "PART",
            description = "Which part to score: test, train or all.")
    String split;

    @Option(
            names = {"-o", "--output"},
            paramLabel = "DIR",
            description = "Write report.txt and the pictures chosen by --plots here (default: print only).")
    Path output;

    @Option(
            names = "--plots",
            defaultValue = "confusion,roc,samples",
            paramLabel = "LIST",
            description = "With --output: all, none, or any of confusion, roc, samples.")
    String plots;

    @Option(
            names = "--seed",
            defaultValue = "1",
            paramLabel = "N",
            description = "Seeds synthetic data and CSV test splits.")
    long seed;

    @Mixin
    BackendOptions backendOptions;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        java.util.Set<PlotOptions.Plot> pictures = plotChoice(plots);
        // The data is read against the model's schema: columns by name, labels by the model's classes.
        ModelMetadata metadata = ModelFile.readMetadata(model);
        Dataset dataset = choosePart(DataSources.load(data, seed, metadata.schema()), split);
        List<String> notes = new ArrayList<>();
        try (Backend backend = backendOptions.open(notes::add);
                Mlp loaded = ModelFile.load(model, backend).model()) {
            out.printf("backend:   %s — %s%n", backend.name(), backend.deviceDescription());
            report(loaded, dataset, metadata, out, output, pictures);
        }
        return 0;
    }

    /** Prints the metric tables for {@code model} on {@code data}; with {@code outputDir}, also writes report.txt and pictures. */
    static ModelReport report(
            Mlp model, Dataset data, PrintWriter out, Path outputDir, java.util.Set<PlotOptions.Plot> pictures)
            throws IOException {
        return report(model, data, null, out, outputDir, pictures);
    }

    /**
     * As above for raw {@code data} and a saved model's {@code metadata} (null: none), whose feature
     * scaler is applied before the network and whose target scaler maps regression outputs back.
     */
    static ModelReport report(
            Mlp model,
            Dataset data,
            ModelMetadata metadata,
            PrintWriter out,
            Path outputDir,
            java.util.Set<PlotOptions.Plot> pictures)
            throws IOException {
        ModelReport report = metadata == null
                ? ModelReport.of(model, data)
                : ModelReport.of(model, metadata.networkInputs(data), metadata.targetScaler());
        String text = String.format(Locale.ROOT, "model:     %s%n", model.summary()) + report.toText();
        out.print(text);
        if (outputDir != null) {
            AtomicWrite.writeString(outputDir.resolve("report.txt"), text);
            List<Path> files = new ArrayList<>(List.of(outputDir.resolve("report.txt")));
            files.addAll(PlotOptions.writeReport(pictures, outputDir, report, data));
            PlotOptions.printWritten(out, files);
        }
        out.flush();
        return report;
    }

    static java.util.Set<PlotOptions.Plot> plotChoice(String text) {
        return PlotOptions.parse(text);
    }

    static Dataset choosePart(TrainTest sets, String part) {
        return switch (part.trim().toLowerCase(Locale.ROOT)) {
            case "test" -> sets.test();
            case "train" -> sets.train();
            case "all" -> concat(sets.train(), sets.test());
            default -> throw new IllegalArgumentException("--split takes test, train or all, got '" + part + "'");
        };
    }

    private static Dataset concat(Dataset a, Dataset b) {
        float[] f = new float[a.features().length + b.features().length];
        System.arraycopy(a.features(), 0, f, 0, a.features().length);
        System.arraycopy(b.features(), 0, f, a.features().length, b.features().length);
        if (a.isClassification()) {
            int[] l = new int[a.rows() + b.rows()];
            System.arraycopy(a.labels(), 0, l, 0, a.rows());
            System.arraycopy(b.labels(), 0, l, a.rows(), b.rows());
            return Dataset.classification(
                            a.name() + " + test",
                            f,
                            a.rows() + b.rows(),
                            a.cols(),
                            l,
                            Math.max(a.classes(), b.classes()))
                    .withClassNames(a.classes() >= b.classes() ? a.classNames() : b.classNames());
        }
        float[] t = new float[a.targets().length + b.targets().length];
        System.arraycopy(a.targets(), 0, t, 0, a.targets().length);
        System.arraycopy(b.targets(), 0, t, a.targets().length, b.targets().length);
        return Dataset.regression(a.name() + " + test", f, a.rows() + b.rows(), a.cols(), t, a.targetCols());
    }
}
