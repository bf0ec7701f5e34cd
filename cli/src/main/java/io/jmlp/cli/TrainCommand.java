package io.jmlp.cli;

import io.jmlp.backend.Backend;
import io.jmlp.data.DataSources;
import io.jmlp.data.Dataset;
import io.jmlp.data.FeatureScaler;
import io.jmlp.data.TrainTest;
import io.jmlp.eval.ModelReport;
import io.jmlp.eval.RegressionMetrics;
import io.jmlp.io.AtomicWrite;
import io.jmlp.model.ModelMetadata;
import io.jmlp.nn.Mlp;
import io.jmlp.nn.MlpSpec;
import io.jmlp.nn.WeightInit;
import io.jmlp.optim.LearningRateSchedule;
import io.jmlp.optim.Optimizer;
import io.jmlp.select.TrialConfig;
import io.jmlp.train.DeviceDataset;
import io.jmlp.train.Evaluation;
import io.jmlp.train.History;
import io.jmlp.train.Trainer;
import io.jmlp.train.TrainingOptions;
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
 * {@code jmlp train}: the defaults are the course report's MNIST network (784-300-150-10,
 * batch norm + ReLU, softmax cross-entropy, SGD momentum 0.9, lr 0.01 halved every 2 epochs,
 * batch 100, 10 epochs) on the embedded 10,000 digits.
 */
@Command(
        name = "train",
        sortOptions = false,
        showDefaultValues = true,
        mixinStandardHelpOptions = true,
        description = "Train a network, validating each epoch, and report its test accuracy.")
final class TrainCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(
            names = "--data",
            defaultValue = "mnist-10k",
            paramLabel = "DATA",
            description =
                    "mnist-10k (embedded), fashion-mnist, idx:DIR (MNIST-format files), moons[:n=1000,noise=0.2] or "
                            + "csv:PATH[,label=COLUMN][,test=PATH|,test-fraction=0.2][,header=true|false][,sep=;][,task=regression].")
    String data;

    @Mixin
    TrainingFlags training = new TrainingFlags();

    @Option(
            names = "--seed",
            defaultValue = "1",
            paramLabel = "N",
            description = "Seeds weights, shuffles, splits and dropout.")
    long seed;

    @Option(
            names = "--scale",
            defaultValue = "none",
            paramLabel = "SCALER",
            description =
                    "none, standard or minmax: features scaled by statistics of the training part only; saved with the model, "
                            + "which applies them to new data (predict, eval, export).")
    String scale;

    @Option(
            names = "--validation",
            defaultValue = "0.1",
            paramLabel = "FRACTION",
            description = "Fraction of the training set held out and scored after each epoch (0: none).")
    double validation;

    @Option(
            names = {"-o", "--output"},
            paramLabel = "DIR",
            description = "Where to write history.csv and summary.txt. Default: runs/train-<date>-<time>.")
    Path output;

    @Option(names = "--no-progress", description = "No progress bar (it is only shown on a terminal anyway).")
    boolean noProgress;

    @Mixin
    BackendOptions backendOptions;

    @Mixin
    ThreadOptions threadOptions;

    @Mixin
    PlotOptions plotOptions;

    @Mixin
    ModelFileOptions modelFiles;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        // Every flag is parsed before any data is loaded, so a typo fails at once.
        training.check();
        FeatureScaler.parseKind(scale);
        if (!(validation >= 0 && validation < 1)) {
            throw new IllegalArgumentException("--validation must be in [0, 1), got " + validation);
        }
        training.regularization.check(validation);
        threadOptions.apply();
        try (RunOutputs outputs = new RunOutputs()) {
            // Every output path is claimed (checked, created, locked) before the first step.
            Path outputDir = outputs.claimRunDirectory(output, "train", "--output", "jmlp train");
            modelFiles.claimOutputs(outputs);
            return train(out, outputDir);
        }
    }

    private int train(PrintWriter out, Path outputDir) throws Exception {
        Parts parts = loadParts();
        Dataset train = parts.train();
        Dataset heldOut = parts.heldOut();
        Dataset test = parts.test();
        parts = null; // the host sets are let go after their upload (below): this local must not keep them
        // The same flags resolve to the same configuration in cv, search, lr-find and boundary (TrainingFlags).
        TrainingFlags.Resolved resolved = training.resolve(train.rows());
        TrialConfig config = resolved.config();
        String recipeNote = resolved.note();
        int batch = config.batchSize();
        int epochs = config.epochs();
        LearningRateSchedule rates = config.newSchedule();
        WeightInit weightInit = config.init();
        String inputPreprocessing =
                "features as --data " + data + " loads them (IDX byte pixels divided by 255, other data as stored)";
        // Scalers are fitted on the training part only and saved with the model, which applies them to new data.
        FeatureScaler featureScaler = FeatureScaler.fit(scale, train);
        FeatureScaler targetScaler = train.isClassification() ? null : FeatureScaler.targetStandardizer(train);
        ModelMetadata metadata = ModelMetadata.of(train, featureScaler, targetScaler, inputPreprocessing);
        Dataset rawTest = test;
        train = scaled(train, featureScaler, targetScaler);
        heldOut = heldOut == null ? null : scaled(heldOut, featureScaler, targetScaler);
        test = scaled(test, featureScaler, targetScaler);
        MlpSpec network = config.network(train, test);
        Optimizer optimizer = config.newOptimizer();
        TrainingOptions options = modelFiles.applyTo(config.trainingOptions(seed));
        java.util.Map<String, String> resumeSettings = resumeSettings(config, train);
        int trainRows = train.rows();

        out.printf(
                Locale.ROOT,
                "data:      %s: %,d train / %s / %,d test, %d features, %s%s%n",
                data,
                train.rows(),
                heldOut != null ? String.format(Locale.ROOT, "%,d validation", heldOut.rows()) : "no validation",
                test.rows(),
                train.cols(),
                train.isClassification()
                        ? train.classes() + " classes"
                        : train.targetCols() + " regression target"
                                + (train.targetCols() == 1
                                        ? " (standardised for training)"
                                        : "s (standardised for training)"),
                featureScaler != null ? ", features scaled (" + featureScaler + ")" : "");
        java.util.List<String> selectionNotes = new java.util.ArrayList<>();
        try (Backend backend = backendOptions.open(selectionNotes::add);
                Mlp model = modelFiles.createModel(
                        network, backend, weightInit, seed, optimizer, epochs, metadata, resumeSettings, out);
                DeviceDataset trainOnDevice = DeviceDataset.upload(backend, train, network.loss());
                DeviceDataset validationOnDevice =
                        heldOut != null ? DeviceDataset.upload(backend, heldOut, network.loss()) : null;
                DeviceDataset testOnDevice = DeviceDataset.upload(backend, test, network.loss());
                optimizer) {
            // The training and validation rows are on the device now, and nothing below reads their host
            // copies: letting them go halves what training holds (169 + 19 MB for Fashion-MNIST's 54,000 +
            // 6,000 rows; this frame would keep them to the end). The test set's host copy stays for the
            // report and plots.
            train = null;
            heldOut = null;
            out.printf("network:   %s%n", model.summary());
            out.printf(
                    Locale.ROOT,
                    "training:  %d epochs, batch %s, %s, %s, init %s, seed %d%s%n",
                    epochs,
                    batch == TrainingOptions.FULL_BATCH ? "full (" + trainRows + ")" : Integer.toString(batch),
                    optimizer,
                    rates,
                    weightInit.cliName(),
                    seed,
                    training.regularization.describe());
            if (!recipeNote.isEmpty()) {
                out.println("           " + recipeNote);
            }
            out.printf("backend:   %s — %s%n", backend.name(), backend.deviceDescription());
            selectionNotes.forEach(note -> out.println("           " + note));
            out.flush();

            modelFiles.beforeTraining(model, outputDir, metadata, out);
            Trainer trainer = training.regularization
                    .withEarlyStopping(config.trainer(options, optimizer, rates))
                    .addListener(new ConsoleProgress(out, !noProgress && System.console() != null))
                    .addListener(modelFiles.checkpointWriter(
                            model, optimizer, outputDir, seed, rates.toString(), metadata, resumeSettings));
            History history = trainer.fit(model, trainOnDevice, validationOnDevice, modelFiles.epochsCompleted());
            Evaluation result = Trainer.evaluate(model, testOnDevice, 1000);

            Dataset testFeaturesScaled = metadata.networkInputs(rawTest);
            String summary = summary(
                    backend,
                    history,
                    result,
                    test.isClassification()
                            ? null
                            : ModelReport.of(model, testFeaturesScaled, targetScaler)
                                    .regression());
            out.print(summary);
            AtomicWrite.writeString(outputDir.resolve("history.csv"), history.toCsv());
            AtomicWrite.writeString(outputDir.resolve("summary.txt"), summary);
            out.printf("wrote %s and %s%n", outputDir.resolve("history.csv"), outputDir.resolve("summary.txt"));
            modelFiles.afterTraining(model, optimizer, metadata, out);
            PlotOptions.printWritten(out, plotOptions.write(outputDir, history, model, test));
        }
        return 0;
    }

    /** The training part, the validation part (null without --validation) and the test set of --data. */
    private record Parts(Dataset train, Dataset heldOut, Dataset test) {}

    /**
     * The sets of --data, the training set split when --validation asks. A method of its own so that the
     * unsplit training set, which nothing needs once split (188 MB for Fashion-MNIST), is not kept
     * reachable by a local of the long-running caller.
     */
    private Parts loadParts() throws Exception {
        TrainTest sets = DataSources.load(data, seed);
        if (validation <= 0) {
            return new Parts(sets.train(), null, sets.test());
        }
        Dataset.Split split = sets.train().split(1 - validation, seed);
        return new Parts(
                split.first().named(sets.train().name()), split.second().named(data + " validation"), sets.test());
    }

    /**
     * A checksum of a training set's features and labels or targets: a resumed run must see the same rows.
     * The values go through the CRC big-endian, 4 bytes each, in 64 KiB pieces (not one buffer of the
     * whole set: 169 MB of garbage for Fashion-MNIST); the same bytes in the same order as ever, so
     * checkpoints written before still resume.
     */
    static String fingerprint(Dataset train) {
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        java.nio.ByteBuffer buffer = java.nio.ByteBuffer.allocate(1 << 16);
        for (float v : train.features()) {
            if (!buffer.hasRemaining()) {
                crcFlush(crc, buffer);
            }
            buffer.putFloat(v);
        }
        if (train.isClassification()) {
            for (int label : train.labels()) {
                if (!buffer.hasRemaining()) {
                    crcFlush(crc, buffer);
                }
                buffer.putInt(label);
            }
        } else {
            for (float v : train.targets()) {
                if (!buffer.hasRemaining()) {
                    crcFlush(crc, buffer);
                }
                buffer.putFloat(v);
            }
        }
        crcFlush(crc, buffer);
        return Long.toHexString(crc.getValue());
    }

    private static void crcFlush(java.util.zip.CRC32 crc, java.nio.ByteBuffer buffer) {
        crc.update(buffer.array(), 0, buffer.position());
        buffer.clear();
    }

    /** {@code data} with the feature scaler (null: none) applied to its features and the target scaler to its targets. */
    private static Dataset scaled(Dataset data, FeatureScaler features, FeatureScaler targets) {
        Dataset scaledFeatures = features != null ? features.transform(data) : data;
        return targets != null ? targets.transformTargets(scaledFeatures) : scaledFeatures;
    }

    /**
     * The settings a resumed run must share with the interrupted one, beyond the network, seed and
     * optimizer that the checkpoint records anyway: anything that changes which steps are taken.
     */
    private java.util.Map<String, String> resumeSettings(TrialConfig config, Dataset train) {
        java.util.Map<String, String> settings = new java.util.TreeMap<>();
        settings.put("--data", data);
        settings.put("training data (CRC-32 of its values)", fingerprint(train));
        settings.put("--batch-size", Integer.toString(config.batchSize()));
        settings.put("--lr", Double.toString(config.learningRate()));
        settings.put("--schedule", config.newSchedule().toString());
        settings.put("--validation", Double.toString(validation));
        settings.put("--scale", FeatureScaler.parseKind(scale));
        settings.put("--shuffle", Boolean.toString(modelFiles.shuffle));
        settings.put("regularisation", training.regularization.describe().trim());
        return settings;
    }

    private static String summary(Backend backend, History history, Evaluation test, RegressionMetrics regression) {
        double mean = history.totalSeconds() / history.epochs().size();
        StringBuilder sb = new StringBuilder("\nsummary\n");
        sb.append(
                String.format(Locale.ROOT, "  backend         %s — %s%n", backend.name(), backend.deviceDescription()));
        sb.append(String.format(
                Locale.ROOT,
                "  time per epoch  %.2f s mean (%s s; total %.1f s)%n",
                mean,
                String.join(
                        ", ",
                        history.epochs().stream()
                                .map(e -> String.format(Locale.ROOT, "%.2f", e.seconds()))
                                .toList()),
                history.totalSeconds()));
        sb.append(String.format(
                Locale.ROOT,
                "  train loss      %.4f (last epoch)%n",
                history.last().trainLoss()));
        if (history.bestEpoch() > 0) {
            sb.append(String.format(
                    Locale.ROOT,
                    "  early stopping  best validation loss in epoch %d%s%s%n",
                    history.bestEpoch(),
                    history.stoppedEarly()
                            ? ", stopped after epoch " + history.last().epoch()
                            : ", ran every epoch",
                    history.restoredBest() ? ", its weights restored" : ""));
        }
        sb.append(String.format(Locale.ROOT, "  test loss       %.4f%n", test.loss()));
        if (regression != null) {
            sb.append(String.format(Locale.ROOT, "  test rmse       %.6f%n", regression.rmse()));
            sb.append(String.format(Locale.ROOT, "  test mae        %.6f%n", regression.mae()));
            sb.append(String.format(Locale.ROOT, "  test r2         %.6f%n", regression.r2()));
            return sb.toString();
        }
        sb.append(String.format(
                Locale.ROOT,
                "  test accuracy   %.4f (%,d of %,d)%n",
                test.accuracy(),
                Math.round(test.accuracy() * test.rows()),
                test.rows()));
        return sb.toString();
    }
}
