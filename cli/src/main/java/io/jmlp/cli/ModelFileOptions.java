package io.jmlp.cli;

import io.jmlp.backend.Backend;
import io.jmlp.data.FeatureScaler;
import io.jmlp.model.Checkpoint;
import io.jmlp.model.ModelFile;
import io.jmlp.model.ModelMetadata;
import io.jmlp.model.NetworkDescription;
import io.jmlp.nn.Mlp;
import io.jmlp.nn.MlpSpec;
import io.jmlp.nn.WeightInit;
import io.jmlp.optim.Optimizer;
import io.jmlp.train.EpochRecord;
import io.jmlp.train.TrainingListener;
import io.jmlp.train.TrainingOptions;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * The {@code jmlp train} flags for model files, checkpoints and replayable runs, kept apart from
 * the training flags so that {@link TrainCommand} only calls in at a few points: {@link #createModel}
 * (a new model, or the one a checkpoint restores), {@link #applyTo}, {@link #beforeTraining},
 * {@link #checkpointWriter} and {@link #afterTraining}.
 */
final class ModelFileOptions {

    @Option(
            names = "--save",
            paramLabel = "DIR",
            description =
                    "Write the trained model (model.json + model.safetensors, PyTorch's names and layout) to DIR.")
    Path save;

    @Option(
            names = "--save-initial",
            description = "Also write the model before the first step to <output>/initial-model.")
    boolean saveInitial;

    @Option(
            names = "--checkpoint-every",
            defaultValue = "0",
            paramLabel = "N",
            description = "Every N epochs write a resumable checkpoint to <output>/checkpoints/epoch-NNNN (0: never).")
    int checkpointEvery;

    @Option(
            names = "--keep-checkpoints",
            defaultValue = "3",
            paramLabel = "K",
            description = "Keep the newest K checkpoints.")
    int keepCheckpoints;

    @Option(
            names = "--resume",
            paramLabel = "DIR",
            description =
                    "Continue from a checkpoint (or the newest in a checkpoints directory); give the same flags as the "
                            + "interrupted run. On the CPU backends the result is bit-identical to an uninterrupted run.")
    Path resume;

    @Option(
            names = "--shuffle",
            defaultValue = "true",
            arity = "1",
            paramLabel = "true|false",
            description =
                    "Draw a new example order each epoch; false keeps the data's order, so another framework can replay the run.")
    boolean shuffle;

    @Option(
            names = "--max-steps",
            defaultValue = "0",
            paramLabel = "N",
            description = "Stop after N optimizer steps in all (0: no limit).")
    long maxSteps;

    private int epochsCompleted;

    /** The flags' effect on how the trainer runs. */
    TrainingOptions applyTo(TrainingOptions options) {
        if (checkpointEvery < 0) {
            throw new IllegalArgumentException(
                    "--checkpoint-every must be >= 0 (0: no checkpoints), got " + checkpointEvery);
        }
        if (keepCheckpoints < 1) {
            throw new IllegalArgumentException("--keep-checkpoints must be >= 1, got " + keepCheckpoints);
        }
        if (maxSteps < 0) {
            throw new IllegalArgumentException("--max-steps must be >= 0 (0: no limit), got " + maxSteps);
        }
        return options.withShuffle(shuffle).withMaxSteps(maxSteps);
    }

    /** Claims the {@code --save} directory (checked, created, locked) before training starts. */
    void claimOutputs(RunOutputs outputs) throws IOException {
        if (save != null) {
            outputs.claim(save, "--save", "jmlp train --save");
            ModelFile.checkSaveTarget(save);
        }
    }

    /**
     * A fresh model, or with {@code --resume} the checkpoint's model, with {@code optimizer} restored
     * too; a resumed run must be the interrupted one: same network, seed, optimizer, data (its scalers
     * and classes) and the step-deciding {@code settings}; a difference is an error naming each flag that changed.
     */
    Mlp createModel(
            MlpSpec network,
            Backend backend,
            WeightInit init,
            long seed,
            Optimizer optimizer,
            int epochs,
            ModelMetadata metadata,
            Map<String, String> settings,
            PrintWriter out)
            throws IOException {
        if (resume == null) {
            return Mlp.create(network, backend, init, seed);
        }
        Path checkpoint = Checkpoint.resolve(resume);
        Checkpoint.Restored restored = Checkpoint.load(checkpoint, backend, optimizer);
        try {
            Checkpoint.TrainingState state = restored.state();
            List<String> changed = new ArrayList<>();
            NetworkDescription wanted = NetworkDescription.of(network, "");
            NetworkDescription found = restored.description();
            if (!wanted.layers().equals(found.layers()) || !wanted.loss().equals(found.loss())) {
                changed.add("the network (checkpoint: " + restored.model().summary() + "; now: " + network.widths()
                        + ", loss " + network.loss().name() + ")");
            }
            if (state.seed() != seed) {
                changed.add("--seed (checkpoint: " + state.seed() + ", now: " + seed + ")");
            }
            if (!optimizer.toString().equals(state.optimizer())) {
                changed.add("the optimizer (checkpoint: '" + state.optimizer() + "', now: '" + optimizer + "')");
            }
            if (state.settings() != null) {
                for (Map.Entry<String, String> e : settings.entrySet()) {
                    String then = state.settings().get(e.getKey());
                    if (!e.getValue().equals(then)) {
                        changed.add(e.getKey() + " (checkpoint: " + then + ", now: " + e.getValue() + ")");
                    }
                }
            }
            if (!sameData(restored.metadata(), metadata)) {
                changed.add("the data (its classes, feature names or fitted scaling differ from the checkpoint's)");
            }
            if (!changed.isEmpty()) {
                throw new IllegalArgumentException(
                        "--resume " + checkpoint + " is not this run: " + String.join("; ", changed)
                                + ". Give the interrupted run's flags, or start a new run without --resume");
            }
            if (state.epochsCompleted() >= epochs) {
                throw new IllegalArgumentException("--resume " + checkpoint + " has already trained "
                        + state.epochsCompleted() + " epochs; raise --epochs above that to train further");
            }
            epochsCompleted = state.epochsCompleted();
            out.printf("resuming:  %s after epoch %d (%d steps)%n", checkpoint, state.epochsCompleted(), state.steps());
            return restored.model();
        } catch (RuntimeException e) {
            restored.model().close();
            throw e;
        }
    }

    /** Same schema and, value for value, the same scalers: the run sees the same data. */
    private static boolean sameData(ModelMetadata a, ModelMetadata b) {
        return a.schema().equals(b.schema())
                && sameScaler(a.featureScaler(), b.featureScaler())
                && sameScaler(a.targetScaler(), b.targetScaler());
    }

    private static boolean sameScaler(FeatureScaler a, FeatureScaler b) {
        if (a == null || b == null) {
            return a == b;
        }
        return a.kind().equals(b.kind())
                && Arrays.equals(a.shifts(), b.shifts())
                && Arrays.equals(a.scales(), b.scales());
    }

    /** Epochs the resumed checkpoint had finished (0 for a fresh run): pass to {@code Trainer.fit}. */
    int epochsCompleted() {
        return epochsCompleted;
    }

    void beforeTraining(Mlp model, Path outputDir, ModelMetadata metadata, PrintWriter out) throws IOException {
        if (saveInitial) {
            if (resume != null) {
                throw new IllegalArgumentException(
                        "--save-initial and --resume do not go together: a resumed run has no initial model");
            }
            Path dir = outputDir.resolve("initial-model");
            ModelFile.save(dir, model, metadata, 0);
            out.printf("wrote the initial model to %s%n", dir);
        }
    }

    /** Writes a checkpoint after every {@code --checkpoint-every} epochs (none when 0). */
    TrainingListener checkpointWriter(
            Mlp model,
            Optimizer optimizer,
            Path outputDir,
            long seed,
            String schedule,
            ModelMetadata metadata,
            Map<String, String> settings) {
        return new TrainingListener() {
            @Override
            public void epochFinished(EpochRecord record) {
                if (checkpointEvery == 0 || record.epoch() % checkpointEvery != 0) {
                    return;
                }
                try {
                    Checkpoint.saveRotating(
                            outputDir.resolve("checkpoints"),
                            keepCheckpoints,
                            model,
                            optimizer,
                            Checkpoint.TrainingState.after(
                                    record.epoch(), optimizer.steps(), seed, optimizer.toString(), schedule, settings),
                            metadata);
                } catch (IOException e) {
                    throw new UncheckedIOException(
                            "could not write the checkpoint after epoch " + record.epoch() + ": " + e.getMessage(), e);
                }
            }
        };
    }

    void afterTraining(Mlp model, Optimizer optimizer, ModelMetadata metadata, PrintWriter out) throws IOException {
        if (save != null) {
            ModelFile.save(save, model, metadata, optimizer.steps());
            out.printf("wrote the model to %s%n", save);
        }
    }
}
