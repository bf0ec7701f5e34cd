package io.jmlp.cli;

import io.jmlp.data.DataSources;
import io.jmlp.data.Dataset;
import io.jmlp.io.AtomicWrite;
import io.jmlp.select.FoldScore;
import io.jmlp.select.Metric;
import io.jmlp.select.Search;
import io.jmlp.select.TrialConfig;
import io.jmlp.select.TrialResult;
import io.jmlp.select.Validation;
import io.jmlp.select.WorkerPool;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code jmlp cv}: k-fold (optionally repeated, always stratified for classes) cross-validation of
 * one configuration on the training part of a data set; the test part is never touched. Folds run
 * in parallel, each worker on its own backend.
 */
@Command(name = "cv", sortOptions = false, showDefaultValues = true, mixinStandardHelpOptions = true,
        description = "Cross-validate one configuration: per-fold table and mean ± std of the chosen metrics.")
final class CvCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--data", defaultValue = "moons", paramLabel = "DATA", description = "Data set, as for `jmlp train --data`; "
            + "its training part is split into folds.")
    String data;

    @Option(names = "--folds", defaultValue = "5", paramLabel = "K")
    int folds;

    @Option(names = "--repeats", defaultValue = "1", paramLabel = "R", description = "Repeat the k folds with new shuffles (5 for the seeds' 5×5).")
    int repeats;

    @Option(names = "--metrics", paramLabel = "LIST",
            description = "Among accuracy, macro-f1, weighted-f1, macro-auc, log-loss, loss (classification); rmse, mae, r2, loss (regression). "
                    + "Default: accuracy,macro-f1,macro-auc,log-loss for classes, rmse,mae,r2 for regression.")
    String metrics;

    @Option(names = "--layers", defaultValue = "16", paramLabel = "W1,W2,…")
    String layers;

    @Option(names = "--activation", defaultValue = "relu", paramLabel = "NAME")
    String activation;

    @Option(names = "--batch-norm", negatable = true, defaultValue = "false", fallbackValue = "true")
    boolean batchNorm;

    @Option(names = "--optimizer", defaultValue = "adam", paramLabel = "NAME",
            description = "sgd, momentum, nesterov, adagrad, rmsprop, adam or adamw.")
    String optimizer;

    @Option(names = "--lr", defaultValue = "0.01", paramLabel = "RATE")
    double learningRate;

    @Option(names = "--l2", defaultValue = "0", paramLabel = "LAMBDA")
    double l2;

    @Option(names = "--batch-size", defaultValue = "32", paramLabel = "N")
    int batchSize;

    @Option(names = "--schedule", defaultValue = "constant", paramLabel = "SCHEDULE")
    String schedule;

    @Option(names = "--epochs", defaultValue = "20", paramLabel = "N")
    int epochs;

    @Option(names = "--scale", defaultValue = "none", paramLabel = "SCALER",
            description = "none, standard or minmax, fitted on each training fold only.")
    String scale;

    @Option(names = "--seed", defaultValue = "1", paramLabel = "N", description = "Seeds the folds, the weights and the shuffles.")
    long seed;

    @Option(names = "--workers", paramLabel = "N", description = "Parallel trainings, each with its own backend. Default: min(cores, folds × repeats).")
    Integer workers;

    @Option(names = {"-o", "--output"}, paramLabel = "DIR", description = "Also write folds.csv here.")
    Path output;

    @Mixin
    BackendOptions backendOptions;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        List<Integer> hidden = Arrays.stream(TrainCommand.parseLayers(layers)).boxed().toList();
        TrialConfig config = new TrialConfig(hidden, activation, batchNorm, optimizer, learningRate, l2, batchSize, schedule, epochs);
        Dataset train = DataSources.load(data, seed).train();
        List<Metric> chosen = Metric.parseList(metrics != null ? metrics
                : train.isClassification() ? "accuracy,macro-f1,macro-auc,log-loss" : "rmse,mae,r2");
        for (Metric m : chosen) {
            if (!m.appliesTo(train.isClassification())) {
                throw new IllegalArgumentException("--metrics " + m.cliName() + " does not apply to "
                        + (train.isClassification() ? "classification" : "regression") + " data");
            }
        }
        Validation validation = new Validation(folds, repeats, 0, scale, seed);
        int workerCount = workers != null ? workers : WorkerPool.defaultWorkers(folds * repeats);
        out.printf(Locale.ROOT, "data:      %s: %,d rows, %d features%s%n", data, train.rows(), train.cols(),
                train.isClassification() ? ", " + train.classes() + " classes" : "");
        out.printf("scoring:   %s%n", validation.describe());
        out.printf("config:    %s, %d epochs%n", config.label(), epochs);
        WorkerBackends backends = WorkerBackends.choose(backendOptions, out);
        out.flush();
        WorkerPool pool = new WorkerPool(workerCount, backends.opener());
        Search runner = new Search(pool, train, validation, chosen.get(0), line -> {
            out.println("running:   " + line);
            out.flush();
        });
        long started = System.nanoTime();
        TrialResult result = runner.evaluateAll(List.of(config), "cv").get(0);
        double seconds = (System.nanoTime() - started) / 1e9;

        String table = foldTable(result, chosen) + "\n" + summary(result, chosen);
        out.print("\n" + table);
        out.printf(Locale.ROOT, "%d trainings in %.1f s on %d workers%n", result.folds().size(), seconds, workerCount);
        if (output != null) {
            AtomicWrite.writeString(output.resolve("folds.csv"), foldCsv(result, chosen));
            out.printf("wrote %s%n", output.resolve("folds.csv"));
        }
        return result.failure() != null ? 1 : 0;
    }

    static String foldTable(TrialResult result, List<Metric> metrics) {
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "%6s %4s", "repeat", "fold"));
        metrics.forEach(m -> sb.append(String.format(Locale.ROOT, " %10s", m.cliName())));
        sb.append(String.format(Locale.ROOT, " %8s%n", "seconds"));
        for (FoldScore f : result.folds()) {
            sb.append(String.format(Locale.ROOT, "%6d %4d", f.repeat() + 1, f.fold() + 1));
            for (Metric m : metrics) {
                sb.append(f.failure() != null ? String.format(Locale.ROOT, " %10s", "diverged")
                        : String.format(Locale.ROOT, " %10.4f", f.get(m)));
            }
            sb.append(String.format(Locale.ROOT, " %8.2f%n", f.seconds()));
        }
        return sb.toString();
    }

    static String summary(TrialResult result, List<Metric> metrics) {
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "mean ± std over %d folds%n", result.folds().size()));
        for (Metric m : metrics) {
            sb.append(String.format(Locale.ROOT, "  %-11s %.4f ± %.4f%n", m.cliName(), result.mean(m), result.std(m)));
        }
        if (result.failure() != null) {
            sb.append("  some folds diverged: ").append(result.failure()).append('\n');
        }
        return sb.toString();
    }

    private static String foldCsv(TrialResult result, List<Metric> metrics) {
        StringBuilder sb = new StringBuilder("repeat,fold");
        metrics.forEach(m -> sb.append(',').append(m.cliName()));
        sb.append(",seconds\n");
        for (FoldScore f : result.folds()) {
            sb.append(f.repeat() + 1).append(',').append(f.fold() + 1);
            metrics.forEach(m -> sb.append(String.format(Locale.ROOT, ",%.6f", f.get(m))));
            sb.append(String.format(Locale.ROOT, ",%.3f%n", f.seconds()));
        }
        return sb.toString();
    }
}
