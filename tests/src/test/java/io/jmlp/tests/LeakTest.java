package io.jmlp.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jmlp.backend.Backend;
import io.jmlp.data.DataSources;
import io.jmlp.data.TrainTest;
import io.jmlp.loss.SoftmaxCrossEntropy;
import io.jmlp.nn.Mlp;
import io.jmlp.nn.MlpSpec;
import io.jmlp.nn.WeightInit;
import io.jmlp.optim.ConstantRate;
import io.jmlp.optim.Optimizer;
import io.jmlp.train.DeviceDataset;
import io.jmlp.train.Trainer;
import io.jmlp.train.TrainingOptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** After a model, its data and its optimizer are closed, the backend holds no buffers. */
class LeakTest {

    @ParameterizedTest
    @MethodSource("io.jmlp.tests.TestBackends#namesWithReference")
    void trainingLeavesNoLiveBuffers(String backendName) throws Exception {
        TrainTest sets = DataSources.load("moons:n=200", 2);
        MlpSpec spec = MlpSpec.builder(2)
                .dense(16)
                .batchNorm()
                .relu()
                .dropout(0.2f)
                .dense(8)
                .tanh()
                .dense(2)
                .loss(new SoftmaxCrossEntropy())
                .build();
        try (Backend backend = TestBackends.open(backendName)) {
            assertEquals(0, backend.liveBuffers());
            try (Mlp model = Mlp.create(spec, backend, WeightInit.HE_NORMAL, 3);
                    DeviceDataset train = DeviceDataset.upload(backend, sets.train(), spec.loss());
                    DeviceDataset test = DeviceDataset.upload(backend, sets.test(), spec.loss());
                    Optimizer adam = Optimizer.adam(0.9f, 0.999f, 1e-8f)) {
                // Batch 48 leaves a short last batch, and evaluation uses bigger ones: workspaces grow.
                new Trainer(new TrainingOptions(2, 48, 1, true), adam, new ConstantRate(0.01)).fit(model, train, test);
                Trainer.evaluate(model, test, 7);
            }
            assertEquals(0, backend.liveBuffers(), "live buffers after closing everything");
        }
    }
}
