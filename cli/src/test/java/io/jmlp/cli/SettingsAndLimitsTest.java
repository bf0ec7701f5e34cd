package io.jmlp.cli;

import static io.jmlp.cli.TrainCommandTest.jmlp;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jmlp.cpu.CpuProvider;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad settings are errors, impossible sizes are refused at once, and training that cannot be right
 * (batch norm on single rows, NaN parameters) stops with a one-line message: issue 17, classes 1, 4 and 5.
 */
class SettingsAndLimitsTest {
    static final String MOONS = "moons:n=200";

    static void assertOneLineError(TrainCommandTest.Result r, String... fragments) {
        assertEquals(1, r.code(), r.out() + r.err());
        for (String f : fragments) {
            assertTrue(r.err().contains(f), "expected '" + f + "' in: " + r.err());
        }
        assertFalse(r.err().contains("\tat "), "no stack trace without -v: " + r.err());
    }

    @Test
    void aMalformedThreadSettingIsAnErrorNotAFallback(@TempDir Path dir) {
        System.setProperty(CpuProvider.THREADS_PROPERTY, "abc");
        try {
            TrainCommandTest.Result r =
                    jmlp("train", "--data", MOONS, "--epochs", "1", "-o", dir.toString(), "--no-progress");
            assertOneLineError(r, "-Djmlp.threads must be a thread count", "'abc'");
            assertFalse(r.out().contains("backend:"), "nothing ran: " + r.out());
        } finally {
            System.clearProperty(CpuProvider.THREADS_PROPERTY);
        }
        System.setProperty("jmlp.strict", "maybe");
        try {
            assertOneLineError(
                    jmlp("train", "--data", MOONS, "--epochs", "1", "-o", dir.toString()), "-Djmlp.strict must be");
        } finally {
            System.clearProperty("jmlp.strict");
        }
    }

    @Test
    void hugeSizesAreRefusedBeforeAnythingIsAllocated(@TempDir Path dir) {
        long started = System.nanoTime();
        assertOneLineError(
                jmlp(
                        "train",
                        "--data",
                        MOONS,
                        "--threads",
                        "100000",
                        "-o",
                        dir.resolve("a").toString()),
                "--threads 100000 is more than");
        assertOneLineError(
                jmlp(
                        "train",
                        "--data",
                        MOONS,
                        "--layers",
                        "100000000,100000000",
                        "--backend",
                        "cpu",
                        "-o",
                        dir.resolve("b").toString()),
                "--layers 100000000,100000000",
                "choose smaller layers");
        assertTrue((System.nanoTime() - started) / 1e9 < 10, "refused at once");
        assertFalse(Files.exists(dir.resolve("a")), "a failed run leaves no empty output directory");
    }

    @Test
    void batchNormOnSingleRowsIsRefusedInTrainCvAndSearch(@TempDir Path dir) {
        assertOneLineError(
                jmlp(
                        "train",
                        "--data",
                        MOONS,
                        "--batch-size",
                        "1",
                        "--backend",
                        "cpu",
                        "-o",
                        dir.resolve("t").toString()),
                "--batch-size 1 with batch norm");
        assertOneLineError(
                jmlp("cv", "--data", MOONS, "--batch-norm", "--batch-size", "1", "--folds", "2", "--backend", "cpu"),
                "--batch-size 1 with batch norm");
        assertOneLineError(
                jmlp(
                        "search",
                        "--data",
                        MOONS,
                        "--batch-norm",
                        "true",
                        "--batch-size",
                        "1",
                        "--trials",
                        "1",
                        "--backend",
                        "cpu",
                        "-o",
                        dir.resolve("s").toString()),
                "--batch-size 1 with batch norm");
        // Without batch norm, single-row SGD is fine.
        assertEquals(
                0,
                jmlp(
                                "train",
                                "--data",
                                MOONS,
                                "--batch-size",
                                "1",
                                "--no-batch-norm",
                                "--epochs",
                                "1",
                                "--backend",
                                "cpu",
                                "--no-progress",
                                "-o",
                                dir.resolve("ok").toString())
                        .code());
    }

    @Test
    void divergenceUnderBatchNormIsCaughtAndNoModelIsWritten(@TempDir Path dir) {
        // ReLU turns NaN pre-activations into 0, so under batch norm the loss stays finite while the weights are NaN.
        TrainCommandTest.Result r = jmlp(
                "train",
                "--data",
                MOONS,
                "--lr",
                "1e30",
                "--epochs",
                "5",
                "--backend",
                "cpu",
                "--strict",
                "--no-progress",
                "-o",
                dir.resolve("run").toString(),
                "--save",
                dir.resolve("model").toString(),
                "--checkpoint-every",
                "1");
        assertOneLineError(r, "diverged", "NaN/Inf", "lower --lr");
        assertFalse(r.err().contains("add batch norm"), "batch norm is on already: " + r.err());
        assertFalse(Files.exists(dir.resolve("model/model.safetensors")), "no model holding NaN");
        assertFalse(Files.exists(dir.resolve("run/checkpoints/epoch-0001"))
                && Files.exists(dir.resolve("run/checkpoints/epoch-0005")));
    }

    @Test
    void regressionCvChoosesRegressionMetrics(@TempDir Path dir) throws Exception {
        StringBuilder sb = new StringBuilder("a,y\n");
        for (int i = 0; i < 120; i++) {
            sb.append(i / 10.0).append(',').append(300 + 5 * Math.sin(i / 10.0)).append('\n');
        }
        Path csv = dir.resolve("r.csv");
        Files.writeString(csv, sb.toString());
        TrainCommandTest.Result r =
                jmlp("cv", "--data", "csv:" + csv, "--folds", "2", "--epochs", "2", "--backend", "cpu");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("rmse") && r.out().contains("r2"), r.out());
    }

    @Test
    void aRepeatedOrUnknownFlagIsOneLineNotTheWholeUsage() {
        TrainCommandTest.Result r = jmlp("train", "--epochs", "2", "--epochs", "3");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("--epochs") && r.err().contains("--help"), r.err());
        assertFalse(r.err().contains("Usage:"), r.err());
        assertTrue(r.err().lines().count() <= 3, r.err());
    }

    @Test
    void aModelJsonClaimingHugeWidthsIsRefusedBeforeAllocating(@TempDir Path dir) throws Exception {
        Path model = dir.resolve("model");
        assertEquals(
                0,
                jmlp(
                                "train",
                                "--data",
                                MOONS,
                                "--epochs",
                                "1",
                                "--backend",
                                "cpu",
                                "--no-progress",
                                "-o",
                                dir.resolve("run").toString(),
                                "--save",
                                model.toString())
                        .code());
        Path json = model.resolve("model.json");
        // Consistent widths (2 → 2e9 → 2e9 → 2), so only the weights file can tell the claim is false.
        Files.writeString(
                json,
                Files.readString(json).replace("\": 32,", "\": 2000000000,").replace("\": 32\n", "\": 2000000000\n"));
        long started = System.nanoTime();
        TrainCommandTest.Result r = jmlp("predict", "--model", model.toString(), "--data", MOONS, "--backend", "cpu");
        assertOneLineError(r, "holds only");
        assertTrue((System.nanoTime() - started) / 1e9 < 5);
    }
}
