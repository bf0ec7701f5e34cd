package io.jmlp.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jmlp.backend.Activation;
import io.jmlp.data.Dataset;
import io.jmlp.loss.SoftmaxCrossEntropy;
import io.jmlp.nn.Mlp;
import io.jmlp.nn.MlpSpec;
import io.jmlp.nn.WeightInit;
import io.jmlp.optim.Optimizer;
import io.jmlp.optim.Schedules;
import io.jmlp.train.DeviceDataset;
import io.jmlp.train.Trainer;
import io.jmlp.train.TrainingListener;
import io.jmlp.train.TrainingOptions;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * What a training step asks of the device, counted on the recording queue (no GPU needed): the host
 * waits (downloads, synchronizes) a fixed number of times per epoch, however many steps the epoch
 * has; a step uploads nothing; and every full step queues exactly the same launches, arguments
 * included — the property a CUDA graph of one step needs. Also prints the launches per step.
 */
class TrainingStepOnTheQueueTest {

    private record Run(int waitsPerEpoch, int uploadsPerEpoch, List<List<String>> stepLaunches, int gemmsPerStep) {}

    /** Trains 2 epochs of {@code rows} rows in batches of 10 on a recording queue. */
    private static Run train(int rows, boolean batchNorm, float dropout, double clipNorm, String optimizer) {
        RecordingQueue queue = new RecordingQueue();
        try (CudaBackend backend = new CudaBackend(queue)) {
            MlpSpec spec = MlpSpec.classifier(
                    6, new int[] {8, 5}, 3, Activation.RELU, batchNorm, dropout, new SoftmaxCrossEntropy());
            float[] features = new float[rows * 6];
            int[] labels = new int[rows];
            for (int i = 0; i < rows; i++) {
                labels[i] = i % 3;
            }
            Dataset data = Dataset.classification("synthetic", features, rows, 6, labels, 3);
            try (Mlp model = Mlp.create(spec, backend, WeightInit.HE_NORMAL, 1);
                    DeviceDataset train = DeviceDataset.upload(backend, data, spec.loss());
                    Optimizer opt =
                            optimizer.equals("adam") ? Optimizer.adam(0.9f, 0.999f, 1e-8f) : Optimizer.sgd(0.9f)) {
                List<Integer> waitsAtEpochEnd = new ArrayList<>();
                List<Integer> uploadsAtEpochEnd = new ArrayList<>();
                List<Integer> launchesAtStepEnd = new ArrayList<>();
                List<Integer> gemmsAtStepEnd = new ArrayList<>();
                waitsAtEpochEnd.add(queue.hostWaits);
                uploadsAtEpochEnd.add(queue.uploads);
                Trainer trainer = new Trainer(
                                new TrainingOptions(2, 10, 7, true), opt, Schedules.parse("step:0.5:1", 0.05))
                        .withGradientClipping(clipNorm)
                        .addListener(new TrainingListener() {
                            @Override
                            public void stepFinished(int epoch, int step, int stepsPerEpoch) {
                                launchesAtStepEnd.add(queue.launches.size());
                                gemmsAtStepEnd.add(queue.gemms.size());
                            }

                            @Override
                            public void epochFinished(io.jmlp.train.EpochRecord record) {
                                waitsAtEpochEnd.add(queue.hostWaits);
                                uploadsAtEpochEnd.add(queue.uploads);
                            }
                        });
                trainer.fit(model, train, null);
                // Steps of the second epoch: the first launches after the epoch's set-up are the step's own.
                int steps = launchesAtStepEnd.size() / 2;
                List<List<String>> stepLaunches = new ArrayList<>();
                for (int s = steps + 1; s < 2 * steps; s++) {
                    List<String> launches = new ArrayList<>();
                    for (KernelLaunch l :
                            queue.launches.subList(launchesAtStepEnd.get(s - 1), launchesAtStepEnd.get(s))) {
                        launches.add(l.kernel() + " " + l.geometry() + " " + l.args());
                    }
                    stepLaunches.add(launches);
                }
                int waits = waitsAtEpochEnd.get(2) - waitsAtEpochEnd.get(1);
                int uploads = uploadsAtEpochEnd.get(2) - uploadsAtEpochEnd.get(1);
                return new Run(waits, uploads, stepLaunches, gemmsAtStepEnd.get(steps + 1) - gemmsAtStepEnd.get(steps));
            }
        }
    }

    @ParameterizedTest(name = "batch norm {0}, dropout {1}, clip {2}, {3}")
    @CsvSource({"true, 0, 0, sgd", "false, 0.2, 0, sgd", "true, 0.2, 1, adam"})
    void hostWaitsPerEpochDoNotGrowWithTheStepsAndEveryStepQueuesTheSameLaunches(
            boolean batchNorm, float dropout, double clip, String optimizer) {
        Run short_ = train(40, batchNorm, dropout, clip, optimizer); // 4 steps an epoch
        Run long_ = train(120, batchNorm, dropout, clip, optimizer); // 12 steps an epoch
        assertEquals(short_.waitsPerEpoch(), long_.waitsPerEpoch(), "host waits per epoch, 4 vs 12 steps");
        assertTrue(
                long_.waitsPerEpoch() <= 8,
                "a small constant number of host waits per epoch, got " + long_.waitsPerEpoch());
        assertEquals(
                short_.uploadsPerEpoch(),
                long_.uploadsPerEpoch(),
                "uploads per epoch (permutation, rate table, clock)");
        List<String> first = long_.stepLaunches().get(0);
        for (List<String> step : long_.stepLaunches()) {
            assertEquals(first, step, "a step's launches, arguments included, equal the step before's");
        }
        System.out.printf(
                "batch norm %s, dropout %s, clip %s, %s: %d kernel launches + %d GEMMs per step, %d host waits "
                        + "and %d uploads per epoch%n",
                batchNorm,
                dropout,
                clip,
                optimizer,
                first.size(),
                long_.gemmsPerStep(),
                long_.waitsPerEpoch(),
                long_.uploadsPerEpoch());
    }
}
