package io.jmlp.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jmlp.cpu.ReferenceBackend;
import io.jmlp.io.DirectoryLock;
import io.jmlp.model.Checkpoint;
import io.jmlp.model.ModelFile;
import io.jmlp.optim.Optimizer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * jmlp in separate processes, as the operating system treats them: killed with SIGKILL at random
 * moments while checkpointing and saving, run twice to compare their files byte for byte, and run
 * side by side on one directory. Issue 17, class 2. Bounded: a few short JVMs, about half a minute.
 */
@Tag("slow") // full tier only (child JVMs killed mid-write): ./scripts/test --fast leaves it out
class CrashSafetyTest {

    /** A child JVM running {@code jmlp args…} with this test's class path. */
    static Process start(Path log, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                "-Xmx256m",
                Jmlp.class.getName()));
        command.addAll(List.of(args));
        return new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
    }

    static int run(Path log, String... args) throws Exception {
        Process p = start(log, args);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "jmlp " + String.join(" ", args) + " did not finish");
        return p.exitValue();
    }

    static String[] training(Path out, Path save, int epochs) {
        return new String[] {
            "train",
            "--no-progress",
            "--data",
            "moons:n=2000",
            "--epochs",
            Integer.toString(epochs),
            "--backend",
            "cpu",
            "--strict",
            "--threads",
            "1",
            "-o",
            out.toString(),
            "--save",
            save.toString(),
            "--checkpoint-every",
            "1",
            "--keep-checkpoints",
            "2"
        };
    }

    @Test
    void killMinusNineAtRandomMomentsLeavesOnlyCompleteFilesAndNoDebris(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("run");
        Path save = dir.resolve("model");
        Random random = new Random(17);
        int killed = 0;
        for (int round = 0; round < 6; round++) {
            Process p = start(dir.resolve("log-" + round + ".txt"), training(out, save, round % 2 == 0 ? 400 : 3));
            Thread.sleep(700 + random.nextInt(1800));
            if (p.isAlive()) {
                p.destroyForcibly(); // SIGKILL on Unix: no shutdown hooks, no finally blocks
                killed++;
            }
            assertTrue(p.waitFor(30, TimeUnit.SECONDS));
            assertEverythingComplete(out, save);
        }
        assertTrue(killed >= 3, "most rounds must be killed mid-run, got " + killed);
        // The next run starts by removing what the killed ones left; when it ends, nothing temporary remains.
        assertEquals(
                0,
                run(dir.resolve("log-final.txt"), training(out, save, 2)),
                Files.readString(dir.resolve("log-final.txt")));
        assertEverythingComplete(out, save);
        try (Stream<Path> all = Files.walk(dir)) {
            List<String> debris = all.map(p -> p.getFileName().toString())
                    .filter(name -> name.startsWith(".") || name.endsWith(".tmp"))
                    .toList();
            assertEquals(List.of(), debris, "temporaries or locks left behind");
        }
    }

    /** Every checkpoint under {@code out} and the model at {@code save}, if present, load completely. */
    private static void assertEverythingComplete(Path out, Path save) throws IOException {
        try (ReferenceBackend backend = new ReferenceBackend()) {
            for (Path checkpoint : Checkpoint.list(out.resolve("checkpoints"))) {
                try (Optimizer optimizer = Optimizer.sgd(0.9f)) {
                    Checkpoint.load(checkpoint, backend, optimizer).model().close();
                }
            }
            if (Files.exists(save.resolve(ModelFile.DESCRIPTION_FILE))
                    || Files.exists(save.resolve(ModelFile.WEIGHTS_FILE))) {
                ModelFile.load(save, backend).model().close();
            }
        }
        try (Stream<Path> entries = Files.list(out.resolve("checkpoints"))) {
            List<String> names = entries.map(p -> p.getFileName().toString())
                    .filter(n -> !n.startsWith("."))
                    .toList();
            for (String name : names) {
                assertTrue(name.matches("epoch-\\d{4}"), "only whole checkpoints under their real names: " + names);
            }
        } catch (java.nio.file.NoSuchFileException e) {
            // killed before the first checkpoint
        }
    }

    @Test
    void identicalTrainingsInTwoProcessesWriteByteIdenticalModels(@TempDir Path dir) throws Exception {
        for (String name : List.of("a", "b")) {
            assertEquals(
                    0,
                    run(
                            dir.resolve(name + ".txt"),
                            "train",
                            "--no-progress",
                            "--data",
                            "moons:n=300",
                            "--epochs",
                            "2",
                            "--backend",
                            "cpu",
                            "--threads",
                            "1",
                            "-o",
                            dir.resolve("run-" + name).toString(),
                            "--save",
                            dir.resolve(name).toString()),
                    Files.readString(dir.resolve(name + ".txt")));
        }
        for (String file : List.of(ModelFile.WEIGHTS_FILE, ModelFile.DESCRIPTION_FILE)) {
            assertArrayEquals(
                    Files.readAllBytes(dir.resolve("a").resolve(file)),
                    Files.readAllBytes(dir.resolve("b").resolve(file)),
                    file);
        }
    }

    @Test
    void aSecondProcessOnTheSameOutputDirectoryIsRefusedNamingTheFirst(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("shared");
        Process first = start(dir.resolve("first.txt"), training(out, dir.resolve("m1"), 400));
        try {
            // Until the first process holds the lock: the file appears (created, then locked, then its
            // holder written) before it is held, so its mere existence left a window for the second.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!holds(out.resolve(DirectoryLock.FILE), first.pid()) && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            TrainCommandTest.Result second = TrainCommandTest.jmlp(training(out, dir.resolve("m2"), 1));
            assertEquals(1, second.code(), second.out());
            assertTrue(
                    second.err().contains("in use by another jmlp")
                            && second.err().contains("pid " + first.pid()),
                    second.err());
        } finally {
            first.destroyForcibly();
            first.waitFor(30, TimeUnit.SECONDS);
        }
    }

    /** Whether the lock file names process {@code pid} as its holder. */
    private static boolean holds(Path lockFile, long pid) {
        try {
            return Files.readString(lockFile).startsWith("pid " + pid + ",");
        } catch (java.io.IOException e) {
            return false; // not there yet
        }
    }
}
