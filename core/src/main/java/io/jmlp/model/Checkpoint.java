package io.jmlp.model;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonParseException;
import io.jmlp.backend.Backend;
import io.jmlp.backend.Tensor;
import io.jmlp.io.AtomicWrite;
import io.jmlp.io.Directories;
import io.jmlp.io.DirectoryLock;
import io.jmlp.nn.Mlp;
import io.jmlp.optim.Optimizer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A resumable snapshot of a training run: a model directory ({@link ModelFile}) plus
 * {@value #OPTIMIZER_FILE} (the optimizer's state buffers, flat in the model's parameter layout)
 * and {@value #STATE_FILE} ({@link TrainingState}). Each is written into a temporary directory
 * that is renamed into place, so a crash leaves the previous checkpoint intact.
 */
public final class Checkpoint {
    public static final String STATE_FILE = "training-state.json";
    public static final String OPTIMIZER_FILE = "optimizer.safetensors";
    private static final String CHECKPOINT_PREFIX = "epoch-";
    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().create();

    private Checkpoint() {}

    /**
     * Where a run stands after an epoch. There is no RNG state to store beyond these: the shuffle
     * of epoch e is Philox keyed by (seed, e), dropout masks by (seed, step), and the learning-rate
     * schedules are functions of (epoch, step).
     *
     * @param epochsCompleted epochs finished
     * @param steps           optimizer steps taken (also the dropout counter and Adam's t)
     * @param seed            the run's seed (a resumed run must use the same)
     * @param optimizer       the optimizer, as {@link Optimizer#toString()} describes it (a resumed run must match)
     * @param schedule        the learning-rate schedule, described likewise
     * @param rng             how the random streams are positioned, for a human reader
     * @param settings        the other settings that decide the steps (batch size, data, …; flag → value, sorted), which a
     *                        resumed run must share; null in checkpoints of older jmlp versions
     */
    public record TrainingState(
            int epochsCompleted,
            long steps,
            long seed,
            String optimizer,
            String schedule,
            String rng,
            Map<String, String> settings) {
        public static TrainingState after(
                int epochsCompleted,
                long steps,
                long seed,
                String optimizer,
                String schedule,
                Map<String, String> settings) {
            return new TrainingState(
                    epochsCompleted,
                    steps,
                    seed,
                    optimizer,
                    schedule,
                    "Philox4x32-10 keyed by seed: shuffle stream = epoch index, dropout counter = step; nothing else is drawn",
                    settings == null ? null : new java.util.TreeMap<>(settings));
        }
    }

    /**
     * Writes a checkpoint of {@code model} and {@code optimizer} into {@code directory}, whole or not at all.
     *
     * @throws NonFiniteModelException when the model holds NaN/Inf: a diverged run is not checkpointed
     */
    public static void save(Path directory, Mlp model, Optimizer optimizer, TrainingState state, ModelMetadata metadata)
            throws IOException {
        NetworkDescription description = NetworkDescription.of(model.spec(), metadata);
        List<SafeTensor> tensors = ModelFile.tensors(model, description, state.steps());
        NonFiniteModelException.check(tensors, directory);
        ModelDirectory.writeCheckpoint(directory, dir -> {
            ModelFile.writeInto(dir, description, tensors);
            List<SafeTensor> buffers = new ArrayList<>();
            List<Tensor> optimizerState = optimizer.state();
            for (int i = 0; i < optimizerState.size(); i++) {
                float[] values = optimizerState.get(i).toHost();
                buffers.add(SafeTensor.ofFloats("state." + i, values, values.length));
            }
            Safetensors.write(dir.resolve(OPTIMIZER_FILE), buffers, Map.of("optimizer", String.valueOf(optimizer)));
            AtomicWrite.writeString(dir.resolve(STATE_FILE), GSON.toJson(state) + "\n");
        });
    }

    /**
     * Writes the checkpoint after {@code state.epochsCompleted()} into {@code root/epoch-NNNN}
     * and deletes all but the newest {@code keep} checkpoints there.
     */
    @SuppressWarnings("try") // the lock is held for the block, never read in it
    public static Path saveRotating(
            Path root, int keep, Mlp model, Optimizer optimizer, TrainingState state, ModelMetadata metadata)
            throws IOException {
        if (keep < 1) {
            throw new IllegalArgumentException("--keep-checkpoints must be >= 1, got " + keep);
        }
        Path dir = root.resolve(String.format("%s%04d", CHECKPOINT_PREFIX, state.epochsCompleted()));
        try (DirectoryLock lock = DirectoryLock.acquire(root, "writing checkpoints")) {
            save(dir, model, optimizer, state, metadata);
            List<Path> all = list(root);
            for (int i = 0; i < all.size() - keep; i++) {
                Directories.retire(all.get(i)); // one rename hides it; a kill mid-delete leaves only a temporary
            }
        }
        return dir;
    }

    /** The checkpoints under {@code root}, oldest first. */
    public static List<Path> list(Path root) throws IOException {
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        try (Stream<Path> entries = Files.list(root)) {
            return entries.filter(p -> p.getFileName().toString().matches(CHECKPOINT_PREFIX + "\\d+"))
                    .filter(p -> Files.isRegularFile(p.resolve(STATE_FILE)))
                    .sorted()
                    .toList();
        }
    }

    /**
     * {@code path} itself when it is a checkpoint, else the newest checkpoint under it
     * (so {@code --resume} takes either a checkpoint or the directory holding them).
     */
    public static Path resolve(Path path) throws IOException {
        if (Files.isRegularFile(path.resolve(STATE_FILE))) {
            return path;
        }
        List<Path> all = list(path);
        if (all.isEmpty()) {
            throw new IOException(
                    "--resume " + path + " is neither a checkpoint (no " + STATE_FILE
                            + ") nor a directory of checkpoints (no epoch-NNNN inside); point it at what --checkpoint-every wrote");
        }
        return all.get(all.size() - 1);
    }

    /** What {@link #load} restored: the model (the caller closes it) and where the run stood. */
    public record Restored(Mlp model, NetworkDescription description, ModelMetadata metadata, TrainingState state) {}

    /** Loads the checkpoint in {@code directory}: the model onto {@code backend}, the optimizer's buffers and step count into {@code optimizer}. */
    public static Restored load(Path directory, Backend backend, Optimizer optimizer) throws IOException {
        TrainingState state;
        try {
            state = GSON.fromJson(
                    Files.readString(directory.resolve(STATE_FILE), StandardCharsets.UTF_8), TrainingState.class);
        } catch (NoSuchFileException e) {
            throw new IOException(
                    "no " + STATE_FILE + " in " + directory + "; not a checkpoint written by --checkpoint-every");
        } catch (JsonParseException e) {
            throw new IOException(directory.resolve(STATE_FILE) + " is not valid JSON: " + e.getMessage());
        }
        if (state == null || state.epochsCompleted() < 0 || state.steps() < 0) {
            throw new IOException(directory.resolve(STATE_FILE) + " lacks a valid epochsCompleted/steps");
        }
        ModelFile.Loaded loaded = ModelFile.load(directory, backend);
        try {
            Safetensors.Contents buffers = Safetensors.read(directory.resolve(OPTIMIZER_FILE));
            List<float[]> values = new ArrayList<>();
            for (int i = 0; i < buffers.tensors().size(); i++) {
                SafeTensor t = buffers.tensors().get("state." + i);
                long expected = loaded.model().parameterCount();
                if (t == null
                        || !t.dtype().equals(SafeTensor.F32)
                        || !Arrays.equals(t.shape(), new long[] {expected})) {
                    throw new IOException(directory.resolve(OPTIMIZER_FILE) + ": expected tensor state." + i
                            + " as F32 [" + expected + "] (one value per model parameter)");
                }
                values.add(t.floats());
            }
            try {
                optimizer.restore(backend, state.steps(), values);
            } catch (IllegalArgumentException e) {
                throw new IOException(directory + ": " + e.getMessage(), e);
            }
            return new Restored(loaded.model(), loaded.description(), loaded.metadata(), state);
        } catch (IOException | RuntimeException e) {
            loaded.model().close();
            throw e;
        }
    }
}
