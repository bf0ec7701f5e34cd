package io.jmlp.io;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Replaces several files of one directory as one step (a model's {@code model.json} and
 * {@code model.safetensors} must never come from two different models), leaving every other file
 * in the directory alone. Each new file is written to a temporary and forced to disk; then a
 * journal ({@value #JOURNAL}) naming the temporaries and their targets is written atomically —
 * that is the commit point — and the temporaries are renamed over their targets, and the journal
 * removed. A crash before the commit leaves the old files (the temporaries are removed at the next
 * start); a crash after it is finished by the next {@link #recover} ("rolled forward"), so a reader
 * that recovers first sees the old set or the new set, never a mix.
 *
 * <p>The caller holds the directory's {@link DirectoryLock}.
 */
public final class FileSetCommit {
    private static final Logger log = LoggerFactory.getLogger(FileSetCommit.class);
    public static final String JOURNAL = ".jmlp-commit";

    private FileSetCommit() {}

    /** Writes {@code files} (target name → content, in order) into {@code dir} as one step. */
    public static void replace(Path dir, Map<String, AtomicWrite.Writer> files) throws IOException {
        recover(dir);
        TempNames.cleanStale(dir);
        Map<Path, Path> renames = new LinkedHashMap<>();
        boolean committed = false;
        try {
            for (Map.Entry<String, AtomicWrite.Writer> file : files.entrySet()) {
                Path target = dir.resolve(file.getKey());
                renames.put(AtomicWrite.writeTemporary(dir, target, file.getValue()), target);
            }
            StringBuilder journal = new StringBuilder();
            renames.forEach((temp, target) -> journal.append(temp.getFileName())
                    .append('\t')
                    .append(target.getFileName())
                    .append('\n'));
            AtomicWrite.write(
                    dir.resolve(JOURNAL), out -> out.write(journal.toString().getBytes(StandardCharsets.UTF_8)));
            committed = true;
            rollForward(dir);
        } finally {
            if (!committed) {
                for (Path temp : renames.keySet()) {
                    Files.deleteIfExists(temp);
                }
            }
        }
    }

    /** Finishes a replacement a crash interrupted after its commit point; a no-op when there is none. */
    public static void recover(Path dir) throws IOException {
        if (Files.exists(dir.resolve(JOURNAL))) {
            log.info("finishing an interrupted save in {}", dir);
            rollForward(dir);
        }
    }

    /** Whether {@code dir} holds a committed but unfinished replacement. */
    public static boolean interrupted(Path dir) {
        return Files.exists(dir.resolve(JOURNAL));
    }

    private static void rollForward(Path dir) throws IOException {
        Path journal = dir.resolve(JOURNAL);
        List<String[]> entries = new ArrayList<>();
        for (String line : Files.readAllLines(journal, StandardCharsets.UTF_8)) {
            String[] parts = line.split("\t");
            if (parts.length != 2
                    || parts[0].contains("/")
                    || parts[1].contains("/")
                    || !TempNames.isTemporary(Path.of(parts[0]))) {
                throw new IOException(journal + " is damaged (line '" + line + "'); delete it and save again");
            }
            entries.add(parts);
        }
        for (String[] entry : entries) {
            Path temp = dir.resolve(entry[0]);
            if (Files.exists(temp)) { // else renamed before the crash
                AtomicWrite.replace(temp, dir.resolve(entry[1]));
            }
        }
        AtomicWrite.syncDirectory(dir);
        Files.delete(journal);
        AtomicWrite.syncDirectory(dir);
    }
}
