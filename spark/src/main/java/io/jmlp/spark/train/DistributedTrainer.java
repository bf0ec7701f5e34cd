package io.jmlp.spark.train;

import io.jmlp.backend.Backend;
import io.jmlp.cpu.CpuBackend;
import io.jmlp.data.Dataset;
import io.jmlp.model.Checkpoint;
import io.jmlp.model.ModelMetadata;
import io.jmlp.model.NetworkDescription;
import io.jmlp.nn.Mlp;
import io.jmlp.optim.LearningRateSchedule;
import io.jmlp.optim.Optimizer;
import io.jmlp.optim.Schedules;
import io.jmlp.train.DeviceDataset;
import io.jmlp.train.EpochRecord;
import io.jmlp.train.Evaluation;
import io.jmlp.train.Trainer;
import io.jmlp.train.TrainingDivergedException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.Function2;
import org.apache.spark.broadcast.Broadcast;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Synchronous local SGD with periodic parameter averaging, on Spark. Each round the driver
 * broadcasts the parameters, batch-norm running statistics and optimizer state; every partition
 * runs K = {@code syncEvery} steps on its cached shard ({@link ShardWorker}, on the task's own
 * backend); {@code treeAggregate} sums the workers' states exactly ({@link ExactSum}) and the driver
 * takes their mean as the next round's start. Rounds never span an epoch boundary, so at each
 * epoch's end the driver holds the averaged model: it scores the validation set, steps the schedule
 * and writes the checkpoint there.
 *
 * <p>Deterministic: a round's result depends only on its broadcast input and the shards, and the
 * sum does not depend on the order Spark merges partial results in, so the same seed, data and
 * partitioning give bit-identical parameters — also when a task fails and Spark reruns it. With one
 * partition and the same backend this is exactly {@link Trainer}.
 */
public final class DistributedTrainer {
    private static final Logger log = LoggerFactory.getLogger(DistributedTrainer.class);
    private final LocalSgdConfig config;
    private Consumer<EpochRecord> epochListener = record -> {};
    private Consumer<RoundStats> roundListener = stats -> {};

    public DistributedTrainer(LocalSgdConfig config) {
        this.config = config;
    }

    public DistributedTrainer onEpoch(Consumer<EpochRecord> listener) {
        this.epochListener = listener;
        return this;
    }

    public DistributedTrainer onRound(Consumer<RoundStats> listener) {
        this.roundListener = listener;
        return this;
    }

    /** One round as the driver saw it: its wall time (the Spark job) and the slowest worker's compute time inside it. */
    public record RoundStats(
            int round, int epoch, int steps, int workers, double seconds, double slowestWorkerSeconds) {
        /** What the engine cost this round: broadcast, scheduling, task start, result transfer, the exact sum. */
        public double overheadSeconds() {
            return seconds - slowestWorkerSeconds;
        }
    }

    /** The outcome: the averaged weights, one record per epoch and per round. */
    public record Result(
            TrainedWeights weights,
            List<EpochRecord> epochs,
            List<RoundStats> rounds,
            int workers,
            int stepsPerEpoch) {}

    /**
     * Trains on {@code shards} (one {@link Shard} per non-empty partition; persist them first — the
     * trainer reads them every round), scoring {@code validation} (may be null) on the driver after each epoch.
     */
    public Result fit(JavaRDD<Shard> shards, Dataset validation, String inputPreprocessing) {
        List<Integer> sizes = shards.map(Shard::rows).collect();
        if (sizes.isEmpty()) {
            throw new IllegalArgumentException("the training data has no rows");
        }
        int workers = sizes.size();
        int largest = sizes.stream().mapToInt(Integer::intValue).max().orElseThrow();
        int batch = config.batchSize() == 0 ? largest : Math.min(config.batchSize(), largest);
        int stepsPerEpoch = (largest + batch - 1) / batch;
        String runId = UUID.randomUUID().toString();
        // With its data entry (classes by index, as Spark labels them): a description without one no longer makes a
        // spec.
        NetworkDescription description =
                NetworkDescription.of(config.spec(), ModelMetadata.unnamed(config.spec(), inputPreprocessing));
        RunSetup setup = new RunSetup(
                runId,
                description.toJson(),
                config.init(),
                config.seed(),
                config.optimizer(),
                config.batchSize(),
                stepsPerEpoch,
                config.shuffle(),
                config.clipNorm(),
                config.maxNorm(),
                config.backend(),
                config.strict(),
                config.spec().loss().targets() == io.jmlp.loss.Loss.Targets.VALUES);
        LearningRateSchedule schedule = Schedules.parse(config.schedule(), config.learningRate());
        log.info(
                "local SGD on {} workers (shard rows {}), {} steps per epoch, averaging every {} steps",
                workers,
                sizes,
                stepsPerEpoch,
                config.syncEvery());

        JavaSparkContext sc = JavaSparkContext.fromSparkContext(shards.context());
        Broadcast<RunSetup> setupBroadcast = sc.broadcast(setup);
        List<EpochRecord> epochs = new ArrayList<>();
        List<RoundStats> rounds = new ArrayList<>();
        try (Backend driverBackend = new CpuBackend(1);
                Mlp driverModel = Mlp.create(config.spec(), driverBackend, config.init(), config.seed());
                Optimizer driverOptimizer = config.optimizer().create();
                DeviceDataset validationOnDriver = validation != null
                        ? DeviceDataset.upload(
                                driverBackend, validation, config.spec().loss())
                        : null) {
            StateLayout layout = new StateLayout(
                    Math.toIntExact(driverModel.parameterCount()),
                    Math.toIntExact(driverModel.states().size()),
                    driverOptimizer.kind().stateBuffers());
            // The same initial weights as one-machine training: Mlp.create draws them on the host from (seed, layer).
            float[] parameters = driverModel.parameters().toHost();
            float[] states = driverModel.states().toHost();
            List<float[]> optimizerState = new ArrayList<>();
            for (int b = 0; b < layout.optimizerBuffers(); b++) {
                optimizerState.add(new float[layout.parameters()]);
            }
            long step = 0;
            long stepLimit = config.maxSteps() > 0 ? config.maxSteps() : Long.MAX_VALUE;
            int round = 0;
            for (int epoch = 0; epoch < config.epochs() && step < stepLimit; epoch++) {
                long started = System.nanoTime();
                double epochRate = schedule.rate(epoch, step, stepsPerEpoch);
                double lossSum = 0;
                double correct = 0;
                double rowsSeen = 0;
                long epochEnd = Math.min((long) (epoch + 1) * stepsPerEpoch, stepLimit);
                while (step < epochEnd) {
                    int k = (int) Math.min(config.syncEvery(), epochEnd - step);
                    float[] rates = new float[k];
                    for (int i = 0; i < k; i++) {
                        rates[i] = (float) schedule.rate(epoch, step + i, stepsPerEpoch);
                    }
                    long roundStarted = System.nanoTime();
                    Broadcast<RoundInput> input =
                            sc.broadcast(new RoundInput(round, step, rates, parameters, states, optimizerState));
                    RoundSum sum;
                    try {
                        sum = shards.treeAggregate(
                                RoundSum.empty(layout.length()),
                                trainShard(setupBroadcast, input),
                                RoundSum::merge,
                                config.treeDepth());
                    } finally {
                        input.destroy();
                    }
                    if (sum.workers() != workers) {
                        throw new IllegalStateException(
                                "round " + round + " averaged " + sum.workers() + " workers, expected " + workers);
                    }
                    ExactSum values = sum.values();
                    parameters = layout.meanParameters(values);
                    states = layout.meanStates(values);
                    optimizerState = layout.meanOptimizerState(values);
                    lossSum += layout.lossSum(values);
                    correct += layout.correct(values);
                    rowsSeen += layout.rows(values);
                    RoundStats stats = new RoundStats(
                            round,
                            epoch + 1,
                            k,
                            workers,
                            (System.nanoTime() - roundStarted) / 1e9,
                            sum.slowestWorkerSeconds());
                    rounds.add(stats);
                    roundListener.accept(stats);
                    if (values.exactElements() > 0) {
                        log.debug("round {}: {} elements summed exactly in BigDecimal", round, values.exactElements());
                    }
                    step += k;
                    round++;
                }
                double seconds = (System.nanoTime() - started) / 1e9;
                double trainLoss = lossSum / rowsSeen;
                double trainAccuracy = config.spec().loss().targets() == io.jmlp.loss.Loss.Targets.VALUES
                        ? Double.NaN
                        : correct / rowsSeen;
                driverBackend.write(driverModel.parameters(), parameters, 0);
                driverBackend.write(driverModel.states(), states, 0);
                Evaluation val = validationOnDriver != null
                        ? Trainer.evaluate(driverModel, validationOnDriver, Math.max(batch, 1000))
                        : null;
                EpochRecord record = new EpochRecord(
                        epoch + 1,
                        epochRate,
                        trainLoss,
                        trainAccuracy,
                        val != null ? val.loss() : Double.NaN,
                        val != null ? val.accuracy() : Double.NaN,
                        seconds);
                if (!Double.isFinite(trainLoss)) {
                    throw new TrainingDivergedException("training diverged in epoch " + (epoch + 1)
                            + ": the mean loss is " + trainLoss + " at learning rate " + epochRate
                            + "; lower stepSize, or add batch norm or gradient clipping");
                }
                schedule.epochEnded(epoch, val != null ? val.loss() : trainLoss);
                epochs.add(record);
                epochListener.accept(record);
                if (config.checkpointDir() != null && (epoch + 1) % config.checkpointEvery() == 0) {
                    driverOptimizer.restore(driverBackend, step, optimizerState);
                    checkpoint(driverModel, driverOptimizer, epoch + 1, step, schedule, inputPreprocessing);
                }
            }
            return new Result(
                    new TrainedWeights(description.toJson(), parameters, states, step),
                    epochs,
                    rounds,
                    workers,
                    stepsPerEpoch);
        } finally {
            setupBroadcast.destroy();
            WorkerCache.release(runId); // the executors of local mode; a cluster's evict themselves when idle
        }
    }

    private void checkpoint(
            Mlp model,
            Optimizer optimizer,
            int epochsCompleted,
            long steps,
            LearningRateSchedule schedule,
            String inputPreprocessing) {
        try {
            // The settings that decide the steps besides optimizer and schedule, as a resumed run would have to share
            // them.
            Map<String, String> settings = Map.of(
                    "batch-size",
                    Integer.toString(config.batchSize()),
                    "sync-every",
                    Integer.toString(config.syncEvery()),
                    "shuffle",
                    Boolean.toString(config.shuffle()));
            Checkpoint.saveRotating(
                    config.checkpointDir(),
                    3,
                    model,
                    optimizer,
                    Checkpoint.TrainingState.after(
                            epochsCompleted, steps, config.seed(), optimizer.toString(), schedule.toString(), settings),
                    ModelMetadata.unnamed(model.spec(), inputPreprocessing));
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "could not write the checkpoint of epoch " + epochsCompleted + " under " + config.checkpointDir()
                            + ": " + e.getMessage(),
                    e);
        }
    }

    /**
     * The task side of a round, as {@code treeAggregate}'s sequence op: each partition holds one shard,
     * so the accumulator it meets is the empty zero. Static, so the closure carries only the two broadcasts.
     */
    private static Function2<RoundSum, Shard, RoundSum> trainShard(
            Broadcast<RunSetup> setupBroadcast, Broadcast<RoundInput> input) {
        return (accumulator, shard) -> {
            RunSetup setup = setupBroadcast.value();
            RoundInput round = input.value();
            FaultInjection.beforeRound(round.round(), shard.partition());
            ShardWorker worker = WorkerCache.get(
                    setup.runId(),
                    shard.partition(),
                    () -> new ShardWorker(setup, shard, TaskBackends.open(setup.backend(), setup.strict())));
            long started = System.nanoTime();
            float[] state = worker.runRound(round);
            RoundSum mine = RoundSum.of(state, (System.nanoTime() - started) / 1e9);
            return accumulator.workers() == 0 ? mine : accumulator.merge(mine);
        };
    }
}
