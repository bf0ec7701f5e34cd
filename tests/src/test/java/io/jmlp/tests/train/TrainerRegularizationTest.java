package io.jmlp.tests.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jmlp.backend.Backend;
import io.jmlp.backend.Tensor;
import io.jmlp.cpu.ReferenceBackend;
import io.jmlp.data.DataSources;
import io.jmlp.data.Dataset;
import io.jmlp.loss.SoftmaxCrossEntropy;
import io.jmlp.nn.ForwardPass;
import io.jmlp.nn.HiddenActivation;
import io.jmlp.nn.Mlp;
import io.jmlp.nn.MlpSpec;
import io.jmlp.nn.WeightInit;
import io.jmlp.optim.ConstantRate;
import io.jmlp.optim.Optimizer;
import io.jmlp.train.DeviceDataset;
import io.jmlp.train.EarlyStopping;
import io.jmlp.train.History;
import io.jmlp.train.Trainer;
import io.jmlp.train.TrainingOptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The trainer-side menu items on the reference backend: full-batch and single-example steps,
 * gradient-norm clipping, the max-norm constraint and early stopping with best-weight restore.
 */
class TrainerRegularizationTest {
    private static final MlpSpec SPEC = MlpSpec.classifier(
            2,
            new int[] {8},
            2,
            new HiddenActivation.Elementwise(io.jmlp.backend.Activation.TANH),
            false,
            new float[0],
            new SoftmaxCrossEntropy());
    private static Dataset train;
    private static Dataset test;

    @BeforeAll
    static void data() throws Exception {
        var sets = DataSources.load("moons:n=200", 3);
        train = sets.train();
        test = sets.test();
    }

    /** The full-batch gradient of a fresh model, computed directly: one forward and backward pass over every row. */
    private static float[] fullBatchGradient(Backend backend) {
        try (Mlp model = Mlp.create(SPEC, backend, WeightInit.XAVIER_NORMAL, 1);
                DeviceDataset data = DeviceDataset.upload(backend, train, SPEC.loss());
                Tensor dOut = Tensor.zeros(backend, train.rows(), 2);
                Tensor lossSum = Tensor.zeros(backend, 1, 1)) {
            Tensor out = model.forward(data.features(), ForwardPass.training(1, 0));
            SPEC.loss().forwardBackward(backend, out, data.lossTargets(), dOut, lossSum);
            model.backward(dOut);
            return model.gradients().toHost();
        }
    }

    private static float[] initialParameters(Backend backend) {
        try (Mlp model = Mlp.create(SPEC, backend, WeightInit.XAVIER_NORMAL, 1)) {
            return model.parameters().toHost();
        }
    }

    /** Trains a fresh model once with {@code trainer}; returns its parameters. */
    private static float[] trainedParameters(Backend backend, Trainer trainer, Dataset validation) {
        try (Mlp model = Mlp.create(SPEC, backend, WeightInit.XAVIER_NORMAL, 1);
                DeviceDataset data = DeviceDataset.upload(backend, train, SPEC.loss());
                DeviceDataset held =
                        validation != null ? DeviceDataset.upload(backend, validation, SPEC.loss()) : null) {
            trainer.fit(model, data, held);
            return model.parameters().toHost();
        }
    }

    @Test
    void fullBatchIsOneStepOfTheWholeGradientPerEpoch() {
        try (Backend backend = new ReferenceBackend();
                Optimizer sgd = Optimizer.sgd(0f)) {
            float[] gradient = fullBatchGradient(backend);
            float[] initial = initialParameters(backend);
            float[] after = trainedParameters(
                    backend,
                    new Trainer(
                            new TrainingOptions(1, TrainingOptions.FULL_BATCH, 1, false), sgd, new ConstantRate(0.5)),
                    null);
            assertEquals(1, sgd.steps(), "one step per epoch");
            for (int i = 0; i < after.length; i++) {
                assertEquals(initial[i] - 0.5f * gradient[i], after[i], 1e-6, "parameter " + i);
            }
        }
    }

    @Test
    void batchSizeOneStepsOncePerExample() {
        try (Backend backend = new ReferenceBackend();
                Optimizer sgd = Optimizer.sgd(0f)) {
            trainedParameters(
                    backend, new Trainer(new TrainingOptions(2, 1, 1, true), sgd, new ConstantRate(0.01)), null);
            assertEquals(2L * train.rows(), sgd.steps());
        }
    }

    @Test
    void clippingScalesTheGradientToTheGivenGlobalNorm() {
        try (Backend backend = new ReferenceBackend()) {
            float[] gradient = fullBatchGradient(backend);
            double norm = 0;
            for (float g : gradient) {
                norm += (double) g * g;
            }
            norm = Math.sqrt(norm);
            float[] initial = initialParameters(backend);
            double clip = norm / 4;
            float[] clipped;
            try (Optimizer sgd = Optimizer.sgd(0f)) {
                clipped = trainedParameters(
                        backend,
                        new Trainer(
                                        new TrainingOptions(1, TrainingOptions.FULL_BATCH, 1, false),
                                        sgd,
                                        new ConstantRate(1.0))
                                .withGradientClipping(clip),
                        null);
            }
            // SGD at lr 1: the step is the clipped gradient, g·clip/(‖g‖ + 1e-6), a quarter of g here.
            double scale = clip / (norm + 1e-6);
            for (int i = 0; i < initial.length; i++) {
                assertEquals(initial[i] - scale * gradient[i], clipped[i], 1e-6, "parameter " + i);
            }
            float[] untouched;
            try (Optimizer sgd = Optimizer.sgd(0f)) {
                untouched = trainedParameters(
                        backend,
                        new Trainer(
                                        new TrainingOptions(1, TrainingOptions.FULL_BATCH, 1, false),
                                        sgd,
                                        new ConstantRate(1.0))
                                .withGradientClipping(2 * norm),
                        null);
            }
            for (int i = 0; i < initial.length; i++) {
                assertEquals(
                        initial[i] - gradient[i],
                        untouched[i],
                        1e-6,
                        "a norm under the limit is left alone: parameter " + i);
            }
        }
    }

    private static double largestColumnNorm(Backend backend, float[] params) {
        double largest = 0;
        try (Mlp model = Mlp.create(SPEC, backend, WeightInit.XAVIER_NORMAL, 1)) {
            backend.write(model.parameters(), params, 0);
            for (Tensor w : model.weightMatrices()) {
                float[] v = w.toHost();
                for (int j = 0; j < w.cols(); j++) {
                    double squares = 0;
                    for (int i = 0; i < w.rows(); i++) {
                        squares += (double) v[i * w.cols() + j] * v[i * w.cols() + j];
                    }
                    largest = Math.max(largest, Math.sqrt(squares));
                }
            }
        }
        return largest;
    }

    @Test
    void maxNormKeepsEveryNeuronsIncomingWeightsShort() {
        try (Backend backend = new ReferenceBackend()) {
            float[] free;
            float[] constrained;
            try (Optimizer sgd = Optimizer.sgd(0.9f)) {
                free = trainedParameters(
                        backend, new Trainer(new TrainingOptions(20, 16, 1, true), sgd, new ConstantRate(0.2)), null);
            }
            try (Optimizer sgd = Optimizer.sgd(0.9f)) {
                constrained = trainedParameters(
                        backend,
                        new Trainer(new TrainingOptions(20, 16, 1, true), sgd, new ConstantRate(0.2)).withMaxNorm(0.8),
                        null);
            }
            assertTrue(
                    largestColumnNorm(backend, free) > 1.0, "unconstrained training grows some column past the limit");
            assertTrue(
                    largestColumnNorm(backend, constrained) <= 0.8 * (1 + 1e-6),
                    "largest column norm " + largestColumnNorm(backend, constrained));
        }
    }

    /** A validation set that disagrees with training on every label: its loss rises from the first epoch on. */
    private static Dataset contrary() {
        int[] flipped = train.labels().clone();
        for (int i = 0; i < flipped.length; i++) {
            flipped[i] = 1 - flipped[i];
        }
        return Dataset.classification("flipped", train.features(), train.rows(), train.cols(), flipped, 2);
    }

    @Test
    void earlyStoppingStopsAfterPatienceAndRestoresTheBestEpoch() {
        try (Backend backend = new ReferenceBackend()) {
            float[] afterOneEpoch;
            try (Optimizer sgd = Optimizer.sgd(0.9f)) {
                afterOneEpoch = trainedParameters(
                        backend, new Trainer(new TrainingOptions(1, 16, 1, true), sgd, new ConstantRate(0.1)), null);
            }
            History history;
            float[] restored;
            try (Optimizer sgd = Optimizer.sgd(0.9f);
                    Mlp model = Mlp.create(SPEC, backend, WeightInit.XAVIER_NORMAL, 1);
                    DeviceDataset data = DeviceDataset.upload(backend, train, SPEC.loss());
                    DeviceDataset held = DeviceDataset.upload(backend, contrary(), SPEC.loss())) {
                history = new Trainer(new TrainingOptions(50, 16, 1, true), sgd, new ConstantRate(0.1))
                        .withEarlyStopping(new EarlyStopping(2, 0, true))
                        .fit(model, data, held);
                restored = model.parameters().toHost();
            }
            assertEquals(1, history.bestEpoch());
            assertEquals(3, history.epochs().size(), "epochs 2 and 3 do not improve: stop after 3");
            assertTrue(history.stoppedEarly() && history.restoredBest());
            assertArrayEquals(afterOneEpoch, restored, "the weights of epoch 1, bit for bit");

            float[] kept;
            try (Optimizer sgd = Optimizer.sgd(0.9f)) {
                kept = trainedParameters(
                        backend,
                        new Trainer(new TrainingOptions(50, 16, 1, true), sgd, new ConstantRate(0.1))
                                .withEarlyStopping(new EarlyStopping(2, 0, false)),
                        contrary());
            }
            assertFalse(
                    java.util.Arrays.equals(afterOneEpoch, kept), "without restore the model keeps its last weights");
        }
    }

    @Test
    void earlyStoppingNeedsAValidationSetAndSaneSettings() {
        try (Backend backend = new ReferenceBackend();
                Optimizer sgd = Optimizer.sgd(0f)) {
            Trainer trainer = new Trainer(new TrainingOptions(2, 16, 1, true), sgd, new ConstantRate(0.1))
                    .withEarlyStopping(new EarlyStopping(1, 0, true));
            IllegalArgumentException e =
                    assertThrows(IllegalArgumentException.class, () -> trainedParameters(backend, trainer, null));
            assertTrue(e.getMessage().contains("validation"), e.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> new EarlyStopping(0, 0, true));
        assertThrows(IllegalArgumentException.class, () -> new EarlyStopping(3, -1, true));
        assertThrows(IllegalArgumentException.class, () -> new TrainingOptions(1, -1, 1, true));
    }

    @Test
    void improvementsBelowMinDeltaDoNotCount() {
        // min delta 10 is more than any loss can fall: only epoch 1 (improving on +∞) counts, so the run stops after 1
        // + patience.
        try (Backend backend = new ReferenceBackend();
                Optimizer sgd = Optimizer.sgd(0.9f);
                Mlp model = Mlp.create(SPEC, backend, WeightInit.XAVIER_NORMAL, 1);
                DeviceDataset data = DeviceDataset.upload(backend, train, SPEC.loss());
                DeviceDataset held = DeviceDataset.upload(backend, test, SPEC.loss())) {
            History h = new Trainer(new TrainingOptions(20, 16, 1, true), sgd, new ConstantRate(0.1))
                    .withEarlyStopping(new EarlyStopping(3, 10, false))
                    .fit(model, data, held);
            assertEquals(4, h.epochs().size());
            assertEquals(1, h.bestEpoch());
        }
    }
}
