package io.jmlp.cli;

import io.jmlp.backend.Backend;
import io.jmlp.data.DataSources;
import io.jmlp.data.Dataset;
import io.jmlp.io.AtomicWrite;
import io.jmlp.nn.Mlp;
import io.jmlp.nn.MlpSpec;
import io.jmlp.optim.Optimizer;
import io.jmlp.optim.OptimizerSettings;
import io.jmlp.plot.LearningRateCurve;
import io.jmlp.select.TrialConfig;
import io.jmlp.train.DeviceDataset;
import io.jmlp.train.LearningRateFinder;
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
 * {@code jmlp lr-find}: the learning-rate range test on the network and optimizer {@code jmlp train}
 * would build from the same flags ({@link TrainingFlags}, the small-data recipe's --layers and
 * --batch-size included). The flags of the rate itself (--lr, --schedule, --warmup), of the run's
 * length (--epochs) and of the trainer (clipping, max-norm, early stopping) are refused: the sweep
 * replaces them. Prints the suggested rate, writes the curve as CSV and PNG.
 */
@Command(
        name = "lr-find",
        sortOptions = false,
        showDefaultValues = true,
        mixinStandardHelpOptions = true,
        description = {
            "Learning-rate range test: train with an exponentially growing rate, record the loss, suggest a rate.",
            "The network, optimizer and batch size come from jmlp train's flags and defaults (on small data its recipe's "
                    + "--layers 32,32 and --batch-size 32); --lr, --schedule, --warmup, --epochs, --clip-norm, --max-norm and "
                    + "--early-stopping are refused, since the sweep sets the rate and the length itself."
        })
final class LrFindCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--data", defaultValue = "mnist-10k", paramLabel = "DATA", description = "As for jmlp train.")
    String data;

    /** jmlp train's menu: the network, the optimizer and the batch size as train resolves them (small-data recipe included). */
    @Mixin
    TrainingFlags training = new TrainingFlags();

    @Option(
            names = "--start-lr",
            defaultValue = "1e-7",
            paramLabel = "RATE",
            description = "The rate of the first step.")
    double startRate;

    @Option(names = "--end-lr", defaultValue = "10", paramLabel = "RATE", description = "The rate of the last step.")
    double endRate;

    @Option(
            names = "--steps",
            defaultValue = "0",
            paramLabel = "N",
            description =
                    "Steps of the sweep. 0: one epoch, but at least 100 (small data sets are passed over several times).")
    int steps;

    @Option(names = "--seed", defaultValue = "1", paramLabel = "N", description = "Seeds weights and shuffles.")
    long seed;

    @Option(
            names = {"-o", "--output"},
            paramLabel = "DIR",
            description = "Where lr-find.csv and lr-find.png go. Default: runs/lr-find-<date>-<time>.")
    Path output;

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
        training.check();
        // The sweep sets the rate of every step and runs a number of steps, not epochs; it watches the
        // training loss only. These flags would change nothing, so they are refused rather than ignored.
        training.refuse(
                "--lr",
                "lr-find sweeps the learning rate itself; drop --lr and set the range with --start-lr and --end-lr");
        training.refuse(
                "--schedule",
                "lr-find sweeps the learning rate itself (exponentially from --start-lr to --end-lr); "
                        + "drop --schedule");
        training.refuse(
                "--warmup",
                "lr-find sweeps the learning rate itself (exponentially from --start-lr to --end-lr); "
                        + "drop --warmup");
        training.refuse("--epochs", "lr-find runs --steps steps, not epochs; use --steps");
        training.refuse(
                "--clip-norm", "the range test measures the loss under each rate's unclipped step; drop --clip-norm");
        training.refuse("--max-norm", "the range test does not apply the max-norm constraint; drop --max-norm");
        training.regularization.refuseEarlyStopping(
                "jmlp lr-find", "watches the training loss of each step and holds no " + "validation rows");
        if (steps < 0) {
            throw new IllegalArgumentException("--steps must be >= 2 (0: one epoch, at least 100), got " + steps);
        }
        Path outputDir = outputs.claimRunDirectory(output, "lr-find", "--output", "jmlp lr-find");
        Dataset train = DataSources.load(data, seed).train();
        TrainingFlags.Resolved resolved = training.resolve(train.rows());
        TrialConfig config = resolved.config();
        MlpSpec network = config.network(train, train);
        OptimizerSettings settings = config.optimizerSettings();
        int batch = config.batchSize();
        int batchRows = batch == 0 ? train.rows() : Math.min(batch, train.rows());
        int sweep = steps > 0 ? steps : Math.max(100, (train.rows() + batchRows - 1) / batchRows);
        try (Backend backend = backendOptions.open(note -> out.println("           " + note));
                Mlp model = Mlp.create(network, backend, config.init(), seed);
                DeviceDataset trainOnDevice = DeviceDataset.upload(backend, train, network.loss());
                Optimizer optimizer = settings.create()) {
            train = null; // on the device now; the sweep reads only that copy
            out.printf("network:   %s%n", model.summary());
            String note = resolved.note(java.util.List.of("--layers", "--batch-size"));
            if (!note.isEmpty()) {
                out.println("           " + note);
            }
            out.printf(
                    Locale.ROOT,
                    "sweep:     %s, batch %d, %d steps, rate %.3g → %.3g (exponential), backend %s%n",
                    optimizer,
                    batchRows,
                    sweep,
                    startRate,
                    endRate,
                    backend.name());
            out.flush();
            LearningRateFinder.Result result =
                    LearningRateFinder.run(model, optimizer, trainOnDevice, batch, seed, startRate, endRate, sweep);
            StringBuilder csv = new StringBuilder("step,learning_rate,loss,smoothed_loss\n");
            for (LearningRateFinder.Point p : result.points()) {
                csv.append(String.format(
                        Locale.ROOT, "%d,%.6g,%.6f,%.6f%n", p.step(), p.learningRate(), p.loss(), p.smoothedLoss()));
            }
            AtomicWrite.writeString(outputDir.resolve("lr-find.csv"), csv.toString());
            LearningRateCurve.write(result, outputDir.resolve("lr-find.png"));
            out.printf(
                    Locale.ROOT,
                    "%s after %d steps%n",
                    result.stoppedEarly() ? "the loss blew up (> 4× its minimum); stopped" : "swept the whole range",
                    result.points().size());
            out.printf(
                    Locale.ROOT,
                    "minimum smoothed loss at lr %.3g; steepest descent at lr %.3g%n",
                    result.minimumRate(),
                    result.steepestRate());
            out.printf(
                    Locale.ROOT,
                    "suggested lr %.3g (the minimum's rate / 10); try e.g. jmlp train --optimizer %s --lr %.2g%n",
                    result.suggestedRate(),
                    settings.name(),
                    result.suggestedRate());
            out.printf("wrote %s and %s%n", outputDir.resolve("lr-find.csv"), outputDir.resolve("lr-find.png"));
        }
        return 0;
    }
}
