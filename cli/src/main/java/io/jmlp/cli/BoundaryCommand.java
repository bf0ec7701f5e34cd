package io.jmlp.cli;

import io.jmlp.backend.Backend;
import io.jmlp.data.DataSources;
import io.jmlp.data.TrainTest;
import io.jmlp.loss.SoftmaxCrossEntropy;
import io.jmlp.nn.Mlp;
import io.jmlp.optim.Optimizer;
import io.jmlp.plot.DecisionBoundary;
import io.jmlp.select.TrialConfig;
import io.jmlp.train.DeviceDataset;
import io.jmlp.train.Evaluation;
import io.jmlp.train.Trainer;
import io.jmlp.train.TrainingOptions;
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
@Command(name = "boundary", sortOptions = false, showDefaultValues = true, mixinStandardHelpOptions = true,
        description = "Draw decision boundaries of 2-D classifiers of several hidden sizes into one PNG.")
final class BoundaryCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--data", defaultValue = "moons", paramLabel = "DATA", description = "A data set with 2 features.")
    String data;

    @Option(names = "--hidden-sizes", defaultValue = "1,2,3,4,5,20,50", paramLabel = "LIST", description = "One panel per hidden layer width.")
    String hiddenSizes;

    @Option(names = "--activation", defaultValue = "tanh", paramLabel = "NAME")
    String activation;

    @Option(names = "--optimizer", defaultValue = "adam", paramLabel = "NAME")
    String optimizer;

    @Option(names = "--lr", defaultValue = "0.05", paramLabel = "RATE")
    double learningRate;

    @Option(names = "--l2", defaultValue = "0", paramLabel = "LAMBDA")
    double l2;

    @Option(names = "--batch-size", defaultValue = "32", paramLabel = "N")
    int batchSize;

    @Option(names = "--epochs", defaultValue = "100", paramLabel = "N")
    int epochs;

    @Option(names = "--seed", defaultValue = "1", paramLabel = "N")
    long seed;

    @Option(names = {"-o", "--output"}, defaultValue = "boundary.png", paramLabel = "FILE")
    Path output;

    @Mixin
    BackendOptions backendOptions;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        int[] sizes = TrainCommand.parseLayers(hiddenSizes);
        TrainTest sets = DataSources.load(data, seed);
        if (sets.train().cols() != 2) {
            throw new IllegalArgumentException("--data " + data + " has " + sets.train().cols() + " features; decision boundaries need 2");
        }
        List<Mlp> models = new ArrayList<>();
        try (Backend backend = backendOptions.open(note -> { });
             DeviceDataset train = DeviceDataset.upload(backend, sets.train(), new SoftmaxCrossEntropy());
             DeviceDataset test = DeviceDataset.upload(backend, sets.test(), new SoftmaxCrossEntropy())) {
            List<DecisionBoundary.Panel> panels = new ArrayList<>();
            for (int size : sizes) {
                TrialConfig config = new TrialConfig(List.of(size), activation, false, optimizer, learningRate, l2, batchSize,
                        "constant", epochs);
                Mlp model = Mlp.create(config.network(2, sets.train().classes(), new SoftmaxCrossEntropy()), backend, config.init(), seed);
                models.add(model);
                try (Optimizer o = config.newOptimizer()) {
                    new Trainer(new TrainingOptions(epochs, batchSize, seed, true), o, config.newSchedule()).fit(model, train, null);
                }
                Evaluation result = Trainer.evaluate(model, test, 1000);
                out.printf(Locale.ROOT, "hidden %3d: test accuracy %.4f%n", size, result.accuracy());
                panels.add(new DecisionBoundary.Panel(String.format(Locale.ROOT, "%d hidden: test acc %.3f", size, result.accuracy()),
                        model));
            }
            DecisionBoundary.write(panels, sets.train(), output, Math.min(4, sizes.length));
            out.printf("wrote %s (%s, %s, %d epochs, %s lr %s)%n", output, Arrays.toString(sizes), activation, epochs, optimizer,
                    learningRate);
        } finally {
            models.forEach(Mlp::close);
        }
        return 0;
    }
}
