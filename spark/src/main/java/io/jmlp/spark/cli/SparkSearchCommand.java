package io.jmlp.spark.cli;

import io.jmlp.data.DataSources;
import io.jmlp.data.Dataset;
import io.jmlp.select.Leaderboard;
import io.jmlp.select.Metric;
import io.jmlp.select.Search;
import io.jmlp.select.SearchPlan;
import io.jmlp.select.SearchSpace;
import io.jmlp.select.TrialResult;
import io.jmlp.select.Validation;
import io.jmlp.spark.search.SparkTrialExecutor;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code jmlp spark search}: {@code jmlp search} with one trial per Spark task. The space, the
 * strategies, their defaults and the leaderboard are {@code jmlp search}'s, and so are the scores:
 * for the same space and seed the leaderboard is the one-machine one.
 */
@Command(
        name = "search",
        sortOptions = false,
        showDefaultValues = true,
        mixinStandardHelpOptions = true,
        description = "Search hyperparameters with one trial per Spark task (grid, random, halving, hyperband).")
final class SparkSearchCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    SparkOptions sparkOptions;

    @Option(names = "--data", defaultValue = "moons", paramLabel = "DATA", description = "As jmlp search --data.")
    String data;

    @Option(
            names = "--strategy",
            defaultValue = "random",
            paramLabel = "NAME",
            description = "grid, random, halving or hyperband.")
    String strategy;

    @Option(names = "--space", paramLabel = "FILE", description = "A search space file, as jmlp search --space.")
    Path spaceFile;

    @Option(names = "--layers", paramLabel = "CHOICES", description = "Default 16;32,16.")
    String layers;

    @Option(names = "--activation", paramLabel = "LIST", description = "Default relu.")
    String activation;

    @Option(names = "--batch-norm", paramLabel = "LIST", arity = "1", description = "Default false.")
    String batchNorm;

    @Option(names = "--optimizer", paramLabel = "LIST", description = "Default adam.")
    String optimizer;

    @Option(
            names = "--lr",
            paramLabel = "LIST|LOW..HIGH",
            description = "Default 0.001,0.01,0.1 for grid, 1e-4..0.3 otherwise.")
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
            description = "Successive halving's budget. Default: 4 × trials × ⌈log2 trials⌉.")
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
            description = "Score on a stratified holdout …")
    double validationFraction;

    @Option(names = "--folds", defaultValue = "0", paramLabel = "K", description = "… or by K-fold cross-validation.")
    int folds;

    @Option(names = "--repeats", defaultValue = "1", paramLabel = "R", description = "Repeats of the K folds.")
    int repeats;

    @Option(
            names = "--metric",
            paramLabel = "NAME",
            description = "Default accuracy (classification), rmse (regression).")
    String metric;

    @Option(names = "--scale", defaultValue = "none", paramLabel = "SCALER", description = "none, standard or minmax.")
    String scale;

    @Option(
            names = "--seed",
            defaultValue = "1",
            paramLabel = "N",
            description = "Seeds the sampling, the splits and every trial.")
    long seed;

    @Option(
            names = "--parallelism",
            defaultValue = "0",
            paramLabel = "N",
            description = "Tasks per round (0: one per trial).")
    int parallelism;

    @Option(names = "--backend", defaultValue = "auto", paramLabel = "SPEC", description = "Backend each task opens.")
    String backend;

    @Option(names = "--top", defaultValue = "10", paramLabel = "N", description = "Leaderboard rows to print.")
    int top;

    @Option(
            names = {"-o", "--output"},
            paramLabel = "DIR",
            description = "Where results.csv and results.json go. Default: runs/spark-search-<date>-<time>.")
    Path output;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        SearchPlan plan = plan();
        String strategyName = plan.strategy();
        SearchSpace space = plan.space();
        Path outputDir = output != null
                ? output
                : Path.of(
                        "runs",
                        "spark-search-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
        Dataset train = DataSources.load(data, seed).train();
        Metric ranking =
                metric != null ? Metric.parse(metric) : train.isClassification() ? Metric.ACCURACY : Metric.RMSE;
        Validation validation = new Validation(folds, repeats, folds >= 2 ? 0 : validationFraction, scale, seed);
        SparkSession spark = sparkOptions.start("jmlp spark search");
        try (SparkTrialExecutor executor =
                new SparkTrialExecutor(JavaSparkContext.fromSparkContext(spark.sparkContext()), parallelism, backend)) {
            out.printf(
                    Locale.ROOT, "data:      %s: %,d training rows, %d features%n", data, train.rows(), train.cols());
            out.printf("space:     %s%n", space);
            out.printf("scoring:   %s by %s%n", ranking.cliName(), validation.describe());
            out.printf(
                    "spark:     %s %s, %s%n",
                    spark.version(),
                    spark.sparkContext().master(),
                    parallelism == 0 ? "one task per trial" : parallelism + " tasks per round");
            out.flush();
            Search search = new Search(executor, train, validation, ranking, line -> {
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
            out.printf(Locale.ROOT, "%nleaderboard (%d trainings in %.1f s on Spark)%n", outcome.trainings(), seconds);
            out.print(board.toTable(top));
            out.printf(
                    Locale.ROOT,
                    "%nbest: %s %.4f (%s)%n  %s%n",
                    ranking.cliName(),
                    best.mean(ranking),
                    best.stage(),
                    command);
            Map<String, Object> settings = new LinkedHashMap<>();
            settings.put("data", data);
            settings.put("strategy", strategyName);
            settings.put("space", space.toString());
            settings.put("metric", ranking.cliName());
            settings.put("scoring", validation.describe());
            settings.put("seed", seed);
            settings.put("spark_master", spark.sparkContext().master());
            settings.put("seconds", seconds);
            Leaderboard.write(outputDir, settings, best, command, search.results());
            out.printf("wrote %s and %s%n", outputDir.resolve("results.csv"), outputDir.resolve("results.json"));
        } finally {
            spark.stop();
        }
        return 0;
    }

    /** The search these flags ask for (the same flags mean the same search in jmlp search and jmlp spark search). */
    private SearchPlan plan() {
        SearchPlan.SpaceFlags flags =
                new SearchPlan.SpaceFlags(layers, activation, batchNorm, optimizer, lr, l2, batchSize, schedule);
        return new SearchPlan(strategy, spaceFile, flags.toMap(), trials, epochs, budget, maxEpochs, eta);
    }
}
