package io.jmlp.spark.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jmlp.backend.Backend;
import io.jmlp.cpu.CpuBackend;
import io.jmlp.data.DataSources;
import io.jmlp.data.Dataset;
import io.jmlp.loss.SoftmaxCrossEntropy;
import io.jmlp.nn.Mlp;
import io.jmlp.nn.MlpSpec;
import io.jmlp.nn.WeightInit;
import io.jmlp.optim.Optimizer;
import io.jmlp.optim.OptimizerSettings;
import io.jmlp.optim.Schedules;
import io.jmlp.spark.SparkTestSession;
import io.jmlp.train.DeviceDataset;
import io.jmlp.train.Trainer;
import io.jmlp.train.TrainingOptions;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Local SGD on Spark against one-machine training: one partition must be exactly {@link Trainer};
 * two partitions exactly two {@link Trainer}s plus averaging, computed in the test's own loop; and
 * a task that fails once and is retried must not change a bit. Every comparison is bit-for-bit
 * (assertArrayEquals on floats compares exactly), all on the cpu backend with one thread (a task's
 * {@code spark.task.cpus}) on both sides.
 */
class DistributedTrainerTest {
    private static final int ROWS = 400;
    private static final int BATCH = 32;
    private static final long SEED = 7;
    private static Dataset data;
    private static JavaSparkContext sc;

    @BeforeAll
    static void setUp() throws Exception {
        Dataset all = DataSources.load("mnist-10k", 1).train();
        int[] first = new int[ROWS];
        for (int i = 0; i < ROWS; i++) {
            first[i] = i;
        }
        data = all.select(first, "digits 400");
        sc = JavaSparkContext.fromSparkContext(SparkTestSession.get().sparkContext());
    }

    @AfterEach
    void disarm() {
        FaultInjection.disarm();
    }

    /** Batch norm (running statistics), dropout (masks keyed by step), momentum (optimizer state). */
    private static MlpSpec network() {
        return MlpSpec.builder(784)
                .dense(16)
                .batchNorm()
                .relu()
                .dropout(0.2f)
                .dense(10)
                .loss(new SoftmaxCrossEntropy())
                .build();
    }

    private static LocalSgdConfig config(int epochs, int syncEvery) {
        return new LocalSgdConfig(
                network(),
                WeightInit.PYTORCH_DEFAULT,
                SEED,
                OptimizerSettings.defaults("momentum"),
                0.05,
                "step:0.5:1",
                epochs,
                BATCH,
                syncEvery,
                true,
                0,
                0,
                "cpu",
                true,
                2,
                null,
                1,
                0);
    }

    private static JavaRDD<Shard> shards(int partitions) {
        List<Shard> list = new ArrayList<>();
        int per = ROWS / partitions;
        for (int p = 0; p < partitions; p++) {
            list.add(Shard.of(p, data, p * per, per));
        }
        return sc.parallelize(list, partitions).cache();
    }

    @Test
    void onePartitionIsExactlyTheOneMachineTrainer() {
        int epochs = 3;
        int stepsPerEpoch = (ROWS + BATCH - 1) / BATCH; // 13, the last batch short
        float[] expected;
        try (Backend backend = new CpuBackend(1);
                Mlp model = Mlp.create(network(), backend, WeightInit.PYTORCH_DEFAULT, SEED);
                DeviceDataset train = DeviceDataset.upload(backend, data, model.loss());
                Optimizer optimizer = OptimizerSettings.defaults("momentum").create()) {
            new Trainer(new TrainingOptions(epochs, BATCH, SEED, true), optimizer, Schedules.parse("step:0.5:1", 0.05))
                    .fit(model, train, null);
            expected = concat(model.parameters().toHost(), model.states().toHost());
        }
        JavaRDD<Shard> one = shards(1);
        // A round per epoch, and rounds of 5 steps that end mid-epoch and mid-permutation: both exactly the trainer.
        for (int syncEvery : new int[] {stepsPerEpoch, 5}) {
            DistributedTrainer.Result result = new DistributedTrainer(config(epochs, syncEvery)).fit(one, null, "test");
            assertEquals(stepsPerEpoch, result.stepsPerEpoch());
            assertEquals((long) epochs * stepsPerEpoch, result.weights().steps());
            assertArrayEquals(
                    expected,
                    concat(result.weights().parameters(), result.weights().states()),
                    "syncEvery " + syncEvery);
        }
        one.unpersist();
    }

    @Test
    void twoPartitionsAreExactlyTwoTrainersAveraged() {
        int epochs = 3;
        int per = ROWS / 2;
        int stepsPerEpoch = (per + BATCH - 1) / BATCH;
        float[] expected = simulate(2, epochs);
        JavaRDD<Shard> two = shards(2);
        DistributedTrainer.Result result = new DistributedTrainer(config(epochs, stepsPerEpoch)).fit(two, null, "test");
        assertEquals(2, result.workers());
        assertArrayEquals(
                expected, concat(result.weights().parameters(), result.weights().states()));
        assertEquals(epochs, result.rounds().size());
        two.unpersist();
    }

    @Test
    void aTaskThatFailsOnceAndIsRetriedChangesNothing() {
        JavaRDD<Shard> two = shards(2);
        LocalSgdConfig cfg = config(2, 4);
        DistributedTrainer.Result clean = new DistributedTrainer(cfg).fit(two, null, "test");
        FaultInjection.failFirstAttempt(3, 1);
        DistributedTrainer.Result retried = new DistributedTrainer(cfg).fit(two, null, "test");
        assertTrue(clean.rounds().size() > 3, "the failing round must exist");
        assertArrayEquals(clean.weights().parameters(), retried.weights().parameters());
        assertArrayEquals(clean.weights().states(), retried.weights().states());
        assertFalse(WorkerCache.size() > 0, "the run's workers are closed when it ends");
        two.unpersist();
    }

    /**
     * The reference: each epoch, each worker is a fresh {@link Trainer} run of exactly that epoch on its
     * half (seeded as {@link RunSetup#workerSeed}), started from the averaged parameters, running
     * statistics and momentum; then the two are averaged in double and rounded to float.
     */
    private static float[] simulate(int workers, int epochs) {
        int per = ROWS / workers;
        int stepsPerEpoch = (per + BATCH - 1) / BATCH;
        RunSetup seeds = new RunSetup(
                "sim",
                "",
                WeightInit.PYTORCH_DEFAULT,
                SEED,
                null,
                BATCH,
                stepsPerEpoch,
                true,
                0,
                0,
                "cpu",
                true,
                false);
        float[] parameters;
        float[] states;
        float[] velocity;
        try (Backend backend = new CpuBackend(1);
                Mlp init = Mlp.create(network(), backend, WeightInit.PYTORCH_DEFAULT, SEED)) {
            parameters = init.parameters().toHost();
            states = init.states().toHost();
            velocity = new float[parameters.length];
        }
        for (int epoch = 0; epoch < epochs; epoch++) {
            List<float[][]> results = new ArrayList<>();
            for (int w = 0; w < workers; w++) {
                Dataset shard = Shard.of(w, data, w * per, per).toDataset();
                try (Backend backend = new CpuBackend(1);
                        Mlp model = Mlp.create(network(), backend, WeightInit.PYTORCH_DEFAULT, SEED);
                        DeviceDataset train = DeviceDataset.upload(backend, shard, model.loss());
                        Optimizer optimizer =
                                OptimizerSettings.defaults("momentum").create()) {
                    backend.write(model.parameters(), parameters, 0);
                    backend.write(model.states(), states, 0);
                    optimizer.restore(backend, (long) epoch * stepsPerEpoch, List.of(velocity));
                    new Trainer(
                                    new TrainingOptions(epoch + 1, BATCH, seeds.workerSeed(w), true),
                                    optimizer,
                                    Schedules.parse("step:0.5:1", 0.05))
                            .fit(model, train, null, epoch);
                    results.add(new float[][] {
                        model.parameters().toHost(),
                        model.states().toHost(),
                        optimizer.state().get(0).toHost()
                    });
                }
            }
            parameters = average(results, 0);
            states = average(results, 1);
            velocity = average(results, 2);
        }
        return concat(parameters, states);
    }

    private static float[] average(List<float[][]> results, int which) {
        float[] out = new float[results.get(0)[which].length];
        for (int i = 0; i < out.length; i++) {
            double sum = 0;
            for (float[][] r : results) {
                sum += r[which][i];
            }
            out[i] = (float) (sum / results.size());
        }
        return out;
    }

    private static float[] concat(float[] a, float[] b) {
        float[] out = new float[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
