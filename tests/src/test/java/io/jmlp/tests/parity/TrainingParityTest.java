package io.jmlp.tests.parity;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jmlp.backend.Activation;
import io.jmlp.backend.Backend;
import io.jmlp.cpu.ReferenceBackend;
import io.jmlp.data.DataSources;
import io.jmlp.data.Dataset;
import io.jmlp.loss.SoftmaxCrossEntropy;
import io.jmlp.nn.Mlp;
import io.jmlp.nn.MlpSpec;
import io.jmlp.nn.WeightInit;
import io.jmlp.optim.ConstantRate;
import io.jmlp.optim.Optimizer;
import io.jmlp.tests.TestBackends;
import io.jmlp.train.DeviceDataset;
import io.jmlp.train.Trainer;
import io.jmlp.train.TrainingOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Fifty training steps of the seed network (784-300-150-10, batch norm + ReLU, SGD momentum 0.9,
 * batch 100, lr 0.01) on the embedded digits, from the same initial weights over the same batches:
 * every parameter tensor and running statistic must end where the reference's do.
 *
 * <p>How close is close enough is measured, not guessed: the same 50 steps run on the reference
 * twice, with float32 storage and with float64 storage, and the distance between those two is how
 * far float32 rounding alone moves the trajectory. A backend may be 10× that far from the float32
 * reference (per tensor, relative to its largest element), never less than
 * {@link Tolerances#TRAINING_FLOOR}.
 */
@Tag("slow") // full tier only (50 reference steps of the 784-300-150-10 network in double, ~7 s): --fast has
// MenuTrainingParityTest
class TrainingParityTest {
    private static final int STEPS = 50;
    private static final int BATCH = 100;
    private static Dataset subset;
    private static Map<String, float[]> float32;
    private static Map<String, float[]> float64;

    /** The two reference runs, once per test JVM (CpuKernelParityTest uses them too). */
    @BeforeAll
    static synchronized void referenceRuns() throws Exception {
        if (float32 != null) {
            return;
        }
        Dataset train = DataSources.load("mnist-10k", 1).train();
        int[] first = new int[STEPS * BATCH];
        for (int i = 0; i < first.length; i++) {
            first[i] = i;
        }
        subset = train.select(first, "mnist-10k first 5000");
        try (ReferenceBackend f32 = new ReferenceBackend(ReferenceBackend.Precision.FLOAT32);
                ReferenceBackend f64 = new ReferenceBackend(ReferenceBackend.Precision.FLOAT64)) {
            float32 = train(f32);
            float64 = train(f64);
        }
    }

    @AfterAll
    static void report() {
        ParityReport.write();
    }

    /** Trains one epoch of exactly {@link #STEPS} steps; returns every parameter and state tensor by name. */
    private static Map<String, float[]> train(Backend backend) {
        MlpSpec spec =
                MlpSpec.classifier(784, new int[] {300, 150}, 10, Activation.RELU, true, 0f, new SoftmaxCrossEntropy());
        try (Mlp model = Mlp.create(spec, backend, WeightInit.PYTORCH_DEFAULT, 1);
                DeviceDataset data = DeviceDataset.upload(backend, subset, spec.loss());
                Optimizer sgd = Optimizer.sgd(0.9f)) {
            new Trainer(new TrainingOptions(1, BATCH, 1, true), sgd, new ConstantRate(0.01)).fit(model, data, null);
            return ModelTensors.byName(model);
        }
    }

    @ParameterizedTest
    @MethodSource("io.jmlp.tests.TestBackends#names")
    void fiftyStepsOfTheSeedNetworkAgree(String backendName) {
        fiftyStepsAgree(backendName, TestBackends.open(backendName));
    }

    /** The check of {@link #fiftyStepsOfTheSeedNetworkAgree} on a backend opened by the caller, reported as {@code label}; closes it. */
    static void fiftyStepsAgree(String backendName, Backend opened) {
        Map<String, float[]> actual;
        try (Backend backend = opened) {
            actual = train(backend);
        }
        List<String> failures = new ArrayList<>();
        for (Map.Entry<String, float[]> e : float32.entrySet()) {
            String name = e.getKey();
            double drift = ModelTensors.relativeDistance(e.getValue(), float64.get(name));
            double allowed = Math.max(10 * drift, Tolerances.TRAINING_FLOOR.rtol());
            Tolerance tol =
                    Tolerance.normwise(allowed, 0, "10× the float32-vs-float64 drift of the reference (" + drift + ")");
            Comparison.Result result = Comparison.compare(e.getValue(), actual.get(name), tol, null);
            boolean state = name.contains("running");
            ParityReport.record(
                    state ? "training: 50 steps, running statistics" : "training: 50 steps, parameters",
                    backendName,
                    result,
                    Tolerance.normwise(Tolerances.TRAINING_FLOOR.rtol(), 0, "10× measured float32 drift"));
            if (!result.pass()) {
                failures.add(String.format(
                        Locale.ROOT,
                        "%s: relative distance %.3e > allowed %.3e (float32 drift %.3e); %s",
                        name,
                        ModelTensors.relativeDistance(actual.get(name), e.getValue()),
                        allowed,
                        drift,
                        result.worst()));
            }
        }
        assertTrue(failures.isEmpty(), backendName + " after " + STEPS + " steps:\n  " + String.join("\n  ", failures));
    }
}
