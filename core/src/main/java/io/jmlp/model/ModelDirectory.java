package io.jmlp.model;

import io.jmlp.io.AtomicWrite;
import io.jmlp.io.Directories;
import io.jmlp.io.DirectoryLock;
import io.jmlp.io.FileSetCommit;
import io.jmlp.io.TempNames;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How model and checkpoint directories are written so that a crash, a kill or a full disk leaves
 * the previous complete one or the new complete one:
 * <ul>
 *   <li>a model directory ({@code --save DIR}) may hold other files (an exported ONNX file,
 *       predictions, the user's own): only {@code model.json} and {@code model.safetensors} are
 *       replaced, together as one step ({@link FileSetCommit}), under the directory's lock; a
 *       {@code model.json} that jmlp did not write is never overwritten;</li>
 *   <li>a checkpoint directory is written whole under a temporary name and renamed into place
 *       ({@link Directories#publish}); one it replaces or rotates out is renamed aside first and
 *       then deleted ({@link Directories#retire}).</li>
 * </ul>
 * Leftovers of a killed writer are removed at the next write ({@link TempNames#cleanStale}).
 */
final class ModelDirectory {
    private ModelDirectory() {}

    /** Writes a model's two files into {@code target} (created if needed), replacing only those two. */
    @SuppressWarnings("try") // the lock is held for the block, never read in it
    static void writeModel(Path target, NetworkDescription description, java.util.List<SafeTensor> tensors)
            throws IOException {
        Path dir = target.toAbsolutePath().normalize();
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new IOException("model directory " + target + " exists and is not a directory; choose another path");
        }
        try (DirectoryLock lock = DirectoryLock.acquire(dir, "saving a model")) {
            FileSetCommit.recover(dir);
            checkSaveTarget(target);
            Map<String, AtomicWrite.Writer> files = new LinkedHashMap<>();
            files.put(ModelFile.WEIGHTS_FILE, out -> Safetensors.write(out, tensors, ModelFile.WEIGHTS_METADATA));
            files.put(
                    ModelFile.DESCRIPTION_FILE,
                    out -> out.write(description.toJson().getBytes(StandardCharsets.UTF_8)));
            FileSetCommit.replace(dir, files);
        }
    }

    /** Refuses a file, or a directory whose model files jmlp did not write (a user's own model.json, say). */
    static void checkSaveTarget(Path shown) throws IOException {
        Path dir = shown.toAbsolutePath().normalize();
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new IOException("model directory " + shown + " exists and is not a directory; choose another path");
        }
        Path json = dir.resolve(ModelFile.DESCRIPTION_FILE);
        Path weights = dir.resolve(ModelFile.WEIGHTS_FILE);
        if (Files.exists(json)) {
            String text = Files.readString(json, StandardCharsets.UTF_8);
            boolean ours;
            try {
                ours = NetworkDescription.FORMAT.equals(
                        NetworkDescription.fromJson(text).format());
            } catch (IllegalArgumentException | ClassCastException e) {
                ours = false;
            }
            if (!ours) {
                throw new IOException("model directory " + shown + " holds a " + ModelFile.DESCRIPTION_FILE
                        + " that is not a jmlp model, so it is not one jmlp wrote; choose another directory");
            }
        } else if (Files.exists(weights)) {
            throw new IOException("model directory " + shown + " holds a " + ModelFile.WEIGHTS_FILE + " without "
                    + ModelFile.DESCRIPTION_FILE + ", so it is not one jmlp wrote; choose another directory");
        }
    }

    /**
     * Writes the checkpoint directory {@code target} whole (the {@code filler} writes its files into
     * a temporary directory). An existing one at the same path (a re-run over an old run's output)
     * is retired first.
     */
    static void writeCheckpoint(Path target, Directories.Filler filler) throws IOException {
        Path dir = target.toAbsolutePath().normalize();
        TempNames.cleanStale(dir.getParent());
        if (Files.exists(dir)) {
            if (!Files.isRegularFile(dir.resolve(Checkpoint.STATE_FILE))) {
                throw new IOException(
                        "checkpoint directory " + target + " exists and is not a checkpoint; move it away");
            }
            Directories.retire(dir);
        }
        Directories.publish(dir, filler);
    }
}
