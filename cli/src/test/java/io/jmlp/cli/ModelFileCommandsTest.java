package io.jmlp.cli;

import static io.jmlp.cli.TrainCommandTest.jmlp;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** train --save / --checkpoint-every / --resume, predict and export, as a user runs them. */
class ModelFileCommandsTest {
    static final String[] RUN = {
        "train",
        "--no-progress",
        "--data",
        "moons:n=600",
        "--layers",
        "16,8",
        "--batch-size",
        "32",
        "--backend",
        "cpu",
        "--strict"
    };

    static String[] args(String... more) {
        return Stream.concat(Stream.of(RUN), Stream.of(more)).toArray(String[]::new);
    }

    @Test
    void interruptedAndResumedRunSavesTheSameModelAsAnUninterruptedOne(@TempDir Path dir) throws Exception {
        TrainCommandTest.Result full = jmlp(args(
                "--epochs",
                "4",
                "-o",
                dir.resolve("full").toString(),
                "--save",
                dir.resolve("a").toString()));
        assertEquals(0, full.code(), full.err());

        TrainCommandTest.Result first = jmlp(args(
                "--epochs",
                "2",
                "-o",
                dir.resolve("part").toString(),
                "--checkpoint-every",
                "1",
                "--keep-checkpoints",
                "1"));
        assertEquals(0, first.code(), first.err());
        try (Stream<Path> kept = Files.list(dir.resolve("part/checkpoints"))) {
            assertEquals(
                    List.of("epoch-0002"),
                    kept.map(p -> p.getFileName().toString()).toList(),
                    "--keep-checkpoints 1");
        }
        TrainCommandTest.Result resumed = jmlp(args(
                "--epochs",
                "4",
                "-o",
                dir.resolve("part").toString(),
                "--resume",
                dir.resolve("part/checkpoints").toString(),
                "--save",
                dir.resolve("b").toString()));
        assertEquals(0, resumed.code(), resumed.err());
        assertTrue(resumed.out().contains("after epoch 2"), resumed.out());
        assertArrayEquals(
                Files.readAllBytes(dir.resolve("a/model.safetensors")),
                Files.readAllBytes(dir.resolve("b/model.safetensors")));

        TrainCommandTest.Result wrongSeed = jmlp(args(
                "--epochs",
                "4",
                "--seed",
                "2",
                "-o",
                dir.resolve("x").toString(),
                "--resume",
                dir.resolve("part/checkpoints").toString()));
        assertEquals(1, wrongSeed.code());
        assertTrue(wrongSeed.err().contains("--seed (checkpoint: 1, now: 2)"), wrongSeed.err());
    }

    @Test
    void predictAndExportASavedModel(@TempDir Path dir) throws Exception {
        Path model = dir.resolve("model");
        TrainCommandTest.Result train = jmlp(args(
                "--epochs",
                "3",
                "-o",
                dir.toString(),
                "--save",
                model.toString(),
                "--save-initial",
                "--shuffle",
                "false",
                "--max-steps",
                "20"));
        assertEquals(0, train.code(), train.err());
        assertTrue(Files.isRegularFile(dir.resolve("initial-model/model.safetensors")));
        // --max-steps 20: batch norm counted exactly 20 training batches.
        assertEquals(
                20L,
                io.jmlp.model.Safetensors.read(model.resolve("model.safetensors"))
                        .tensors()
                        .get("1.num_batches_tracked")
                        .longs()[0]);

        TrainCommandTest.Result predict =
                jmlp("predict", "--model", model.toString(), "--data", "moons:n=600", "--backend", "reference");
        assertEquals(0, predict.code(), predict.err());
        assertTrue(predict.out().contains("accuracy:"), predict.out());
        List<String> rows = Files.readAllLines(model.resolve("predictions-test.csv"));
        assertEquals("index,label,predicted,output_0,output_1", rows.get(0));

        TrainCommandTest.Result eval =
                jmlp("eval", "--model", model.toString(), "--data", "moons:n=600", "--backend", "cpu");
        assertEquals(0, eval.code(), eval.err());
        assertTrue(eval.out().contains("confusion"), eval.out());
        TrainCommandTest.Result wrongData = jmlp("eval", "--model", model.toString(), "--data", "mnist-10k");
        assertEquals(1, wrongData.code());
        assertTrue(wrongData.err().contains("784 features") && wrongData.err().contains("takes 2"), wrongData.err());

        TrainCommandTest.Result export = jmlp("export", "--model", model.toString(), "--format", "onnx");
        assertEquals(0, export.code(), export.err());
        assertTrue(Files.size(model.resolve("model.onnx")) > 100);

        TrainCommandTest.Result missing =
                jmlp("predict", "--model", dir.resolve("nowhere").toString(), "--data", "moons:n=600");
        assertEquals(1, missing.code());
        assertTrue(missing.err().contains("model.json"), missing.err());
    }
}
