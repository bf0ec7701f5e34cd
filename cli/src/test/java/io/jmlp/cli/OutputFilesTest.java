package io.jmlp.cli;

import static io.jmlp.cli.TrainCommandTest.jmlp;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jmlp.io.DirectoryLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What jmlp writes, and what it leaves alone: issue 17, class 2 (in-process; the kill -9 loop is in {@link CrashSafetyTest}). */
class OutputFilesTest {
    static String[] train(Path dir, String... more) {
        return Stream.concat(
                        Stream.of(
                                "train",
                                "--no-progress",
                                "--data",
                                "moons:n=200",
                                "--epochs",
                                "2",
                                "--backend",
                                "cpu",
                                "--strict"),
                        Stream.of(more))
                .toArray(String[]::new);
    }

    @Test
    void savingIntoAModelDirectoryKeepsEveryOtherFile(@TempDir Path dir) throws Exception {
        Path model = dir.resolve("model");
        assertEquals(
                0,
                jmlp(train(dir, "-o", dir.resolve("run1").toString(), "--save", model.toString()))
                        .code());
        assertEquals(0, jmlp("export", "--model", model.toString()).code());
        Files.writeString(model.resolve("notes.txt"), "mine");
        byte[] onnx = Files.readAllBytes(model.resolve("model.onnx"));
        TrainCommandTest.Result again =
                jmlp(train(dir, "-o", dir.resolve("run2").toString(), "--save", model.toString(), "--seed", "2"));
        assertEquals(0, again.code(), again.err());
        assertEquals("mine", Files.readString(model.resolve("notes.txt")));
        assertArrayEquals(onnx, Files.readAllBytes(model.resolve("model.onnx")), "the exported file is the user's now");
        try (Stream<Path> files = Files.list(model)) {
            assertEquals(
                    List.of("model.json", "model.onnx", "model.safetensors", "notes.txt"),
                    files.map(p -> p.getFileName().toString()).sorted().toList(),
                    "no temporaries, no lock file left");
        }
    }

    @Test
    void badOutputPathsFailBeforeTheFirstStep(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("a-file"), "x");
        TrainCommandTest.Result r = jmlp(train(dir, "-o", dir.resolve("run").toString(), "--save", file.toString()));
        assertEquals(1, r.code());
        assertTrue(r.err().contains("--save " + file) && r.err().contains("not a directory"), r.err());
        assertTrue(!r.out().contains("epoch"), "no training ran: " + r.out());
        Path foreign = Files.createDirectories(dir.resolve("foreign"));
        Files.writeString(foreign.resolve("model.json"), "{\"mine\": 1}");
        r = jmlp(train(dir, "-o", dir.resolve("run").toString(), "--save", foreign.toString()));
        assertEquals(1, r.code());
        assertTrue(r.err().contains("not one jmlp wrote"), r.err());
        assertTrue(!r.out().contains("epoch"), "no training ran: " + r.out());
        assertEquals("{\"mine\": 1}", Files.readString(foreign.resolve("model.json")));
    }

    @Test
    void runsStartedTogetherGetTheirOwnDirectories(@TempDir Path dir) throws Exception {
        List<CompletableFuture<Path>> runs = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            runs.add(CompletableFuture.supplyAsync(() -> {
                try {
                    return RunOutputs.uniqueRunDirectory(dir, "train");
                } catch (Exception e) {
                    throw new RuntimeException(e);
                }
            }));
        }
        List<Path> made = runs.stream().map(CompletableFuture::join).distinct().toList();
        assertEquals(4, made.size(), "four runs, four directories: " + made);
    }

    @Test
    void aDirectoryInUseIsRefusedNamingItsHolder(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("shared");
        // Another thread stands in for another run (another process is tested in CrashSafetyTest).
        DirectoryLock held = CompletableFuture.supplyAsync(() -> {
                    try {
                        return DirectoryLock.acquire(out, "jmlp train (the other run)");
                    } catch (Exception e) {
                        throw new RuntimeException(e);
                    }
                })
                .join();
        try {
            TrainCommandTest.Result r = jmlp(train(dir, "-o", out.toString()));
            assertEquals(1, r.code());
            assertTrue(r.err().contains("in use") && r.err().contains("the other run"), r.err());
        } finally {
            CompletableFuture.runAsync(() -> {
                        try {
                            held.close();
                        } catch (Exception e) {
                            throw new RuntimeException(e);
                        }
                    })
                    .join();
        }
        assertEquals(0, jmlp(train(dir, "-o", out.toString())).code());
        assertNotEquals(true, Files.exists(out.resolve(DirectoryLock.FILE)), "the lock file goes with the run");
    }
}
