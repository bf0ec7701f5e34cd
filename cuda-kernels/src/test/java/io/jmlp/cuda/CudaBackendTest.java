package io.jmlp.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jmlp.backend.Backend;
import io.jmlp.backend.DType;
import io.jmlp.backend.Tensor;
import io.jmlp.data.DataSources;
import io.jmlp.data.TrainTest;
import io.jmlp.loss.SoftmaxCrossEntropy;
import io.jmlp.nn.Mlp;
import io.jmlp.nn.MlpSpec;
import io.jmlp.nn.WeightInit;
import io.jmlp.optim.ConstantRate;
import io.jmlp.optim.Optimizer;
import io.jmlp.testing.RequiredBackends;
import io.jmlp.train.DeviceDataset;
import io.jmlp.train.History;
import io.jmlp.train.Trainer;
import io.jmlp.train.TrainingOptions;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What only the CUDA backend on a real GPU can show: training from a thread other than the one that
 * opened the backend, out-of-memory errors with their numbers, and freeing at close. Skipped
 * without a usable CUDA device, unless {@code -Djmlp.require} names cuda, where that fails instead.
 * (The op-by-op comparison with the reference is the shared parity suite in the tests module.)
 */
class CudaBackendTest {
    private CudaProvider provider;

    @BeforeEach
    void needsCuda() {
        provider = new CudaProvider();
        RequiredBackends.usableOrSkip("cuda", provider.availability());
    }

    @Test
    void trainsOnAThreadOtherThanTheOneThatOpenedIt() throws Exception {
        TrainTest sets = DataSources.load("moons:n=400", 2);
        MlpSpec spec = MlpSpec.builder(2)
                .dense(32)
                .batchNorm()
                .relu()
                .dropout(0.1f)
                .dense(2)
                .loss(new SoftmaxCrossEntropy())
                .build();
        try (Backend backend = provider.create(0)) {
            ExecutorService other = Executors.newSingleThreadExecutor();
            try {
                Future<Double> accuracy = other.submit(() -> {
                    try (Mlp model = Mlp.create(spec, backend, WeightInit.HE_NORMAL, 3);
                            DeviceDataset train = DeviceDataset.upload(backend, sets.train(), spec.loss());
                            DeviceDataset test = DeviceDataset.upload(backend, sets.test(), spec.loss());
                            Optimizer adam = Optimizer.adam(0.9f, 0.999f, 1e-8f)) {
                        History history = new Trainer(
                                        new TrainingOptions(20, 32, 1, true), adam, new ConstantRate(0.01))
                                .fit(model, train, test);
                        assertFalse(history.epochs().isEmpty());
                        return Trainer.evaluate(model, test, 50).accuracy();
                    }
                });
                assertTrue(accuracy.get() > 0.9, "moons test accuracy " + accuracy.get());
            } finally {
                other.shutdown();
            }
            assertEquals(0, backend.liveBuffers(), "live buffers after closing the model and data");
            try (Tensor t = Tensor.of(backend, 1, 3, new float[] {1, 2, 3})) { // and back on this thread
                assertEquals(14f, sumOfSquares(backend, t));
            }
        }
    }

    private static float sumOfSquares(Backend backend, Tensor t) {
        try (Tensor out = Tensor.zeros(backend, 1, 1)) {
            backend.sumOfSquares(t, out);
            return out.scalar();
        }
    }

    @Test
    void runningOutOfDeviceMemorySaysHowMuchWasAskedForAndIsFree() {
        try (Backend backend = provider.create(0)) {
            long elements = 1L << 40; // 4 TiB of floats: more than any GPU has
            CudaOutOfMemoryException e =
                    assertThrows(CudaOutOfMemoryException.class, () -> backend.allocate(DType.FLOAT32, elements));
            assertEquals(elements * 4, e.requestedBytes());
            assertTrue(e.freeBytes() > 0, e.getMessage());
            assertTrue(e.getMessage().contains("asked for") && e.getMessage().contains("free"), e.getMessage());
            assertEquals(0, backend.liveBuffers());
            try (Tensor ok = Tensor.zeros(backend, 2, 2)) { // the backend still works
                assertEquals(0f, sumOfSquares(backend, ok));
            }
        }
    }

    @Test
    void closingFreesBuffersStillOpenAndDescribesTheDevice() {
        Backend backend = provider.create(0);
        assertTrue(backend.deviceDescription().contains("cuBLAS"), backend.deviceDescription());
        Tensor forgotten = Tensor.zeros(backend, 100, 100);
        assertEquals(1, backend.liveBuffers());
        backend.close();
        assertEquals(0, backend.liveBuffers());
        assertTrue(forgotten.buffer().isClosed());
        backend.close();
    }
}
