package io.jmlp.io;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Names of jmlp's temporary files and directories: {@code .jmlp-tmp-<pid>-<name>-<random>}, so that
 * {@link #cleanStale} can remove what a killed process left behind (its pid is no longer alive)
 * without touching what a running one is writing right now, and without touching any file jmlp
 * did not name this way.
 */
public final class TempNames {
    private static final Logger log = LoggerFactory.getLogger(TempNames.class);
    static final String PREFIX = ".jmlp-tmp-";
    private static final Pattern NAME = Pattern.compile(Pattern.quote(PREFIX) + "(\\d+)-.*");
    private static final long PID = ProcessHandle.current().pid();

    private TempNames() {}

    /** A new empty temporary file in {@code dir} for the file {@code name}. */
    public static Path newTempFile(Path dir, String name) throws IOException {
        return Files.createTempFile(dir, prefix(name), ".tmp");
    }

    /** A new empty temporary directory in {@code dir} for the directory {@code name}. */
    public static Path newTempDirectory(Path dir, String name) throws IOException {
        return Files.createTempDirectory(dir, prefix(name));
    }

    private static String prefix(String name) {
        return PREFIX + PID + "-" + name + "-";
    }

    /** Whether {@code file} is named like one of jmlp's temporaries. */
    public static boolean isTemporary(Path file) {
        return NAME.matcher(file.getFileName().toString()).matches();
    }

    /**
     * Deletes the temporaries in {@code dir} whose writing process has died (a kill, a power cut);
     * returns what it removed. Files of live processes and files jmlp did not name are left alone.
     */
    public static List<Path> cleanStale(Path dir) throws IOException {
        List<Path> removed = new ArrayList<>();
        // A committed save's temporaries are its new files: FileSetCommit.recover renames them, never this.
        if (!Files.isDirectory(dir) || FileSetCommit.interrupted(dir)) {
            return removed;
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir, PREFIX + "*")) {
            for (Path entry : entries) {
                Matcher m = NAME.matcher(entry.getFileName().toString());
                if (!m.matches()) {
                    continue;
                }
                long pid = Long.parseLong(m.group(1));
                if (pid == PID
                        || ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
                    continue;
                }
                Directories.deleteRecursively(entry);
                removed.add(entry);
            }
        }
        if (!removed.isEmpty()) {
            log.info("removed {} leftover temporary file(s) of an interrupted jmlp in {}", removed.size(), dir);
        }
        return removed;
    }
}
