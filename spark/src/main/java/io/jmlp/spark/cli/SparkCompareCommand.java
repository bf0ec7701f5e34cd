package io.jmlp.spark.cli;

import io.jmlp.backend.Backend;
import io.jmlp.cpu.CpuBackend;
import io.jmlp.data.DataSources;
import io.jmlp.data.TrainTest;
import io.jmlp.loss.SoftmaxCrossEntropy;
import io.jmlp.nn.HiddenActivation;
import io.jmlp.nn.Mlp;
import io.jmlp.nn.MlpSpec;
import io.jmlp.nn.WeightInit;
import io.jmlp.optim.Optimizer;
import io.jmlp.optim.OptimizerSettings;
import io.jmlp.optim.Schedules;
import io.jmlp.spark.Frames;
import io.jmlp.spark.JmlpClassificationModel;
import io.jmlp.spark.JmlpClassifier;
import io.jmlp.spark.TrainingSummary;
import io.jmlp.train.DeviceDataset;
import io.jmlp.train.Trainer;
import io.jmlp.train.TrainingOptions;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.spark.ml.classification.MultilayerPerceptronClassificationModel;
import org.apache.spark.ml.classification.MultilayerPerceptronClassifier;
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
 * {@code jmlp spark compare}: the measurements of docs/spark.md, in one run on one session —
 * MLlib's {@code MultilayerPerceptronClassifier} against {@link JmlpClassifier} (the same layer
 * sizes), jmlp on Spark against jmlp on one machine (the same recipe and epochs), and
 * {@code JmlpClassifier} over a range of {@code syncEvery}. The compared runs alternate, and the
 * load average is printed beside each line, since the machine may be shared.
 */
@Command(
        name = "compare",
        sortOptions = false,
        showDefaultValues = true,
        mixinStandardHelpOptions = true,
        description =
                "Measure JmlpClassifier against MLlib's MLP and against one-machine jmlp, and accuracy against syncEvery.")
final class SparkCompareCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    SparkOptions sparkOptions;

    @Option(
            names = "--data",
            defaultValue = "mnist-10k",
            paramLabel = "DATA",
            description = "mnist-10k or fashion-mnist (or idx:DIR).")
    String data;

    @Option(names = "--workers", defaultValue = "2", paramLabel = "N", description = "Partitions.")
    int workers;

    @Option(
            names = "--mllib-max-iter",
            defaultValue = "100",
            split = ",",
            paramLabel = "N,…",
            description = "MLlib maxIter values (100: its default).")
    List<Integer> mllibMaxIter;

    @Option(names = "--epochs", defaultValue = "10", paramLabel = "N", description = "jmlp epochs.")
    int epochs;

    @Option(
            names = "--lr",
            defaultValue = "0.02",
            paramLabel = "RATE",
            description =
                    "JmlpClassifier's stepSize (2 workers: twice the " + "one-machine 0.01, the linear scaling rule).")
    double lr;

    @Option(
            names = "--sync-every",
            defaultValue = "50",
            paramLabel = "K",
            description = "jmlp's K in the side-by-side runs.")
    int syncEvery;

    @Option(
            names = "--k-sweep",
            split = ",",
            paramLabel = "K,…",
            description = "syncEvery values to sweep. Default: none.")
    List<Integer> kSweep = List.of();

    @Option(
            names = "--repeats",
            defaultValue = "1",
            paramLabel = "N",
            description = "Alternations of the side-by-side runs.")
    int repeats;

    @Option(names = "--skip-mllib", description = "Leave MLlib out (it takes long on large data).")
    boolean skipMllib;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        TrainTest sets = DataSources.load(data, 1);
        SparkSession spark = sparkOptions.start("jmlp spark compare");
        try {
            Dataset<Row> train = Frames.of(spark, sets.train(), workers).cache();
            Dataset<Row> test = Frames.of(spark, sets.test(), workers).cache();
            out.printf(
                    Locale.ROOT,
                    "data %s: %,d train / %,d test; Spark %s %s, %d partitions; java %s; %s%n",
                    data,
                    train.count(),
                    test.count(),
                    spark.version(),
                    spark.sparkContext().master(),
                    workers,
                    System.getProperty("java.version"),
                    cpu());
            out.println(
                    "| run | test accuracy | fit seconds | Spark overhead s | rounds | load (1 min) before → after |");
            out.println("|---|---|---|---|---|---|");
            out.flush();
            int classes = Math.max(sets.train().classes(), sets.test().classes());
            for (int r = 0; r < repeats; r++) {
                if (!skipMllib) {
                    for (int maxIter : mllibMaxIter) {
                        String load = load();
                        long t = System.nanoTime();
                        MultilayerPerceptronClassificationModel mllib = new MultilayerPerceptronClassifier()
                                .setLayers(new int[] {sets.train().cols(), 300, 150, classes})
                                .setMaxIter(maxIter)
                                .setSeed(1L)
                                .fit(train);
                        double seconds = (System.nanoTime() - t) / 1e9;
                        row(
                                out,
                                "MLlib MLP 784-300-150-" + classes + ", l-bfgs, maxIter " + maxIter,
                                accuracy(mllib.transform(test)),
                                seconds,
                                Double.NaN,
                                0,
                                load);
                    }
                }
                jmlp(
                        out,
                        train,
                        test,
                        syncEvery,
                        "JmlpClassifier 784-300-150-10, BN+ReLU, momentum, lr " + lr + ", " + epochs + " epochs, K "
                                + syncEvery);
                String load = load();
                long t = System.nanoTime();
                double accuracy = oneMachine(sets);
                row(
                        out,
                        "jmlp on one machine (Trainer, cpu backend, 2 threads), same recipe",
                        accuracy,
                        (System.nanoTime() - t) / 1e9,
                        Double.NaN,
                        0,
                        load);
            }
            for (int k : kSweep) {
                jmlp(out, train, test, k, "JmlpClassifier, K " + k);
            }
        } finally {
            spark.stop();
        }
        return 0;
    }

    private void jmlp(PrintWriter out, Dataset<Row> train, Dataset<Row> test, int k, String name) {
        String load = load();
        long t = System.nanoTime();
        JmlpClassificationModel model = new JmlpClassifier()
                .setMaxIter(epochs)
                .setSyncEvery(k)
                .setStepSize(lr)
                .setBackend("cpu")
                .fit(train);
        double seconds = (System.nanoTime() - t) / 1e9;
        TrainingSummary s = model.summary();
        row(
                out,
                name,
                accuracy(model.transform(test)),
                seconds,
                s.overheadSeconds(),
                s.rounds().size(),
                load);
    }

    /** The same recipe as JmlpClassifier's defaults, on one machine: Trainer, no Spark. */
    private double oneMachine(TrainTest sets) {
        int classes = Math.max(sets.train().classes(), sets.test().classes());
        MlpSpec spec = MlpSpec.classifier(
                sets.train().cols(),
                new int[] {300, 150},
                classes,
                HiddenActivation.parse("relu"),
                true,
                new float[0],
                new SoftmaxCrossEntropy());
        try (Backend backend = new CpuBackend(Runtime.getRuntime().availableProcessors());
                Mlp model = Mlp.create(spec, backend, WeightInit.PYTORCH_DEFAULT, 1);
                DeviceDataset trainSet = DeviceDataset.upload(backend, sets.train(), spec.loss());
                DeviceDataset testSet = DeviceDataset.upload(backend, sets.test(), spec.loss());
                Optimizer optimizer = OptimizerSettings.defaults("momentum").create()) {
            new Trainer(new TrainingOptions(epochs, 100, 1, true), optimizer, Schedules.parse("step:0.5:2", 0.01))
                    .fit(model, trainSet, null);
            return Trainer.evaluate(model, testSet, 1000).accuracy();
        }
    }

    private static double accuracy(Dataset<Row> scored) {
        return new MulticlassClassificationEvaluator().setMetricName("accuracy").evaluate(scored);
    }

    private static void row(
            PrintWriter out,
            String name,
            double accuracy,
            double seconds,
            double overhead,
            int rounds,
            String loadBefore) {
        out.printf(
                Locale.ROOT,
                "| %s | %.4f | %.1f | %s | %s | %s → %s |%n",
                name,
                accuracy,
                seconds,
                Double.isNaN(overhead) ? "–" : String.format(Locale.ROOT, "%.1f", overhead),
                rounds > 0 ? Integer.toString(rounds) : "–",
                loadBefore,
                load());
        out.flush();
    }

    private static String load() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (Exception e) {
            return "?";
        }
    }

    private static String cpu() {
        try {
            return Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
                            .filter(l -> l.startsWith("model name"))
                            .findFirst()
                            .map(l -> l.substring(l.indexOf(':') + 1).trim())
                            .orElse("?")
                    + ", " + Runtime.getRuntime().availableProcessors() + " cores";
        } catch (Exception e) {
            return Arrays.toString(new String[] {"?"});
        }
    }
}
