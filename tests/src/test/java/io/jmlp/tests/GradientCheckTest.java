package io.jmlp.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jmlp.backend.Activation;
import io.jmlp.backend.Tensor;
import io.jmlp.cpu.GradientCheck;
import io.jmlp.cpu.ReferenceBackend;
import io.jmlp.loss.BinaryCrossEntropy;
import io.jmlp.loss.Loss;
import io.jmlp.loss.MeanSquaredError;
import io.jmlp.loss.MulticlassHinge;
import io.jmlp.loss.SoftmaxCrossEntropy;
import io.jmlp.nn.ForwardPass;
import io.jmlp.nn.LayerSpec;
import io.jmlp.nn.Mlp;
import io.jmlp.nn.MlpSpec;
import io.jmlp.nn.WeightInit;
import java.util.Arrays;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Validates the reference backend's backward passes against central finite differences, all in
 * double precision ({@link ReferenceBackend.Precision#FLOAT64}): for every parameter of a small
 * network, {@code (L(θ + h) − L(θ − h)) / 2h} against the analytic gradient. A layer placed after a
 * dense layer has its input gradient checked too, through that dense layer's weight gradients.
 */
class GradientCheckTest {
    private static final double H = 1e-5;
    /** Central differences in double have error O(h²·f''') + O(ε/h) ≈ 1e-10; real bugs give errors near 1. */
    private static final double MAX_RELATIVE_ERROR = 1e-6;

    private static final int ROWS = 5;

    /** Worst relative error over every parameter of {@code spec} ({@link GradientCheck}), asserted under the threshold. */
    static double worstRelativeError(MlpSpec spec, long seed) {
        GradientCheck.Report report = GradientCheck.run(spec, WeightInit.XAVIER_NORMAL, seed, ROWS, H);
        GradientCheck.TensorResult worst = report.worst();
        assertEquals(
                IntStream.range(0, spec.layers().size())
                        .map(i -> parameterTensors(spec, i))
                        .sum(),
                report.tensors().size(),
                "every parameter tensor is checked");
        assertTrue(
                report.passes(MAX_RELATIVE_ERROR),
                "worst relative error " + worst.worstRelativeError() + " at " + worst.name() + "[" + worst.worstIndex()
                        + "] (analytic " + worst.analytic() + ", numeric " + worst.numeric() + ")");
        return worst.worstRelativeError();
    }

    /** How many parameter tensors the layer at {@code index} brings: a dense layer its weights and, unless batch norm follows, a bias. */
    private static int parameterTensors(MlpSpec spec, int index) {
        LayerSpec layer = spec.layers().get(index);
        if (layer instanceof LayerSpec.DenseSpec) {
            return spec.denseHasBias(index) ? 2 : 1;
        }
        if (layer instanceof LayerSpec.BatchNormSpec) {
            return 2; // γ and β
        }
        return layer instanceof LayerSpec.PReluSpec ? 1 : 0;
    }

    /** Mean loss of one training-mode forward pass (step 0, so dropout masks are the same every call). */
    private static double loss(
            ReferenceBackend backend, Mlp mlp, Tensor input, Tensor targets, Tensor dOut, Tensor lossSum) {
        backend.fill(lossSum, 0f);
        Tensor out = mlp.forward(input, ForwardPass.training(7, 0));
        mlp.loss().forwardBackward(backend, out, targets, dOut, lossSum);
        return backend.get(lossSum, 0) / ROWS;
    }

    @Test
    void denseWithBiasAndSoftmaxCrossEntropy() {
        worstRelativeError(
                MlpSpec.builder(4)
                        .dense(6)
                        .dense(3)
                        .loss(new SoftmaxCrossEntropy())
                        .build(),
                1);
    }

    @Test
    void batchNormInTrainingMode() {
        worstRelativeError(
                MlpSpec.builder(4)
                        .dense(6)
                        .batchNorm()
                        .dense(3)
                        .loss(new SoftmaxCrossEntropy())
                        .build(),
                2);
        worstRelativeError(
                MlpSpec.builder(4)
                        .dense(6)
                        .batchNorm(1e-3f, 0.3f)
                        .tanh()
                        .dense(6)
                        .batchNorm()
                        .relu()
                        .dense(3)
                        .loss(new SoftmaxCrossEntropy())
                        .build(),
                3);
    }

    /** Each activation twice: fused into the dense layer, and standalone after batch norm. */
    @ParameterizedTest
    @EnumSource(Activation.Kind.class)
    void everyActivationFusedAndStandalone(Activation.Kind kind) {
        Activation act = new Activation(
                kind, kind == Activation.Kind.ELU ? 0.7f : kind == Activation.Kind.LEAKY_RELU ? 0.1f : 0f);
        worstRelativeError(
                MlpSpec.builder(4)
                        .dense(6)
                        .activation(act)
                        .dense(3)
                        .loss(new SoftmaxCrossEntropy())
                        .build(),
                4);
        worstRelativeError(
                MlpSpec.builder(4)
                        .dense(6)
                        .batchNorm()
                        .activation(act)
                        .dense(3)
                        .loss(new SoftmaxCrossEntropy())
                        .build(),
                5);
    }

    static Stream<Loss> losses() {
        return Stream.of(
                new SoftmaxCrossEntropy(),
                new MeanSquaredError(true),
                new MeanSquaredError(false),
                new MulticlassHinge(1f),
                new MulticlassHinge(0.5f));
    }

    @ParameterizedTest
    @MethodSource("losses")
    void everyLoss(Loss loss) {
        worstRelativeError(
                MlpSpec.builder(4).dense(6).tanh().dense(3).loss(loss).build(), 6);
    }

    @Test
    void binaryCrossEntropyOnOneLogit() {
        worstRelativeError(
                MlpSpec.builder(4)
                        .dense(6)
                        .tanh()
                        .dense(1)
                        .loss(new BinaryCrossEntropy())
                        .build(),
                7);
    }

    @Test
    void dropoutAndPRelu() {
        worstRelativeError(
                MlpSpec.builder(4)
                        .dense(8)
                        .dropout(0.3f)
                        .dense(3)
                        .loss(new SoftmaxCrossEntropy())
                        .build(),
                8);
        worstRelativeError(
                MlpSpec.builder(4)
                        .dense(6)
                        .batchNorm()
                        .prelu(false)
                        .dense(3)
                        .loss(new SoftmaxCrossEntropy())
                        .build(),
                9);
        worstRelativeError(
                MlpSpec.builder(4)
                        .dense(6)
                        .batchNorm()
                        .prelu(true)
                        .dense(3)
                        .loss(new SoftmaxCrossEntropy())
                        .build(),
                10);
    }

    /** PReLU straight after a dense layer with bias (no batch norm), as --activation prelu builds it, with its slope's gradient; and under dropout. */
    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void preluSlopesWithoutBatchNorm(boolean shared) {
        worstRelativeError(
                MlpSpec.builder(4)
                        .dense(6)
                        .prelu(shared)
                        .dense(5)
                        .prelu(shared)
                        .dense(3)
                        .loss(new SoftmaxCrossEntropy())
                        .build(),
                11);
        worstRelativeError(
                MlpSpec.builder(4)
                        .dense(6)
                        .prelu(shared)
                        .dropout(0.25f)
                        .dense(1)
                        .loss(new BinaryCrossEntropy())
                        .build(),
                12);
    }

    @Test
    void checkerCatchesAWrongGradient() {
        // The checker itself must be able to fail: scale the analytic gradient of a correct model and it must notice.
        MlpSpec spec = MlpSpec.builder(3)
                .dense(4)
                .dense(2)
                .loss(new SoftmaxCrossEntropy())
                .build();
        try (ReferenceBackend backend = new ReferenceBackend(ReferenceBackend.Precision.FLOAT64);
                Mlp mlp = Mlp.create(spec, backend, WeightInit.XAVIER_NORMAL, 1)) {
            Tensor x = Tensor.of(backend, ROWS, 3, new float[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 1, 2, 3, 4, 5, 6});
            Tensor y = Tensor.ofInts(backend, ROWS, 1, new int[] {0, 1, 0, 1, 1});
            Tensor d = Tensor.zeros(backend, ROWS, 2);
            Tensor l = Tensor.zeros(backend, 1, 1);
            double base = loss(backend, mlp, x, y, d, l);
            mlp.backward(d);
            double analytic = backend.get(mlp.gradients(), 0) * 1.01;
            double theta = backend.get(mlp.parameters(), 0);
            backend.set(mlp.parameters(), 0, theta + H);
            double plus = loss(backend, mlp, x, y, d, l);
            backend.set(mlp.parameters(), 0, theta - H);
            double minus = loss(backend, mlp, x, y, d, l);
            double numeric = (plus - minus) / (2 * H);
            double error = Math.abs(analytic - numeric) / (Math.abs(analytic) + Math.abs(numeric));
            assertTrue(
                    error > MAX_RELATIVE_ERROR,
                    "a 1% gradient error must exceed the threshold, got " + error + " (loss " + base + ")");
            Arrays.asList(x, y, d, l).forEach(Tensor::close);
        }
    }
}
