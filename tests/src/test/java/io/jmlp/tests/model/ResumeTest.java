package io.jmlp.tests.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jmlp.backend.Backend;
import io.jmlp.data.Dataset;
import io.jmlp.data.Moons;
import io.jmlp.loss.SoftmaxCrossEntropy;
import io.jmlp.model.Checkpoint;
import io.jmlp.model.ModelMetadata;
import io.jmlp.nn.Mlp;
import io.jmlp.nn.MlpSpec;
import io.jmlp.nn.WeightInit;
import io.jmlp.optim.LearningRateSchedule;
import io.jmlp.optim.Optimizer;
import io.jmlp.optim.StepDecay;
import io.jmlp.tests.TestBackends;
import io.jmlp.train.DeviceDataset;
import io.jmlp.train.Trainer;
import io.jmlp.train.TrainingOptions;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A run interrupted after epoch k (checkpoint written, process state thrown away) and resumed
 * from the checkpoint ends bit-identical to an uninterrupted run: parameters, running statistics
 * and optimizer state, compared as raw floats. Dropout, shuffling, a step schedule and Adam's
 * step count are all in play, so a resume that loses any of them fails.
 */
class ResumeTest {
    static final int EPOCHS = 5;
    static final MlpSpec SPEC = MlpSpec.builder(2)
            .dense(16)
            .batchNorm()
            .relu()
            .dropout(0.2f)
            .dense(8)
            .tanh()
            .dense(2)
            .loss(new SoftmaxCrossEntropy())
            .build();
    static final Dataset DATA = Moons.generate(300, 0.2, 11);
    static final TrainingOptions OPTIONS = new TrainingOptions(EPOCHS, 32, 7, true);

    record Snapshot(float[] parameters, float[] states, List<float[]> optimizerState, long steps) {}

    @ParameterizedTest(name = "{0}, {1}, interrupted after epoch {2}")
    @CsvSource({"reference, adam, 2", "reference, momentum, 1", "cpu, adam, 3", "cpu, momentum, 4"})
    void resumedRunEndsBitIdentical(String backendName, String optimizerName, int interruptedAfter, @TempDir Path dir)
            throws IOException {
        Supplier<Optimizer> optimizer =
                () -> optimizerName.equals("adam") ? Optimizer.adam(0.9f, 0.999f, 1e-8f) : Optimizer.sgd(0.9f);
        Snapshot uninterrupted;
        try (Backend backend = TestBackends.open(backendName);
                Mlp model = Mlp.create(SPEC, backend, WeightInit.XAVIER_NORMAL, 7);
                DeviceDataset train = DeviceDataset.upload(backend, DATA, SPEC.loss());
                Optimizer opt = optimizer.get()) {
            new Trainer(OPTIONS, opt, schedule()).fit(model, train, null);
            uninterrupted = snapshot(model, opt);
        }

        Path checkpoint;
        try (Backend backend = TestBackends.open(backendName);
                Mlp model = Mlp.create(SPEC, backend, WeightInit.XAVIER_NORMAL, 7);
                DeviceDataset train = DeviceDataset.upload(backend, DATA, SPEC.loss());
                Optimizer opt = optimizer.get()) {
            TrainingOptions shorter = new TrainingOptions(interruptedAfter, OPTIONS.batchSize(), OPTIONS.seed(), true);
            new Trainer(shorter, opt, schedule()).fit(model, train, null);
            checkpoint = Checkpoint.saveRotating(
                    dir,
                    2,
                    model,
                    opt,
                    Checkpoint.TrainingState.after(interruptedAfter, opt.steps(), 7, opt.toString(), "step", null),
                    ModelMetadata.of(DATA, null, null, "none"));
        }

        Snapshot resumed;
        try (Backend backend = TestBackends.open(backendName);
                Optimizer opt = optimizer.get();
                Mlp model =
                        Checkpoint.load(Checkpoint.resolve(dir), backend, opt).model();
                DeviceDataset train = DeviceDataset.upload(backend, DATA, SPEC.loss())) {
            assertEquals(checkpoint, Checkpoint.resolve(dir));
            new Trainer(OPTIONS, opt, schedule()).fit(model, train, null, interruptedAfter);
            resumed = snapshot(model, opt);
        }

        assertEquals(uninterrupted.steps(), resumed.steps());
        assertArrayEquals(uninterrupted.parameters(), resumed.parameters(), "parameters");
        assertArrayEquals(uninterrupted.states(), resumed.states(), "running statistics");
        assertEquals(
                uninterrupted.optimizerState().size(), resumed.optimizerState().size());
        for (int i = 0; i < uninterrupted.optimizerState().size(); i++) {
            assertArrayEquals(
                    uninterrupted.optimizerState().get(i),
                    resumed.optimizerState().get(i),
                    "optimizer state " + i);
        }
    }

    private static LearningRateSchedule schedule() {
        return new StepDecay(0.01, 0.5, 2);
    }

    private static Snapshot snapshot(Mlp model, Optimizer optimizer) {
        return new Snapshot(
                model.parameters().toHost(),
                model.states().toHost(),
                optimizer.state().stream().map(t -> t.toHost()).toList(),
                optimizer.steps());
    }
}
