package io.jmlp.io;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Writes files so that a reader (or a crash, a full disk, a kill -9) sees either the old file or
 * the complete new one, never a half-written one: the bytes go to a temporary file in the same
 * directory ({@link TempNames}: named after the writing process, so a later run can tell a dead
 * writer's leftovers from a live one's), are forced to disk, and the file is renamed over the
 * target; then the directory is forced too, so the rename itself survives a power cut.
 */
public final class AtomicWrite {
    private AtomicWrite() {}

    /** What to write into the temporary file. */
    @FunctionalInterface
    public interface Writer {
        void writeTo(OutputStream out) throws IOException;
    }

    public static void write(Path target, Writer writer) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        TempNames.cleanStale(dir);
        Path temp = writeTemporary(dir, target, writer);
        try {
            replace(temp, target);
            syncDirectory(dir);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /**
     * Writes {@code writer}'s bytes to a new temporary file in {@code dir} for {@code target} (whose
     * permissions it takes) and forces them to disk; the caller renames it into place. On failure
     * nothing is left behind.
     */
    public static Path writeTemporary(Path dir, Path target, Writer writer) throws IOException {
        Path temp = TempNames.newTempFile(dir, target.getFileName().toString());
        try {
            makeReadable(temp, target);
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                OutputStream out = Channels.newOutputStream(channel);
                writer.writeTo(out);
                out.flush();
                channel.force(true);
            }
            return temp;
        } catch (IOException | RuntimeException | Error e) {
            Files.deleteIfExists(temp);
            throw e;
        }
    }

    /** Renames {@code from} over {@code to} in one step (atomically where the file system can). */
    public static void replace(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** Forces a directory's entries (renames, creations) to disk; a no-op where the platform cannot open directories. */
    public static void syncDirectory(Path dir) {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // Windows cannot open a directory as a channel; its renames are durable without it.
        }
    }

    /**
     * The temporary file is made readable by its owner only (0600); a model or a plot is meant
     * to be shared like any file the user writes, so it gets the replaced file's permissions, or
     * rw-r--r-- for a new one.
     */
    private static void makeReadable(Path temp, Path target) throws IOException {
        if (!Files.getFileStore(temp).supportsFileAttributeView(PosixFileAttributeView.class)) {
            return;
        }
        Set<PosixFilePermission> permissions = Files.exists(target)
                ? Files.getPosixFilePermissions(target)
                : PosixFilePermissions.fromString("rw-r--r--");
        Files.setPosixFilePermissions(temp, permissions);
    }

    public static void writeString(Path target, String text) throws IOException {
        write(target, out -> out.write(text.getBytes(StandardCharsets.UTF_8)));
    }
}
