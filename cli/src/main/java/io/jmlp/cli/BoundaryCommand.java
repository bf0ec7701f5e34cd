package io.jmlp.cli;

import io.jmlp.backend.Backend;
import io.jmlp.data.DataSources;
import io.jmlp.data.TrainTest;
import io.jmlp.loss.BinaryCrossEntropy;
import io.jmlp.loss.Loss;
import io.jmlp.nn.Mlp;
import io.jmlp.optim.Optimizer;
import io.jmlp.plot.DecisionBoundary;
import io.jmlp.select.TrialConfig;
import io.jmlp.train.DeviceDataset;
import io.jmlp.train.Evaluation;
import io.jmlp.train.Trainer;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
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
 * {@code jmlp boundary}: the seeds' picture of a one-hidden-layer tanh network on moons with 1, 2,
 * 3, 4, 5, 20 and 50 hidden units — one network trained per size, its decision regions drawn
 * over the training points, test accuracy in each caption.
 */
@Command(
        name = "boundary",
        sortOptions = false,
        showDefaultValues = true,
        mixinStandardHelpOptions = true,
        description = {
            "Draw decision boundaries of 2-D classifiers of several hidden sizes into one PNG.",
            "The training flags are jmlp train's, but a few defaults are the course report's picture instead of train's: "
                    + "--activation tanh, --no-batch-norm, --optimizer adam, --lr 0.05, --schedule constant, --batch-size 32, "
                    + "--epochs 100 (the small-data recipe does not replace them). --layers is refused (use --hidden-sizes), "
                    + "as are --early-stopping and --loss bce."
        })
final class BoundaryCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--data", defaultValue = "moons", paramLabel = "DATA", description = "A data set with 2 features.")
    String data;

    @Option(
            names = "--hidden-sizes",
            defaultValue = "1,2,3,4,5,20,50",
            paramLabel = "LIST",
            description = "One panel per hidden layer width.")
    String hiddenSizes;

    /**
     * jmlp train's menu, starting from the course report's picture: tanh, no batch norm, Adam at a
     * constant 0.05, batch 32, 100 epochs (documented in the help; the small-data recipe leaves them alone).
     */
    @Mixin
    TrainingFlags training = reportPicture();

    @Option(names = "--seed", defaultValue = "1", paramLabel = "N")
    long seed;

    @Option(
            names = {"-o", "--output"},
            defaultValue = "boundary.png",
            paramLabel = "FILE")
    Path output;

    @Mixin
    BackendOptions backendOptions;

    /** The report's picture as defaults over train's: each one marked, so the small-data recipe leaves it alone. */
    private static TrainingFlags reportPicture() {
        TrainingFlags flags = new TrainingFlags();
        flags.network.activation = "tanh";
        flags.network.batchNorm = false;
        flags.optimizer.optimizer = "adam";
        flags.optimizer.learningRate = 0.05;
        flags.schedule.schedule = "constant";
        flags.batchSize = "32";
        flags.epochs = 100;
        return flags.commandDefault(
                "--activation", "--batch-norm", "--optimizer", "--lr", "--schedule", "--batch-size", "--epochs");
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        int[] sizes = NetworkOptions.parseLayers(hiddenSizes);
        training.check();
        training.refuse(
                "--layers",
                "jmlp boundary trains one hidden layer per --hidden-sizes width, one panel each; use --hidden-sizes");
        training.regularization.refuseEarlyStopping(
                "jmlp boundary", "trains on all training rows and holds no validation rows");
        TrainTest sets = DataSources.load(data, seed);
        if (sets.train().cols() != 2) {
            throw new IllegalArgumentException(
                    "--data " + data + " has " + sets.train().cols() + " features; decision boundaries need 2");
        }
        if (!sets.train().isClassification()) {
            throw new IllegalArgumentException(
                    "--data " + data + " has regression targets; decision boundaries need classes");
        }
        TrialConfig base = training.resolve(sets.train().rows()).config();
        if (base.loss(true) instanceof BinaryCrossEntropy) {
            throw new IllegalArgumentException(
                    "--loss bce: jmlp boundary shades the probability of class 1 from two outputs; use "
                            + "softmax-ce (the default)");
        }
        List<Mlp> models = new ArrayList<>();
        Loss loss = base.loss(true);
        try (Backend backend = backendOptions.open(note -> {});
                DeviceDataset train = DeviceDataset.upload(backend, sets.train(), loss);
                DeviceDataset test = DeviceDataset.upload(backend, sets.test(), loss)) {
            List<DecisionBoundary.Panel> panels = new ArrayList<>();
            for (int size : sizes) {
                TrialConfig config = base.withHidden(List.of(size));
                Mlp model = Mlp.create(config.network(sets.train(), sets.test()), backend, config.init(), seed);
                models.add(model);
                try (Optimizer o = config.newOptimizer()) {
                    config.trainer(config.trainingOptions(seed), o, config.newSchedule())
                            .fit(model, train, null);
                }
                Evaluation result = Trainer.evaluate(model, test, 1000);
                out.printf(Locale.ROOT, "hidden %3d: test accuracy %.4f%n", size, result.accuracy());
                panels.add(new DecisionBoundary.Panel(
                        String.format(Locale.ROOT, "%d hidden: test acc %.3f", size, result.accuracy()), model));
            }
            DecisionBoundary.write(panels, sets.train(), output, Math.min(4, sizes.length));
            out.printf(
                    "wrote %s (%s, %s)%n",
                    output, Arrays.toString(sizes), base.label().replaceFirst("layers=\\S+ ", ""));
        } finally {
            models.forEach(Mlp::close);
        }
        return 0;
    }
}
