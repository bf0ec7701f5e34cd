package io.jmlp.spark.train;

import io.jmlp.nn.MlpSpec;
import io.jmlp.nn.WeightInit;
import io.jmlp.optim.OptimizerSettings;
import io.jmlp.optim.Schedules;
import java.nio.file.Path;

/**
 * A distributed training run: the network and the usual training menu, plus how the workers
 * synchronise. Held on the driver; the workers get the part they need as a {@link RunSetup}.
 *
 * @param learningRate    the schedule's starting rate
 * @param schedule        a {@link Schedules#parse} form, e.g. {@code step:0.5:2}; evaluated on the driver
 * @param epochs          passes over the data: every worker runs {@code epochs × stepsPerEpoch} steps
 * @param batchSize       examples per step on each worker (0: each worker's whole shard)
 * @param syncEvery       K, the steps each worker takes between two averagings (a round); a round never
 *                        spans two epochs, so epoch-end work (validation, schedules, checkpoints) sees averaged weights
 * @param backend         the backend spec each task opens
 * @param treeDepth       {@code treeAggregate}'s depth (2: Spark's default)
 * @param checkpointDir   where the driver writes a resumable checkpoint every {@code checkpointEvery} epochs (null: none)
 * @param maxSteps        stop after this many steps in all (0: no limit)
 */
public record LocalSgdConfig(
        MlpSpec spec,
        WeightInit init,
        long seed,
        OptimizerSettings optimizer,
        double learningRate,
        String schedule,
        int epochs,
        int batchSize,
        int syncEvery,
        boolean shuffle,
        double clipNorm,
        double maxNorm,
        String backend,
        boolean strict,
        int treeDepth,
        Path checkpointDir,
        int checkpointEvery,
        long maxSteps) {

    public LocalSgdConfig {
        if (epochs < 1) {
            throw new IllegalArgumentException("maxIter (epochs) must be >= 1, got " + epochs);
        }
        if (batchSize < 0) {
            throw new IllegalArgumentException(
                    "blockSize (batch size) must be >= 1, or 0 for the full batch, got " + batchSize);
        }
        if (syncEvery < 1) {
            throw new IllegalArgumentException("syncEvery must be >= 1 step, got " + syncEvery);
        }
        if (treeDepth < 1) {
            throw new IllegalArgumentException("treeDepth must be >= 1, got " + treeDepth);
        }
        if (!(clipNorm >= 0) || !(maxNorm >= 0)) {
            throw new IllegalArgumentException(
                    "clip norm and max norm must be >= 0 (0: off), got " + clipNorm + " and " + maxNorm);
        }
        if (checkpointDir != null && checkpointEvery < 1) {
            throw new IllegalArgumentException(
                    "checkpointEvery must be >= 1 epoch when a checkpoint directory is set, got " + checkpointEvery);
        }
        Schedules.parse(schedule, learningRate); // fail on the driver, naming the value
    }

    /** The seed recipe of {@code jmlp train} (momentum 0.9, lr 0.01 halved every 2 epochs, batch 100, 10 epochs) for {@code spec}. */
    public static LocalSgdConfig defaults(MlpSpec spec) {
        return new LocalSgdConfig(
                spec,
                WeightInit.PYTORCH_DEFAULT,
                1,
                OptimizerSettings.defaults("momentum"),
                0.01,
                "step:0.5:2",
                10,
                100,
                100,
                true,
                0,
                0,
                "auto",
                false,
                2,
                null,
                1,
                0);
    }

    public LocalSgdConfig withEpochs(int newEpochs) {
        return new LocalSgdConfig(
                spec,
                init,
                seed,
                optimizer,
                learningRate,
                schedule,
                newEpochs,
                batchSize,
                syncEvery,
                shuffle,
                clipNorm,
                maxNorm,
                backend,
                strict,
                treeDepth,
                checkpointDir,
                checkpointEvery,
                maxSteps);
    }

    public LocalSgdConfig withSyncEvery(int k) {
        return new LocalSgdConfig(
                spec,
                init,
                seed,
                optimizer,
                learningRate,
                schedule,
                epochs,
                batchSize,
                k,
                shuffle,
                clipNorm,
                maxNorm,
                backend,
                strict,
                treeDepth,
                checkpointDir,
                checkpointEvery,
                maxSteps);
    }

    public LocalSgdConfig withBackend(String spec2) {
        return new LocalSgdConfig(
                spec,
                init,
                seed,
                optimizer,
                learningRate,
                schedule,
                epochs,
                batchSize,
                syncEvery,
                shuffle,
                clipNorm,
                maxNorm,
                spec2,
                strict,
                treeDepth,
                checkpointDir,
                checkpointEvery,
                maxSteps);
    }

    public LocalSgdConfig withCheckpoints(Path dir, int every) {
        return new LocalSgdConfig(
                spec,
                init,
                seed,
                optimizer,
                learningRate,
                schedule,
                epochs,
                batchSize,
                syncEvery,
                shuffle,
                clipNorm,
                maxNorm,
                backend,
                strict,
                treeDepth,
                dir,
                every,
                maxSteps);
    }
}
