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
 * in parallel, each worker on its own backend. The configuration comes from {@code jmlp train}'s
 * flags with train's defaults ({@link TrainingFlags}), so a fold trains what {@code jmlp train}
 * trains on the same rows.
 */
@Command(
        name = "cv",
        sortOptions = false,
        showDefaultValues = true,
        mixinStandardHelpOptions = true,
        description = {
            "Cross-validate one configuration: per-fold table and mean ± std of the chosen metrics.",
            "The training flags are jmlp train's, with its defaults and its small-data recipe (judged on the rows a fold "
                    + "trains on): each fold trains what jmlp train --validation 0 would train on the fold's rows. "
                    + "--early-stopping is refused (no validation rows inside a fold)."
        })
final class CvCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(
            names = "--data",
            defaultValue = "moons",
            paramLabel = "DATA",
            description = "Data set, as for `jmlp train --data`; " + "its training part is split into folds.")
    String data;

    @Option(names = "--folds", defaultValue = "5", paramLabel = "K")
    int folds;

    @Option(
            names = "--repeats",
            defaultValue = "1",
            paramLabel = "R",
            description = "Repeat the k folds with new shuffles (5 for the seeds' 5×5).")
    int repeats;

    @Option(
            names = "--metrics",
            paramLabel = "LIST",
            description =
                    "Among accuracy, macro-f1, weighted-f1, macro-auc, log-loss, loss (classification); rmse, mae, r2, loss (regression). "
                            + "Default: accuracy,macro-f1,macro-auc,log-loss for classes, rmse,mae,r2 for regression.")
    String metrics;

    /** The whole jmlp train menu, with train's defaults and its small-data recipe (on each fold's training rows). */
    @Mixin
    TrainingFlags training = new TrainingFlags();

    @Option(
            names = "--scale",
            defaultValue = "none",
            paramLabel = "SCALER",
            description = "none, standard or minmax, fitted on each training fold only.")
    String scale;

    @Option(
            names = "--seed",
            defaultValue = "1",
            paramLabel = "N",
            description = "Seeds the folds, the weights and the shuffles.")
    long seed;

    @Option(
            names = "--workers",
            paramLabel = "N",
            description = "Parallel trainings, each with its own backend. Default: min(cores, folds × repeats).")
    Integer workers;

    @Option(
            names = {"-o", "--output"},
            paramLabel = "DIR",
            description = "Also write folds.csv here.")
    Path output;

    @Mixin
    BackendOptions backendOptions;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        training.check();
        training.regularization.refuseEarlyStopping(
                "jmlp cv",
                "scores each fold's model after its last epoch and holds no " + "validation rows inside a fold");
        Dataset train = DataSources.load(data, seed).train();
        List<Metric> chosen = Metric.parseList(
                metrics != null
                        ? metrics
                        : train.isClassification() ? "accuracy,macro-f1,macro-auc,log-loss" : "rmse,mae,r2");
        for (Metric m : chosen) {
            if (!m.appliesTo(train.isClassification())) {
                throw new IllegalArgumentException("--metrics " + m.cliName() + " does not apply to "
                        + (train.isClassification() ? "classification" : "regression") + " data");
            }
        }
        Validation validation = new Validation(folds, repeats, 0, scale, seed);
        // The recipe goes by the rows a fold trains on, as jmlp train's goes by the rows left after its
        // validation split; the smallest fold decides, so every fold trains the same configuration.
        int trainingRows = validation.splits(train).stream()
                .mapToInt(f -> f.trainRows().length)
                .min()
                .orElseThrow();
        TrainingFlags.Resolved resolved = training.resolve(trainingRows);
        TrialConfig config = resolved.config();
        int workerCount = workers != null ? workers : WorkerPool.defaultWorkers(folds * repeats);
        out.printf(
                Locale.ROOT,
                "data:      %s: %,d rows, %d features%s%n",
                data,
                train.rows(),
                train.cols(),
                train.isClassification() ? ", " + train.classes() + " classes" : "");
        out.printf("scoring:   %s%n", validation.describe());
        out.printf(
                "config:    %s, %d epochs, init %s%n",
                config.label(), config.epochs(), config.init().cliName());
        if (!resolved.note().isEmpty()) {
            out.println("           " + resolved.note());
        }
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
        out.printf(
                Locale.ROOT,
                "%d trainings in %.1f s on %d workers%n",
                result.folds().size(),
                seconds,
                workerCount);
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
                sb.append(
                        f.failure() != null
                                ? String.format(Locale.ROOT, " %10s", "diverged")
                                : String.format(Locale.ROOT, " %10.4f", f.get(m)));
            }
            sb.append(String.format(Locale.ROOT, " %8.2f%n", f.seconds()));
        }
        return sb.toString();
    }

    static String summary(TrialResult result, List<Metric> metrics) {
        StringBuilder sb = new StringBuilder(String.format(
                Locale.ROOT, "mean ± std over %d folds%n", result.folds().size()));
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
