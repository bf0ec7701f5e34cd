package io.jmlp.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A crash at each point of a two-file replacement leaves the old pair or the new pair, never a mix, and no debris. */
class FileSetCommitTest {
    @TempDir
    Path dir;

    private static AtomicWrite.Writer text(String s) {
        return out -> out.write(s.getBytes(StandardCharsets.UTF_8));
    }

    private Map<String, AtomicWrite.Writer> pair(String version) {
        Map<String, AtomicWrite.Writer> files = new LinkedHashMap<>();
        files.put("model.safetensors", text("weights " + version));
        files.put("model.json", text("json " + version));
        return files;
    }

    private List<String> names() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    /** The pid of a process that has exited, as a killed jmlp's would be. */
    private static long deadPid() throws Exception {
        Process p = new ProcessBuilder("true").start();
        assertTrue(p.waitFor(10, TimeUnit.SECONDS));
        return p.pid();
    }

    @Test
    void replacesBothFilesAndLeavesOthersAlone() throws IOException {
        Files.writeString(dir.resolve("notes.txt"), "mine");
        FileSetCommit.replace(dir, pair("1"));
        FileSetCommit.replace(dir, pair("2"));
        assertEquals("weights 2", Files.readString(dir.resolve("model.safetensors")));
        assertEquals("json 2", Files.readString(dir.resolve("model.json")));
        assertEquals(List.of("model.json", "model.safetensors", "notes.txt"), names());
    }

    @Test
    void aCrashAfterTheCommitPointIsRolledForwardByTheNextRun() throws Exception {
        FileSetCommit.replace(dir, pair("1"));
        // What a process killed between the two renames leaves: the weights renamed, the description still a temporary.
        long pid = deadPid();
        Path jsonTemp = dir.resolve(TempNames.PREFIX + pid + "-model.json-123.tmp");
        Files.writeString(jsonTemp, "json 2");
        Files.writeString(dir.resolve("model.safetensors"), "weights 2");
        Files.writeString(
                dir.resolve(FileSetCommit.JOURNAL),
                jsonTemp.getFileName() + "\tmodel.json\n" + TempNames.PREFIX + pid
                        + "-model.safetensors-456.tmp\tmodel.safetensors\n");
        TempNames.cleanStale(dir);
        assertTrue(Files.exists(jsonTemp), "a committed replacement's files are not debris");
        FileSetCommit.recover(dir);
        assertEquals("weights 2", Files.readString(dir.resolve("model.safetensors")));
        assertEquals("json 2", Files.readString(dir.resolve("model.json")));
        assertEquals(List.of("model.json", "model.safetensors"), names());
    }

    @Test
    void aCrashBeforeTheCommitPointKeepsTheOldPairAndItsTemporariesAreRemoved() throws Exception {
        FileSetCommit.replace(dir, pair("1"));
        Path dead = dir.resolve(TempNames.PREFIX + deadPid() + "-model.json-1.tmp");
        Files.writeString(dead, "half");
        Path live = TempNames.newTempFile(dir, "other");
        FileSetCommit.replace(dir, pair("2"));
        assertFalse(Files.exists(dead), "a dead writer's temporary is removed");
        assertTrue(Files.exists(live), "a live writer's temporary is not");
        assertEquals("json 2", Files.readString(dir.resolve("model.json")));

        // A write that fails half way (a full disk) leaves the old pair and nothing else.
        Files.delete(live);
        Map<String, AtomicWrite.Writer> failing = pair("3");
        failing.put("model.json", out -> {
            out.write("js".getBytes(StandardCharsets.UTF_8));
            throw new IOException("No space left on device");
        });
        assertThrows(IOException.class, () -> FileSetCommit.replace(dir, failing));
        assertEquals("weights 2", Files.readString(dir.resolve("model.safetensors")));
        assertEquals("json 2", Files.readString(dir.resolve("model.json")));
        assertEquals(List.of("model.json", "model.safetensors"), names());
    }

    @Test
    void aRetiredDirectoryVanishesInOneStep() throws IOException {
        Path checkpoint = Files.createDirectories(dir.resolve("epoch-0001"));
        Files.writeString(checkpoint.resolve("a"), "1");
        Directories.retire(checkpoint);
        assertEquals(List.of(), names());
    }
}
