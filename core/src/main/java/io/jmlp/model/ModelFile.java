package io.jmlp.model;

import io.jmlp.backend.Backend;
import io.jmlp.io.AtomicWrite;
import io.jmlp.io.DirectoryLock;
import io.jmlp.io.FileSetCommit;
import io.jmlp.nn.Mlp;
import io.jmlp.nn.MlpSpec;
import io.jmlp.nn.ParameterSlot;
import io.jmlp.nn.ParameterSpec;
import io.jmlp.nn.WeightInit;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A saved model: a directory with {@value #DESCRIPTION_FILE} ({@link NetworkDescription}) and
 * {@value #WEIGHTS_FILE}, whose tensors are named and shaped as PyTorch's {@code nn.Sequential}
 * of {@code Linear}/{@code BatchNorm1d}/{@code PReLU} names them: {@code {i}.weight} {@code [out, in]},
 * {@code {i}.bias}, {@code {i}.running_mean}, {@code {i}.running_var}, {@code {i}.num_batches_tracked}
 * (int64). So {@code model.load_state_dict(safetensors.torch.load_file(…))} works directly. Backend
 * independent: save on one backend, load on any other.
 */
public final class ModelFile {
    public static final String DESCRIPTION_FILE = "model.json";
    public static final String WEIGHTS_FILE = "model.safetensors";
    /** The safetensors metadata jmlp writes (PyTorch's loaders expect "format": "pt"). */
    static final Map<String, String> WEIGHTS_METADATA = Map.of("format", "pt", "producer", "jmlp");

    private ModelFile() {}

    /**
     * A model read back: the network on the chosen backend, its description, and what its inputs
     * and outputs mean ({@link ModelMetadata}: classes, feature names, scalers). The caller closes the model.
     */
    public record Loaded(Mlp model, NetworkDescription description, ModelMetadata metadata) {}

    /**
     * Saves {@code model} to {@code directory} atomically (a new or empty directory, or one jmlp wrote).
     *
     * @param metadata      what the inputs and outputs mean (written to {@code model.json}'s {@code data})
     * @param trainingSteps optimizer steps taken, written as batch norm's {@code num_batches_tracked}
     * @throws NonFiniteModelException when a parameter or running statistic is NaN or infinite: such a model is never written
     */
    public static void save(Path directory, Mlp model, ModelMetadata metadata, long trainingSteps) throws IOException {
        NetworkDescription description = NetworkDescription.of(model.spec(), metadata);
        List<SafeTensor> tensors = tensors(model, description, trainingSteps);
        NonFiniteModelException.check(tensors, directory);
        ModelDirectory.writeModel(directory, description, tensors);
    }

    /**
     * Fails (naming the path and what to do) when {@code directory} cannot take a saved model: a file,
     * or a directory with a {@code model.json} or {@code model.safetensors} jmlp did not write. Call it
     * before training, so a bad {@code --save} path fails before the first step.
     */
    public static void checkSaveTarget(Path directory) throws IOException {
        ModelDirectory.checkSaveTarget(directory);
    }

    /** Writes the two model files into a new directory (a checkpoint's, which adds its own files). */
    static void writeInto(Path dir, NetworkDescription description, List<SafeTensor> tensors) throws IOException {
        AtomicWrite.writeString(dir.resolve(DESCRIPTION_FILE), description.toJson());
        Safetensors.write(dir.resolve(WEIGHTS_FILE), tensors, WEIGHTS_METADATA);
    }

    /** Loads the model in {@code directory} onto {@code backend}, validating every tensor against the description. */
    public static Loaded load(Path directory, Backend backend) throws IOException {
        finishInterruptedSave(directory);
        NetworkDescription description = readDescription(directory);
        MlpSpec spec;
        ModelMetadata metadata;
        try {
            spec = description.toSpec();
            metadata = description.metadata();
        } catch (IllegalArgumentException e) {
            throw new IOException(directory.resolve(DESCRIPTION_FILE) + ": " + e.getMessage(), e);
        }
        Path weightsFile = directory.resolve(WEIGHTS_FILE);
        if (!Files.isRegularFile(weightsFile)) {
            throw new IOException("no " + WEIGHTS_FILE + " in " + directory + "; a model directory holds "
                    + DESCRIPTION_FILE + " and " + WEIGHTS_FILE + " (written by jmlp train --save)");
        }
        // A few bytes of model.json can claim any width: check the claim against the weights present
        // before allocating anything for it.
        long weightBytes = 4 * linearWeightCount(description);
        if (weightBytes > Files.size(weightsFile)) {
            throw new IOException(directory.resolve(DESCRIPTION_FILE) + " describes linear layers of " + weightBytes / 4
                    + " weights, but " + weightsFile + " holds only " + Files.size(weightsFile)
                    + " bytes; the two files are not one model");
        }
        Safetensors.Contents contents = Safetensors.read(weightsFile);
        // The initial values are all overwritten below; the init scheme only has to be valid.
        Mlp model = Mlp.create(spec, backend, WeightInit.PYTORCH_DEFAULT, 0);
        try {
            float[] parameters = new float[Math.toIntExact(model.parameterCount())];
            float[] states = new float[Math.toIntExact(model.states().size())];
            Set<String> used = new HashSet<>();
            copyIn(weightsFile, contents, model.parameterSlots(), description, parameters, used);
            copyIn(weightsFile, contents, model.stateSlots(), description, states, used);
            for (int i = 0; i < description.layers().size(); i++) {
                if (description.layers().get(i).type().equals("batch_norm")) {
                    String name = i + ".num_batches_tracked";
                    SafeTensor counter = contents.tensors().get(name);
                    if (counter == null || !counter.dtype().equals(SafeTensor.I64) || counter.shape().length != 0) {
                        throw new IOException(weightsFile + ": expected " + name + " as an I64 scalar, found "
                                + (counter == null
                                        ? "nothing"
                                        : counter.dtype() + " " + Arrays.toString(counter.shape())));
                    }
                    used.add(name);
                }
            }
            for (String name : contents.tensors().keySet()) {
                if (!used.contains(name)) {
                    throw new IOException(weightsFile + ": tensor " + name + " belongs to no layer of "
                            + DESCRIPTION_FILE + " (is the description from another model?)");
                }
            }
            backend.write(model.parameters(), parameters, 0);
            backend.write(model.states(), states, 0);
            return new Loaded(model, description, metadata);
        } catch (IOException | RuntimeException e) {
            model.close();
            throw e;
        }
    }

    /**
     * What the model in {@code directory} expects of its data, read from {@code model.json} alone
     * (no weights, no backend): to load new data against it before opening a backend.
     */
    public static ModelMetadata readMetadata(Path directory) throws IOException {
        finishInterruptedSave(directory);
        NetworkDescription description = readDescription(directory);
        try {
            return description.metadata();
        } catch (IllegalArgumentException e) {
            throw new IOException(directory.resolve(DESCRIPTION_FILE) + ": " + e.getMessage(), e);
        }
    }

    /** A save that a crash interrupted after its commit point is finished before reading (see {@link FileSetCommit}). */
    @SuppressWarnings("try") // the lock is held for the block, never read in it
    private static void finishInterruptedSave(Path directory) throws IOException {
        if (!FileSetCommit.interrupted(directory)) {
            return;
        }
        try (DirectoryLock lock = DirectoryLock.acquire(directory, "finishing an interrupted save")) {
            FileSetCommit.recover(directory);
        } catch (IOException e) {
            throw new IOException(
                    "an interrupted save left " + directory + " between two versions of the model, and finishing it "
                            + "failed (" + e.getMessage() + "); run again with write access to " + directory,
                    e);
        }
    }

    /** Σ in·out over the linear layers, saturating (a description's widths are untrusted). */
    private static long linearWeightCount(NetworkDescription description) {
        long total = 0;
        for (NetworkDescription.LayerEntry layer : description.layers()) {
            if ("linear".equals(layer.type()) && layer.in() != null && layer.out() != null) {
                long weights = Math.multiplyHigh(layer.in(), layer.out()) != 0
                        ? Long.MAX_VALUE / 8
                        : (long) layer.in() * layer.out();
                total = Math.min(Long.MAX_VALUE / 8, total + Math.max(0, weights));
            }
        }
        return total;
    }

    static NetworkDescription readDescription(Path directory) throws IOException {
        Path file = directory.resolve(DESCRIPTION_FILE);
        String json;
        try {
            json = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new IOException("no " + DESCRIPTION_FILE + " in " + directory
                    + "; is it a model directory written by jmlp train --save?");
        }
        try {
            return NetworkDescription.fromJson(json);
        } catch (IllegalArgumentException e) {
            throw new IOException(file + ": " + e.getMessage(), e);
        }
    }

    /** The safetensors of {@code model}: linear weights transposed to PyTorch's {@code [out, in]}, vectors 1-D. */
    static List<SafeTensor> tensors(Mlp model, NetworkDescription description, long trainingSteps) {
        List<SafeTensor> tensors = new ArrayList<>();
        float[] parameters = model.parameters().toHost();
        float[] states = model.states().toHost();
        // Sorted by layer so the file reads in network order.
        List<ParameterSlot> slots = new ArrayList<>(model.parameterSlots());
        slots.addAll(model.stateSlots());
        slots.sort((a, b) -> Integer.compare(layerIndex(a.name()), layerIndex(b.name())));
        for (ParameterSlot slot : slots) {
            float[] source = model.parameterSlots().contains(slot) ? parameters : states;
            ParameterSpec p = slot.spec();
            int offset = Math.toIntExact(slot.offset());
            if (isLinearWeight(slot, description)) {
                float[] transposed = new float[p.rows() * p.cols()];
                for (int r = 0; r < p.rows(); r++) {
                    for (int c = 0; c < p.cols(); c++) {
                        transposed[c * p.rows() + r] = source[offset + r * p.cols() + c];
                    }
                }
                tensors.add(SafeTensor.ofFloats(slot.name(), transposed, p.cols(), p.rows()));
            } else {
                tensors.add(SafeTensor.ofFloats(
                        slot.name(),
                        Arrays.copyOfRange(source, offset, offset + p.rows() * p.cols()),
                        (long) p.rows() * p.cols()));
            }
            if (slot.name().endsWith(".running_var")) {
                tensors.add(SafeTensor.ofLong(layerIndex(slot.name()) + ".num_batches_tracked", trainingSteps));
            }
        }
        return tensors;
    }

    private static void copyIn(
            Path file,
            Safetensors.Contents contents,
            List<ParameterSlot> slots,
            NetworkDescription description,
            float[] target,
            Set<String> used)
            throws IOException {
        for (ParameterSlot slot : slots) {
            ParameterSpec p = slot.spec();
            boolean linearWeight = isLinearWeight(slot, description);
            long[] expectedShape =
                    linearWeight ? new long[] {p.cols(), p.rows()} : new long[] {(long) p.rows() * p.cols()};
            SafeTensor t = contents.tensors().get(slot.name());
            if (t == null) {
                throw new IOException(file + " lacks tensor " + slot.name() + " " + Arrays.toString(expectedShape)
                        + " that " + DESCRIPTION_FILE + " requires");
            }
            if (!t.dtype().equals(SafeTensor.F32) || !Arrays.equals(t.shape(), expectedShape)) {
                throw new IOException(
                        file + ": tensor " + slot.name() + " is " + t.dtype() + " " + Arrays.toString(t.shape())
                                + ", but " + DESCRIPTION_FILE + " requires F32 " + Arrays.toString(expectedShape));
            }
            int offset = Math.toIntExact(slot.offset());
            float[] values = t.floats();
            if (linearWeight) {
                for (int r = 0; r < p.rows(); r++) {
                    for (int c = 0; c < p.cols(); c++) {
                        target[offset + r * p.cols() + c] = values[c * p.rows() + r];
                    }
                }
            } else {
                System.arraycopy(values, 0, target, offset, values.length);
            }
            used.add(slot.name());
        }
    }

    private static boolean isLinearWeight(ParameterSlot slot, NetworkDescription description) {
        return slot.name().endsWith(".weight")
                && description.layers().get(layerIndex(slot.name())).type().equals("linear");
    }

    private static int layerIndex(String slotName) {
        return Integer.parseInt(slotName.substring(0, slotName.indexOf('.')));
    }
}
