package io.jmlp.tests.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jmlp.backend.Backend;
import io.jmlp.backend.Tensor;
import io.jmlp.cpu.ReferenceBackend;
import io.jmlp.data.Dataset;
import io.jmlp.data.Moons;
import io.jmlp.loss.SoftmaxCrossEntropy;
import io.jmlp.model.ModelFile;
import io.jmlp.model.ModelMetadata;
import io.jmlp.model.SafeTensor;
import io.jmlp.model.Safetensors;
import io.jmlp.nn.ForwardPass;
import io.jmlp.nn.Mlp;
import io.jmlp.nn.MlpSpec;
import io.jmlp.nn.WeightInit;
import io.jmlp.optim.ConstantRate;
import io.jmlp.optim.Optimizer;
import io.jmlp.tests.TestBackends;
import io.jmlp.tests.parity.Comparison;
import io.jmlp.tests.parity.Tolerances;
import io.jmlp.train.DeviceDataset;
import io.jmlp.train.Trainer;
import io.jmlp.train.TrainingOptions;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A model trained on the reference backend, saved, then loaded on every backend: the weights
 * arrive bit for bit, and the loaded model predicts what the original predicts (parity tolerance).
 * Plus the file layout PyTorch expects, and clear failures on damaged files.
 */
class ModelFileTest {
    // Every saved kind of tensor: linear with and without bias, batch norm (γ, β, running stats), PReLU.
    static final MlpSpec SPEC = MlpSpec.builder(2)
            .dense(16)
            .batchNorm()
            .relu()
            .dense(8)
            .prelu(false)
            .dense(2)
            .loss(new SoftmaxCrossEntropy())
            .build();
    static Dataset data;

    @TempDir
    static Path saved;

    static float[] referenceParameters;
    static float[] referenceStates;
    static float[] referenceOutputs;

    @BeforeAll
    static void trainAndSaveOnTheReference() throws IOException {
        data = Moons.generate(400, 0.2, 3);
        try (ReferenceBackend backend = new ReferenceBackend();
                Mlp model = Mlp.create(SPEC, backend, WeightInit.XAVIER_NORMAL, 5);
                DeviceDataset train = DeviceDataset.upload(backend, data, SPEC.loss());
                Optimizer sgd = Optimizer.sgd(0.9f)) {
            new Trainer(new TrainingOptions(3, 32, 5, true), sgd, new ConstantRate(0.05)).fit(model, train, null);
            ModelFile.save(saved, model, ModelMetadata.of(data, null, null, "none"), sgd.steps());
            referenceParameters = model.parameters().toHost();
            referenceStates = model.states().toHost();
            referenceOutputs =
                    model.forward(train.features(), ForwardPass.inference()).toHost();
        }
    }

    @ParameterizedTest
    @MethodSource("io.jmlp.tests.TestBackends#namesWithReference")
    void loadsOnEveryBackendAndPredictsTheSame(String backendName) throws IOException {
        try (Backend backend = TestBackends.open(backendName);
                Mlp model = ModelFile.load(saved, backend).model();
                Tensor x = Tensor.of(backend, data.rows(), data.cols(), data.features())) {
            assertArrayEquals(referenceParameters, model.parameters().toHost(), "parameters must arrive bit for bit");
            assertArrayEquals(referenceStates, model.states().toHost(), "running statistics must arrive bit for bit");
            float[] outputs = model.forward(x, ForwardPass.inference()).toHost();
            Comparison.Result r = Comparison.compare(referenceOutputs, outputs, Tolerances.NETWORK_OUTPUT, null);
            assertTrue(r.pass(), backendName + ": predictions differ from the saving backend's: " + r.worst());
        }
    }

    @Test
    void tensorsAreNamedAndShapedAsPyTorchsSequential() throws IOException {
        Map<String, SafeTensor> tensors =
                Safetensors.read(saved.resolve(ModelFile.WEIGHTS_FILE)).tensors();
        assertEquals(
                List.of(
                        "0.weight",
                        "1.weight",
                        "1.bias",
                        "1.running_mean",
                        "1.running_var",
                        "1.num_batches_tracked",
                        "3.weight",
                        "3.bias",
                        "4.weight",
                        "5.weight",
                        "5.bias"),
                List.copyOf(tensors.keySet()));
        assertArrayEquals(new long[] {16, 2}, tensors.get("0.weight").shape(), "Linear weight is [out, in]");
        assertArrayEquals(new long[] {8, 16}, tensors.get("3.weight").shape());
        assertArrayEquals(new long[] {16}, tensors.get("1.running_var").shape());
        assertArrayEquals(new long[] {8}, tensors.get("4.weight").shape(), "PReLU with one slope per feature");
        assertEquals(SafeTensor.I64, tensors.get("1.num_batches_tracked").dtype());
        assertEquals(3L * 13, tensors.get("1.num_batches_tracked").longs()[0], "3 epochs of 13 batches");
        // W is [in × out] in memory: element (in=1, out=0) of layer 0 is stored at index 1·16 + 0.
        assertEquals(referenceParameters[16], tensors.get("0.weight").floats()[1], "PyTorch's [out=0, in=1]");
        String header =
                new String(Files.readAllBytes(saved.resolve(ModelFile.WEIGHTS_FILE)), 8, 64, StandardCharsets.UTF_8);
        assertTrue(header.startsWith("{"), header);
    }

    @Test
    void damagedFilesFailWithTheirReason(@TempDir Path dir) throws IOException {
        Path copy = dir.resolve("model");
        Files.createDirectories(copy);
        Files.copy(saved.resolve(ModelFile.DESCRIPTION_FILE), copy.resolve(ModelFile.DESCRIPTION_FILE));
        byte[] good = Files.readAllBytes(saved.resolve(ModelFile.WEIGHTS_FILE));
        Path weights = copy.resolve(ModelFile.WEIGHTS_FILE);

        Files.write(weights, Arrays.copyOf(good, good.length - 4));
        assertMessage(copy, "truncated");

        byte[] hugeHeader = good.clone();
        ByteBuffer.wrap(hugeHeader).order(ByteOrder.LITTLE_ENDIAN).putLong(0, 1L << 40);
        Files.write(weights, hugeHeader);
        assertMessage(copy, "header length");

        Files.write(weights, replaceAscii(good, "\"F32\"", "\"F16\""));
        assertMessage(copy, "dtype F16");

        Files.write(weights, replaceAscii(good, "[16,2]", "[2,16]"));
        assertMessage(copy, "requires F32 [16, 2]");

        Files.write(weights, good);
        String description =
                Files.readString(saved.resolve(ModelFile.DESCRIPTION_FILE)).replace("\"out\": 16", "\"out\": 17");
        Files.writeString(copy.resolve(ModelFile.DESCRIPTION_FILE), description);
        assertMessage(copy, "width");
    }

    private static byte[] replaceAscii(byte[] bytes, String from, String to) {
        String text = new String(bytes, StandardCharsets.ISO_8859_1);
        assertTrue(text.contains(from), "test file lacks " + from);
        return text.replaceFirst(java.util.regex.Pattern.quote(from), to).getBytes(StandardCharsets.ISO_8859_1);
    }

    private static void assertMessage(Path dir, String expected) {
        try (ReferenceBackend backend = new ReferenceBackend()) {
            IOException e = assertThrows(
                    IOException.class,
                    () -> ModelFile.load(dir, backend).model().close());
            assertTrue(
                    e.getMessage().contains(expected),
                    "message '" + e.getMessage() + "' should mention '" + expected + "'");
        }
    }

    @Test
    void refusesToReplaceADirectoryItDidNotWrite(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("notes.txt"), "precious");
        try (ReferenceBackend backend = new ReferenceBackend();
                Mlp model = Mlp.create(SPEC, backend, WeightInit.XAVIER_NORMAL, 1)) {
            Files.writeString(dir.resolve("model.json"), "{\"mine\": true}");
            IOException e = assertThrows(
                    IOException.class, () -> ModelFile.save(dir, model, ModelMetadata.of(data, null, null, "none"), 0));
            assertTrue(e.getMessage().contains("not one jmlp wrote"), e.getMessage());
        }
        assertEquals("precious", Files.readString(dir.resolve("notes.txt")));
        assertEquals("{\"mine\": true}", Files.readString(dir.resolve("model.json")));
    }
}
