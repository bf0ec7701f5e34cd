package io.jmlp.spark.cli;

import io.jmlp.data.DataSources;
import io.jmlp.data.TrainTest;
import io.jmlp.spark.Frames;
import io.jmlp.spark.JmlpClassificationModel;
import io.jmlp.spark.JmlpClassifier;
import io.jmlp.spark.TrainingSummary;
import io.jmlp.spark.train.DistributedTrainer;
import io.jmlp.train.EpochRecord;
import java.io.PrintWriter;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.spark.ml.evaluation.MulticlassClassificationEvaluator;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code jmlp spark train}: fits {@link JmlpClassifier} on a data set turned into a DataFrame of
 * {@code --workers} partitions and reports the test accuracy, as {@code jmlp train} does on one
 * machine; the defaults are the same seed recipe.
 */
@Command(
        name = "train",
        sortOptions = false,
        showDefaultValues = true,
        mixinStandardHelpOptions = true,
        description =
                "Train a classifier on Spark by local SGD with parameter averaging, and report its test accuracy.")
final class SparkTrainCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    SparkOptions sparkOptions;

    @Option(
            names = "--data",
            defaultValue = "mnist-10k",
            paramLabel = "DATA",
            description = "As jmlp train --data (classification sets).")
    String data;

    @Option(
            names = "--workers",
            paramLabel = "N",
            description = "Partitions, one worker each. Default: Spark's default parallelism.")
    Integer workers;

    @Option(
            names = "--sync-every",
            defaultValue = "50",
            paramLabel = "K",
            description = "Steps each worker takes between averagings.")
    int syncEvery;

    @Option(names = "--layers", defaultValue = "300,150", paramLabel = "W1,W2,…", description = "Hidden layer widths.")
    String layers;

    @Option(
            names = "--activation",
            defaultValue = "relu",
            paramLabel = "NAME",
            description = "As jmlp train --activation.")
    String activation;

    @Option(
            names = "--batch-norm",
            defaultValue = "true",
            arity = "1",
            paramLabel = "true|false",
            description = "Batch norm before each activation.")
    boolean batchNorm;

    @Option(
            names = "--dropout",
            defaultValue = "0",
            paramLabel = "P",
            description = "Dropout after each hidden activation.")
    double dropout;

    @Option(
            names = "--optimizer",
            defaultValue = "momentum",
            paramLabel = "NAME",
            description = "sgd, momentum, nesterov, adagrad, rmsprop, adam, adamw.")
    String optimizer;

    @Option(
            names = "--lr",
            paramLabel = "RATE",
            description = "Initial learning rate. Default: 0.01 (adam, adamw: 0.001).")
    Double lr;

    @Option(
            names = "--schedule",
            defaultValue = "step:0.5:2",
            paramLabel = "S",
            description = "As jmlp train --schedule.")
    String schedule;

    @Option(
            names = "--batch-size",
            defaultValue = "100",
            paramLabel = "N",
            description = "Examples per step on each worker.")
    int batchSize;

    @Option(names = "--epochs", defaultValue = "10", paramLabel = "N", description = "Passes over the training set.")
    int epochs;

    @Option(names = "--l2", defaultValue = "0", paramLabel = "λ", description = "L2 penalty on the weights.")
    double l2;

    @Option(
            names = "--seed",
            defaultValue = "1",
            paramLabel = "N",
            description = "Seeds weights, shuffles and dropout.")
    long seed;

    @Option(
            names = "--backend",
            defaultValue = "auto",
            paramLabel = "SPEC",
            description = "Backend each task opens: auto, cpu, cuda, opencl.")
    String backend;

    @Option(
            names = "--save",
            paramLabel = "DIR",
            description = "Save the fitted Spark model; DIR/model holds jmlp's model.json + model.safetensors.")
    String save;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        JmlpClassifier classifier = new JmlpClassifier()
                .setHiddenLayers(parseLayers(layers))
                .setActivation(activation)
                .setBatchNorm(batchNorm)
                .setDropout(dropout)
                .setSolver(optimizer)
                .setSchedule(schedule)
                .setBlockSize(batchSize)
                .setMaxIter(epochs)
                .setL2(l2)
                .setSeed(seed)
                .setBackend(backend)
                .setSyncEvery(syncEvery);
        if (lr != null) {
            classifier.setStepSize(lr);
        }
        TrainTest sets = DataSources.load(data, seed);
        if (!sets.train().isClassification()) {
            throw new IllegalArgumentException(
                    data + " has regression targets; jmlp spark train fits JmlpClassifier (use JmlpRegressor "
                            + "from the Java API for regression)");
        }
        long started = System.nanoTime();
        SparkSession spark = sparkOptions.start("jmlp spark train");
        double startSeconds = (System.nanoTime() - started) / 1e9;
        try {
            int partitions = workers != null ? workers : spark.sparkContext().defaultParallelism();
            Dataset<Row> train = Frames.of(spark, sets.train(), partitions).cache();
            Dataset<Row> test = Frames.of(spark, sets.test(), partitions).cache();
            out.printf(
                    Locale.ROOT,
                    "data:      %s: %,d train / %,d test, %d features, %d classes%n",
                    data,
                    sets.train().rows(),
                    sets.test().rows(),
                    sets.train().cols(),
                    Math.max(sets.train().classes(), sets.test().classes()));
            out.printf(
                    Locale.ROOT,
                    "spark:     %s %s, %d workers (partitions), averaging every %d steps (started in %.1f s)%n",
                    spark.version(),
                    spark.sparkContext().master(),
                    partitions,
                    syncEvery,
                    startSeconds);
            out.printf(
                    Locale.ROOT,
                    "network:   hidden %s, %s%s%s, %s, lr %s, %s, batch %d per worker, %d epochs, seed %d%n",
                    layers,
                    activation,
                    batchNorm ? " + batch norm" : "",
                    dropout > 0 ? ", dropout " + dropout : "",
                    optimizer,
                    lr != null ? lr.toString() : "default",
                    schedule,
                    batchSize,
                    epochs,
                    seed);
            out.flush();
            long fitStarted = System.nanoTime();
            JmlpClassificationModel model = classifier.fit(train);
            double fitSeconds = (System.nanoTime() - fitStarted) / 1e9;
            TrainingSummary summary = model.summary();
            for (EpochRecord e : summary.epochs()) {
                out.printf(
                        Locale.ROOT,
                        "epoch %3d  lr %.5f  train loss %.4f  train acc %.4f  %.2f s%n",
                        e.epoch(),
                        e.learningRate(),
                        e.trainLoss(),
                        e.trainAccuracy(),
                        e.seconds());
            }
            double accuracy = new MulticlassClassificationEvaluator()
                    .setMetricName("accuracy")
                    .evaluate(model.transform(test));
            int rounds = summary.rounds().size();
            double slowest = summary.rounds().stream()
                    .mapToDouble(DistributedTrainer.RoundStats::slowestWorkerSeconds)
                    .sum();
            out.printf(Locale.ROOT, "%nsummary%n");
            out.printf(
                    Locale.ROOT,
                    "  fit             %.1f s (%d rounds of ≤ %d steps on %d workers, %d steps per epoch)%n",
                    fitSeconds,
                    rounds,
                    syncEvery,
                    summary.workers(),
                    summary.stepsPerEpoch());
            out.printf(
                    Locale.ROOT,
                    "  rounds          %.1f s, of which the slowest worker's steps %.1f s and Spark %.1f s (%.0f ms a round)%n",
                    summary.roundSeconds(),
                    slowest,
                    summary.overheadSeconds(),
                    1000 * summary.overheadSeconds() / rounds);
            out.printf(
                    Locale.ROOT,
                    "  test accuracy   %.4f (%,d rows)%n",
                    accuracy,
                    sets.test().rows());
            if (save != null) {
                model.write().overwrite().save(save);
                out.printf("wrote the Spark model to %s (jmlp's model files in %s/model)%n", save, save);
            }
            out.flush();
        } finally {
            spark.stop();
        }
        return 0;
    }

    static int[] parseLayers(String text) {
        if (text.isBlank() || text.equalsIgnoreCase("none")) {
            return new int[0];
        }
        return Arrays.stream(text.split(","))
                .map(String::trim)
                .mapToInt(Integer::parseInt)
                .toArray();
    }
}
