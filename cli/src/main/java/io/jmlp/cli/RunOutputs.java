package io.jmlp.cli;

import io.jmlp.io.Directories;
import io.jmlp.io.DirectoryLock;
import io.jmlp.io.TempNames;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The directories a command writes into, claimed before any work starts: each is checked, created
 * (a default run directory under a name no other run has: {@code mkdir} is atomic, so two runs
 * started in the same second get two directories), cleaned of a killed run's temporaries, and
 * locked ({@link DirectoryLock}) until the command ends. A directory this command created and left
 * empty (it failed before writing anything) is removed again.
 */
final class RunOutputs implements AutoCloseable {
    private final List<DirectoryLock> locks = new ArrayList<>();
    private final List<Path> created = new ArrayList<>();

    /** Claims {@code chosen}, or a new {@code runs/<prefix>-<date>-<time>} when null; {@code flag} names it in errors. */
    Path claimRunDirectory(Path chosen, String prefix, String flag, String purpose) throws IOException {
        if (chosen != null) {
            return claim(chosen, flag, purpose);
        }
        Path dir = uniqueRunDirectory(Path.of("runs"), prefix);
        created.add(dir);
        return claim(dir, flag, purpose);
    }

    /** Checks, creates when missing, cleans and locks {@code dir}. */
    Path claim(Path dir, String flag, String purpose) throws IOException {
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new IllegalArgumentException(flag + " " + dir + " exists and is not a directory; choose a directory");
        }
        if (!Files.exists(dir)) {
            try {
                Files.createDirectories(dir);
            } catch (IOException e) {
                throw new IOException(
                        flag + " " + dir + ": cannot create it (" + e.getMessage() + "); choose a writable directory",
                        e);
            }
            created.add(dir);
        }
        if (!Files.isWritable(dir)) {
            throw new IOException(flag + " " + dir + " is not writable; choose a writable directory");
        }
        locks.add(DirectoryLock.acquire(dir, purpose));
        TempNames.cleanStale(dir);
        return dir;
    }

    /** {@code parent/prefix-<date>-<time>}, or with {@code -2}, {@code -3}, … when a run of the same second has it. */
    static Path uniqueRunDirectory(Path parent, String prefix) throws IOException {
        Files.createDirectories(parent);
        String base = prefix + "-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        for (int n = 1; ; n++) {
            Path dir = parent.resolve(n == 1 ? base : base + "-" + n);
            try {
                return Files.createDirectory(dir);
            } catch (FileAlreadyExistsException e) {
                // another run took this name first
            }
        }
    }

    @Override
    public void close() throws IOException {
        for (int i = locks.size() - 1; i >= 0; i--) {
            locks.get(i).close();
        }
        for (Path dir : created) {
            if (holdsOnlyTheLock(dir)) {
                Directories.deleteRecursively(dir);
            }
        }
    }

    private static boolean holdsOnlyTheLock(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return false;
        }
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.allMatch(p -> p.getFileName().toString().equals(DirectoryLock.FILE));
        }
    }
}
