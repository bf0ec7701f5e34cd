package io.jmlp.cli;

import io.jmlp.data.DataSources;
import io.jmlp.data.Dataset;
import io.jmlp.select.FixedSettings;
import io.jmlp.select.Leaderboard;
import io.jmlp.select.Metric;
import io.jmlp.select.Search;
import io.jmlp.select.SearchPlan;
import io.jmlp.select.SearchSpace;
import io.jmlp.select.TrialResult;
import io.jmlp.select.Validation;
import io.jmlp.select.WorkerPool;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code jmlp search}: hyperparameter search on the training part of a data set (the test part
 * is never touched), scored by a stratified validation split or k-fold cross-validation. Prints a
 * leaderboard and the winner as a {@code jmlp train} command; saves results.csv and results.json.
 */
@Command(
        name = "search",
        sortOptions = false,
        showDefaultValues = true,
        mixinStandardHelpOptions = true,
        description = {
            "Search hyperparameters by grid, random sampling, successive halving or Hyperband.",
            "The space flags (--layers, --activation, --batch-norm, --optimizer, --lr, --l2, --batch-size, --schedule) take "
                    + "lists of choices and default to the search space below, not to jmlp train's defaults or its small-data "
                    + "recipe (a search explores around a small network: 16;32,16, relu, no batch norm, adam, constant rate). "
                    + "Every other training flag (--dropout, --loss, --init, --momentum, --rho, --beta1, --beta2, --eps, "
                    + "--weight-decay, --l1, --warmup, --clip-norm, --max-norm) is jmlp train's, with its default, the same in "
                    + "every trial; an optimizer hyperparameter applies to the trials whose optimizer uses it. "
                    + "--early-stopping is refused (no validation rows inside a trial)."
        })
final class SearchCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(
            names = "--data",
            defaultValue = "moons",
            paramLabel = "DATA",
            description = "Data set, as for `jmlp train --data`.")
    String data;

    @Option(
            names = "--strategy",
            defaultValue = "random",
            paramLabel = "NAME",
            description = "grid, random, halving or hyperband.")
    String strategy;

    @Option(
            names = "--space",
            paramLabel = "FILE",
            description = "A search space file of 'key = value' lines (keys as the flags "
                    + "below, without --); flags given on the command line override it.")
    Path spaceFile;

    @Option(
            names = "--layers",
            paramLabel = "CHOICES",
            description = "Hidden layer choices split by ';', widths by ',': 16;32,16. Default 16;32,16.")
    String layers;

    @Option(names = "--activation", paramLabel = "LIST", description = "Default relu.")
    String activation;

    @Option(
            names = "--batch-norm",
            paramLabel = "LIST",
            arity = "1",
            description = "true, false or true,false. Default false.")
    String batchNorm;

    @Option(names = "--optimizer", paramLabel = "LIST", description = "Default adam.")
    String optimizer;

    @Option(
            names = "--lr",
            paramLabel = "LIST|LOW..HIGH",
            description = "Values, or a range sampled log-uniformly. "
                    + "Default 0.001,0.01,0.1 for grid, 1e-4..0.3 otherwise.")
    String lr;

    @Option(names = "--l2", paramLabel = "LIST|LOW..HIGH", description = "Default 0 for grid, 1e-6..1e-2 otherwise.")
    String l2;

    @Option(names = "--batch-size", paramLabel = "LIST", description = "Default 32.")
    String batchSize;

    @Option(names = "--schedule", paramLabel = "LIST", description = "Default constant.")
    String schedule;

    @Option(
            names = "--trials",
            defaultValue = "16",
            paramLabel = "N",
            description = "Configurations drawn (random, halving).")
    int trials;

    @Option(names = "--epochs", defaultValue = "10", paramLabel = "N", description = "Epochs per trial (grid, random).")
    int epochs;

    @Option(
            names = "--budget",
            paramLabel = "EPOCHS",
            description = "Successive halving's total budget B. Default: 4 × trials × ⌈log2 trials⌉.")
    Integer budget;

    @Option(
            names = "--max-epochs",
            defaultValue = "27",
            paramLabel = "R",
            description = "Hyperband: most epochs one configuration gets.")
    int maxEpochs;

    @Option(
            names = "--eta",
            defaultValue = "3",
            paramLabel = "ETA",
            description = "Hyperband: keep 1/eta of each rung.")
    int eta;

    @Option(
            names = "--validation",
            defaultValue = "0.2",
            paramLabel = "F",
            description = "Score on a stratified holdout of this fraction …")
    double validationFraction;

    @Option(
            names = "--folds",
            defaultValue = "0",
            paramLabel = "K",
            description = "… or by K-fold cross-validation (K >= 2).")
    int folds;

    @Option(names = "--repeats", defaultValue = "1", paramLabel = "R", description = "Repeats of the K folds.")
    int repeats;

    @Option(
            names = "--metric",
            paramLabel = "NAME",
            description = "Ranks the trials. Default accuracy (classification), rmse (regression).")
    String metric;

    @Option(
            names = "--scale",
            defaultValue = "none",
            paramLabel = "SCALER",
            description = "none, standard or minmax, fitted on each training split only.")
    String scale;

    @Option(
            names = "--seed",
            defaultValue = "1",
            paramLabel = "N",
            description = "Seeds the sampling, the splits and every trial.")
    long seed;

    @Option(
            names = "--workers",
            paramLabel = "N",
            description = "Parallel trainings, each with its own backend. Default: the number of cores.")
    Integer workers;

    @Option(names = "--top", defaultValue = "10", paramLabel = "N", description = "Leaderboard rows to print.")
    int top;

    @Option(
            names = {"-o", "--output"},
            paramLabel = "DIR",
            description = "Where results.csv and results.json go. Default: runs/search-<date>-<time>.")
    Path output;

    /** The training flags a search space does not vary: jmlp train's, the same in every trial. */
    @Mixin
    FixedTrainingOptions fixed = new FixedTrainingOptions();

    @Mixin
    BackendOptions backendOptions;

    @Override
    public Integer call() throws Exception {
        // The output directory is claimed (unique by default, checked, locked) before any work, and released at the
        // end.
        try (RunOutputs outputs = new RunOutputs()) {
            return run(outputs);
        }
    }

    private Integer run(RunOutputs outputs) throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        SearchPlan plan = plan();
        String strategyName = plan.strategy();
        fixed.regularization.refuseEarlyStopping(
                "jmlp search",
                "scores each trial's model after its last epoch and holds no " + "validation rows inside a trial");
        SearchSpace plainSpace = plan.space();
        SearchSpace space = plainSpace.holding(fixed.settings(plainSpace.optimizers()));
        Path outputDir = outputs.claimRunDirectory(output, "search", "--output", "jmlp search");
        Dataset train = DataSources.load(data, seed).train();
        Metric ranking =
                metric != null ? Metric.parse(metric) : train.isClassification() ? Metric.ACCURACY : Metric.RMSE;
        Validation validation = new Validation(folds, repeats, folds >= 2 ? 0 : validationFraction, scale, seed);
        int workerCount = workers != null ? workers : Runtime.getRuntime().availableProcessors();

        out.printf(Locale.ROOT, "data:      %s: %,d training rows, %d features%n", data, train.rows(), train.cols());
        out.printf("space:     %s%n", space);
        out.printf(
                "fixed:     %s%n",
                space.fixed().equals(FixedSettings.DEFAULTS)
                        ? "jmlp train's defaults for the other training flags"
                        : space.fixed() + " (every trial)");
        out.printf("strategy:  %s%n", plan.describe());
        out.printf("scoring:   %s by %s%n", ranking.cliName(), validation.describe());
        WorkerBackends backends = WorkerBackends.choose(backendOptions, out);
        out.flush();

        WorkerPool pool = new WorkerPool(workerCount, backends.opener());
        Search search = new Search(pool, train, validation, ranking, line -> {
            out.println("running:   " + line);
            out.flush();
        });
        long started = System.nanoTime();
        plan.run(search, space, seed);
        double seconds = (System.nanoTime() - started) / 1e9;

        SearchPlan.Outcome outcome = SearchPlan.outcome(search, ranking, data, seed, train.isClassification());
        Leaderboard board = outcome.board();
        TrialResult best = outcome.best();
        String command = outcome.trainCommand();
        out.printf(
                Locale.ROOT,
                "%nleaderboard (%d trainings in %.1f s on %d workers)%n",
                outcome.trainings(),
                seconds,
                workerCount);
        out.print(board.toTable(top));
        out.printf(
                Locale.ROOT,
                "%nbest: %s %.4f (%s)%n  %s%n",
                ranking.cliName(),
                best.mean(ranking),
                best.stage(),
                command);
        if (!scale.equalsIgnoreCase("none")) {
            out.printf(
                    "  (the trials scaled features with --scale %s fitted on each training split; scale the data the same way "
                            + "for train)%n",
                    scale);
        }
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("data", data);
        settings.put("strategy", strategyName);
        settings.put("space", space.toString());
        settings.put("fixed", space.fixed().toString());
        settings.put("metric", ranking.cliName());
        settings.put("scoring", validation.describe());
        settings.put("seed", seed);
        settings.put("workers", workerCount);
        settings.put("seconds", seconds);
        Leaderboard.write(outputDir, settings, best, command, search.results());
        out.printf("wrote %s and %s%n", outputDir.resolve("results.csv"), outputDir.resolve("results.json"));
        return 0;
    }

    /** The search these flags ask for (the same flags mean the same search in jmlp search and jmlp spark search). */
    private SearchPlan plan() {
        SearchPlan.SpaceFlags flags =
                new SearchPlan.SpaceFlags(layers, activation, batchNorm, optimizer, lr, l2, batchSize, schedule);
        return new SearchPlan(strategy, spaceFile, flags.toMap(), trials, epochs, budget, maxEpochs, eta);
    }
}
