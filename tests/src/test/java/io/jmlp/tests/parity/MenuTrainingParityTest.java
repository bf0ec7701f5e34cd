package io.jmlp.tests.parity;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jmlp.backend.Activation;
import io.jmlp.backend.Backend;
import io.jmlp.cpu.ReferenceBackend;
import io.jmlp.data.DataSources;
import io.jmlp.data.Dataset;
import io.jmlp.loss.BinaryCrossEntropy;
import io.jmlp.loss.MeanSquaredError;
import io.jmlp.loss.SoftmaxCrossEntropy;
import io.jmlp.nn.Mlp;
import io.jmlp.nn.MlpSpec;
import io.jmlp.nn.WeightInit;
import io.jmlp.optim.LearningRateSchedule;
import io.jmlp.optim.Optimizer;
import io.jmlp.optim.OptimizerSettings;
import io.jmlp.optim.Schedules;
import io.jmlp.random.PhiloxStream;
import io.jmlp.tests.TestBackends;
import io.jmlp.train.DeviceDataset;
import io.jmlp.train.Trainer;
import io.jmlp.train.TrainingOptions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The training menu composed, a few dozen steps at a time, on every backend against the reference:
 * PReLU (per neuron and shared), dropout, every loss but the hinge (whose kinks make short runs
 * jump; its op parity is in {@link LossParityTest}), the adaptive optimizers with L1/L2 and AdamW's
 * decay, gradient clipping, max-norm, full-batch and single-example steps, per-step schedules with
 * warm-up. Tolerances are measured as in {@link TrainingParityTest}: a backend may be 10× as far
 * from the float32 reference as float64 storage moves the reference itself, never less than
 * {@link Tolerances#TRAINING_FLOOR}.
 */
class MenuTrainingParityTest {

    /** One composed run: the network, how it trains, and on what. */
    record Config(
            String name,
            MlpSpec spec,
            Supplier<Optimizer> optimizer,
            String schedule,
            String warmup,
            double rate,
            int epochs,
            int batch,
            double clipNorm,
            double maxNorm,
            Supplier<Dataset> data) {}

    private static final Map<String, Map<String, float[]>> FLOAT32 = new LinkedHashMap<>();
    private static final Map<String, Map<String, float[]>> FLOAT64 = new LinkedHashMap<>();

    static List<Config> configs() {
        Supplier<Dataset> moons = () -> load("moons:n=250");
        return List.of(
                new Config(
                        "prelu + dropout, adamw + l1/l2, clipping, max-norm, cyclic + warm-up",
                        MlpSpec.builder(2)
                                .dense(16)
                                .prelu(false)
                                .dropout(0.2f)
                                .dense(8)
                                .prelu(true)
                                .dense(2)
                                .loss(new SoftmaxCrossEntropy())
                                .build(),
                        () -> OptimizerSettings.defaults("adamw")
                                .withWeightDecay(0.05f)
                                .withPenalties(1e-3f, 1e-4f)
                                .create(),
                        "cyclic:0.05:1",
                        "5steps",
                        0.005,
                        3,
                        32,
                        0.5,
                        1.5,
                        moons),
                new Config(
                        "batch norm + elu, bce, nesterov + l2, full batch, cosine",
                        MlpSpec.builder(2)
                                .dense(16)
                                .batchNorm()
                                .activation(Activation.elu(0.5f))
                                .dropout(0.1f)
                                .dense(1)
                                .loss(new BinaryCrossEntropy())
                                .build(),
                        () -> OptimizerSettings.defaults("nesterov")
                                .withPenalties(1e-3f, 0f)
                                .create(),
                        "cosine:10:2",
                        "0",
                        0.1,
                        25,
                        TrainingOptions.FULL_BATCH,
                        0,
                        0,
                        moons),
                new Config(
                        "gelu + swish, mse on one-hot, rmsprop, invscaling",
                        MlpSpec.builder(2)
                                .dense(16)
                                .activation(Activation.GELU)
                                .dense(16)
                                .activation(Activation.SWISH)
                                .dense(2)
                                .loss(new MeanSquaredError(true))
                                .build(),
                        () -> OptimizerSettings.defaults("rmsprop").create(),
                        "invscaling:0.5",
                        "0",
                        0.01,
                        3,
                        25,
                        0,
                        0,
                        moons),
                new Config(
                        "softplus + hard-tanh regression, adagrad, batch 1, adaptive",
                        MlpSpec.builder(3)
                                .dense(12)
                                .activation(Activation.SOFTPLUS)
                                .dense(6)
                                .activation(Activation.HARD_TANH)
                                .dense(2)
                                .loss(new MeanSquaredError(false))
                                .build(),
                        () -> OptimizerSettings.defaults("adagrad").create(),
                        "adaptive",
                        "0",
                        0.05,
                        2,
                        1,
                        0,
                        0,
                        MenuTrainingParityTest::regression),
                new Config(
                        "leaky relu + hard-sigmoid + sigmoid, adam + l1, exponential, clipping",
                        MlpSpec.builder(2)
                                .dense(12)
                                .activation(Activation.leakyRelu(0.1f))
                                .dense(12)
                                .activation(Activation.HARD_SIGMOID)
                                .dense(8)
                                .activation(Activation.SIGMOID)
                                .dense(2)
                                .loss(new SoftmaxCrossEntropy())
                                .build(),
                        () -> OptimizerSettings.defaults("adam")
                                .withPenalties(0f, 1e-3f)
                                .create(),
                        "exponential:0.7",
                        "0",
                        0.01,
                        3,
                        20,
                        2.0,
                        0,
                        moons));
    }

    private static Dataset load(String spec) {
        try {
            return DataSources.load(spec, 2).train();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** 60 rows of three inputs and two smooth targets. */
    private static Dataset regression() {
        PhiloxStream rng = new PhiloxStream(3, 5);
        int rows = 60;
        float[] x = new float[rows * 3];
        float[] y = new float[rows * 2];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < 3; j++) {
                x[i * 3 + j] = (float) (2 * rng.nextDouble() - 1);
            }
            y[i * 2] = (float) Math.sin(2 * x[i * 3]);
            y[i * 2 + 1] = x[i * 3 + 1] * x[i * 3 + 2];
        }
        return Dataset.regression("regression", x, rows, 3, y, 2);
    }

    @BeforeAll
    static void referenceRuns() {
        try (ReferenceBackend f32 = new ReferenceBackend(ReferenceBackend.Precision.FLOAT32);
                ReferenceBackend f64 = new ReferenceBackend(ReferenceBackend.Precision.FLOAT64)) {
            for (Config c : configs()) {
                FLOAT32.put(c.name(), train(f32, c));
                FLOAT64.put(c.name(), train(f64, c));
            }
        }
    }

    @AfterAll
    static void report() {
        ParityReport.write();
    }

    private static Map<String, float[]> train(Backend backend, Config c) {
        Dataset data = c.data().get();
        LearningRateSchedule schedule = Schedules.withWarmup(Schedules.parse(c.schedule(), c.rate()), c.warmup());
        try (Mlp model = Mlp.create(c.spec(), backend, WeightInit.XAVIER_UNIFORM, 4);
                DeviceDataset onDevice =
                        DeviceDataset.upload(backend, data, c.spec().loss());
                Optimizer optimizer = c.optimizer().get()) {
            new Trainer(new TrainingOptions(c.epochs(), c.batch(), 4, true), optimizer, schedule)
                    .withGradientClipping(c.clipNorm())
                    .withMaxNorm(c.maxNorm())
                    .fit(model, onDevice, null);
            return ModelTensors.byName(model);
        }
    }

    /** Weights are drawn on the host and uploaded: every scheme starts every backend from the very same bits (biases 0, slopes 0.25). */
    @ParameterizedTest
    @MethodSource("io.jmlp.tests.TestBackends#names")
    void everyInitStartsEveryBackendFromTheSameWeights(String backendName) {
        MlpSpec spec = MlpSpec.builder(5)
                .dense(7)
                .batchNorm()
                .prelu(false)
                .dense(4)
                .prelu(true)
                .dense(3)
                .loss(new SoftmaxCrossEntropy())
                .build();
        List<String> failures = new ArrayList<>();
        try (ReferenceBackend reference = new ReferenceBackend();
                Backend backend = TestBackends.open(backendName)) {
            for (WeightInit init : WeightInit.values()) {
                float[] expected;
                float[] actual;
                try (Mlp a = Mlp.create(spec, reference, init, 11);
                        Mlp b = Mlp.create(spec, backend, init, 11)) {
                    expected = a.parameters().toHost();
                    actual = b.parameters().toHost();
                }
                Comparison.Result result = Comparison.compare(expected, actual, Tolerances.EXACT, null);
                ParityReport.record("initial weights (every WeightInit)", backendName, result, Tolerances.EXACT);
                if (!result.pass()) {
                    failures.add(init + ": " + result.worst());
                }
            }
        }
        assertTrue(failures.isEmpty(), backendName + ": " + failures);
    }

    @ParameterizedTest
    @MethodSource("io.jmlp.tests.TestBackends#names")
    void composedMenuRunsAgree(String backendName) {
        List<String> failures = new ArrayList<>();
        try (Backend backend = TestBackends.open(backendName)) {
            for (Config c : configs()) {
                Map<String, float[]> actual = train(backend, c);
                for (Map.Entry<String, float[]> e : FLOAT32.get(c.name()).entrySet()) {
                    String name = e.getKey();
                    double drift = ModelTensors.relativeDistance(
                            e.getValue(), FLOAT64.get(c.name()).get(name));
                    double allowed = Math.max(10 * drift, Tolerances.TRAINING_FLOOR.rtol());
                    Tolerance tol = Tolerance.normwise(
                            allowed, 0, "10× the float32-vs-float64 drift of the reference (" + drift + ")");
                    Comparison.Result result = Comparison.compare(e.getValue(), actual.get(name), tol, null);
                    ParityReport.record(
                            "training menu: " + c.name(),
                            backendName,
                            result,
                            Tolerance.normwise(Tolerances.TRAINING_FLOOR.rtol(), 0, "10× measured float32 drift"));
                    if (!result.pass()) {
                        failures.add(String.format(
                                Locale.ROOT,
                                "%s, %s: relative distance %.3e > allowed %.3e (float32 drift %.3e); %s",
                                c.name(),
                                name,
                                ModelTensors.relativeDistance(actual.get(name), e.getValue()),
                                allowed,
                                drift,
                                result.worst()));
                    }
                }
            }
        }
        assertTrue(failures.isEmpty(), backendName + ":\n  " + String.join("\n  ", failures));
    }
}
