package io.jmlp.tests.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.jmlp.backend.Activation;
import io.jmlp.backend.Tensor;
import io.jmlp.cpu.ReferenceBackend;
import io.jmlp.data.Dataset;
import io.jmlp.data.Moons;
import io.jmlp.loss.BinaryCrossEntropy;
import io.jmlp.loss.Loss;
import io.jmlp.loss.SoftmaxCrossEntropy;
import io.jmlp.model.OnnxExport;
import io.jmlp.nn.ForwardPass;
import io.jmlp.nn.Mlp;
import io.jmlp.nn.MlpSpec;
import io.jmlp.nn.WeightInit;
import io.jmlp.optim.ConstantRate;
import io.jmlp.optim.Optimizer;
import io.jmlp.tests.parity.Comparison;
import io.jmlp.tests.parity.Tolerances;
import io.jmlp.train.DeviceDataset;
import io.jmlp.train.Trainer;
import io.jmlp.train.TrainingOptions;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Exports trained networks to ONNX and runs them in ONNX Runtime (CPU): its outputs on the test
 * points must be jmlp's, within the parity suite's whole-network tolerance, for every activation
 * that ONNX has, batch norm (running statistics), PReLU, dropout (absent at inference), and the
 * softmax/sigmoid heads.
 */
class OnnxExportTest {
    static final Dataset DATA = Moons.generate(256, 0.2, 21);

    @ParameterizedTest
    @ValueSource(
            strings = {
                "relu",
                "sigmoid",
                "tanh",
                "hard-sigmoid",
                "hard-tanh",
                "leaky-relu:0.1",
                "elu:0.7",
                "softplus",
                "swish"
            })
    void onnxRuntimeComputesWhatJmlpComputes(String activation, @TempDir Path dir) throws Exception {
        MlpSpec spec = MlpSpec.builder(2)
                .dense(32)
                .batchNorm()
                .activation(Activation.parse(activation))
                .dropout(0.1f)
                .dense(16)
                .activation(Activation.parse(activation))
                .prelu(false)
                .dense(3)
                .loss(new SoftmaxCrossEntropy())
                .build();
        check(spec, dir);
    }

    @Test
    void binaryHeadGetsASigmoid(@TempDir Path dir) throws Exception {
        check(
                MlpSpec.builder(2)
                        .dense(8)
                        .batchNorm()
                        .tanh()
                        .dense(1)
                        .loss(new BinaryCrossEntropy())
                        .build(),
                dir);
    }

    @Test
    void geluIsRefusedWithTheReason() {
        MlpSpec spec = MlpSpec.builder(2)
                .dense(4)
                .activation(Activation.GELU)
                .dense(2)
                .loss(new SoftmaxCrossEntropy())
                .build();
        try (ReferenceBackend backend = new ReferenceBackend();
                Mlp model = Mlp.create(spec, backend, WeightInit.XAVIER_NORMAL, 1)) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> OnnxExport.encode(model));
            assertTrue(e.getMessage().contains("gelu") && e.getMessage().contains("opset"), e.getMessage());
        }
    }

    private static void check(MlpSpec spec, Path dir) throws Exception {
        Path file = dir.resolve("model.onnx");
        float[] outputs;
        try (ReferenceBackend backend = new ReferenceBackend();
                Mlp model = Mlp.create(spec, backend, WeightInit.XAVIER_NORMAL, 4);
                DeviceDataset train = DeviceDataset.upload(backend, DATA, spec.loss());
                Optimizer sgd = Optimizer.sgd(0.9f);
                Tensor x = Tensor.of(backend, DATA.rows(), DATA.cols(), DATA.features())) {
            // A few epochs, so that batch-norm running statistics and PReLU slopes are far from their initial values.
            new Trainer(new TrainingOptions(3, 16, 4, true), sgd, new ConstantRate(0.05)).fit(model, train, null);
            OnnxExport.write(file, model);
            outputs = model.forward(x, ForwardPass.inference()).toHost();
        }
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession session = env.createSession(file.toString(), new OrtSession.SessionOptions());
                OnnxTensor input = OnnxTensor.createTensor(
                        env, FloatBuffer.wrap(DATA.features()), new long[] {DATA.rows(), DATA.cols()});
                OrtSession.Result result = session.run(Map.of("input", input))) {
            compare("output", outputs, result);
            Loss loss = spec.loss();
            int k = spec.outputSize();
            if (loss instanceof SoftmaxCrossEntropy) {
                compare("probabilities", softmax(outputs, k), result);
            } else {
                float[] p = new float[outputs.length];
                for (int i = 0; i < p.length; i++) {
                    p[i] = (float) Activation.sigmoid(outputs[i]);
                }
                compare("probability", p, result);
            }
        }
    }

    private static void compare(String name, float[] expected, OrtSession.Result result) throws OrtException {
        float[][] actual = (float[][]) result.get(name)
                .orElseThrow(() -> new AssertionError("no output " + name))
                .getValue();
        float[] flat = new float[expected.length];
        int cols = actual[0].length;
        assertEquals(expected.length, actual.length * cols, name + " shape");
        for (int r = 0; r < actual.length; r++) {
            System.arraycopy(actual[r], 0, flat, r * cols, cols);
        }
        Comparison.Result r = Comparison.compare(expected, flat, Tolerances.NETWORK_OUTPUT, null);
        assertTrue(r.pass(), name + ": ONNX Runtime differs from jmlp: " + r.worst());
    }

    private static float[] softmax(float[] logits, int k) {
        float[] p = new float[logits.length];
        for (int r = 0; r < logits.length / k; r++) {
            double max = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < k; j++) {
                max = Math.max(max, logits[r * k + j]);
            }
            double sum = 0;
            for (int j = 0; j < k; j++) {
                sum += Math.exp(logits[r * k + j] - max);
            }
            for (int j = 0; j < k; j++) {
                p[r * k + j] = (float) (Math.exp(logits[r * k + j] - max) / sum);
            }
        }
        return p;
    }
}
