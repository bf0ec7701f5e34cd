package io.jmlp.spark.train;

import io.jmlp.loss.Loss;
import io.jmlp.loss.MeanSquaredError;
import io.jmlp.model.NetworkDescription;
import io.jmlp.nn.MlpSpec;
import io.jmlp.nn.WeightInit;
import io.jmlp.optim.OptimizerSettings;
import java.io.Serializable;

/**
 * What every worker of one distributed training needs to know, fixed for the whole run and
 * broadcast once: the network (as its {@code model.json} text), the optimizer, the batch size and
 * the seed, the per-step extras, and which backend a task opens.
 *
 * @param runId          names the run in the executors' {@link WorkerCache}
 * @param network        the network as {@link NetworkDescription#toJson()} writes it
 * @param batchSize      examples per step on each worker; 0: the worker's whole shard (full batch)
 * @param stepsPerEpoch  optimizer steps per epoch on every worker (the largest shard's)
 * @param clipNorm       gradient-norm clipping per step on each worker (0: off)
 * @param maxNorm        max-norm constraint per step on each worker (0: off)
 * @param backend        the backend spec each task opens ({@code auto}, {@code cpu}, {@code cuda}, …)
 * @param valueTargets   the loss compares with regression values; {@code model.json} names the loss
 *                       ({@code mse}) but not whether it means values or one-hot rows, so it is said here
 */
public record RunSetup(
        String runId,
        String network,
        WeightInit init,
        long seed,
        OptimizerSettings optimizer,
        int batchSize,
        int stepsPerEpoch,
        boolean shuffle,
        double clipNorm,
        double maxNorm,
        String backend,
        boolean strict,
        boolean valueTargets)
        implements Serializable {

    /** Separates the workers' random streams; partition 0 keeps the run's seed, so one worker is exactly one-machine training. */
    private static final long WORKER_SEED_STRIDE = 0x9E3779B97F4A7C15L;

    public MlpSpec spec() {
        MlpSpec spec = NetworkDescription.fromJson(network).toSpec();
        if (valueTargets && spec.loss().targets() != Loss.Targets.VALUES) {
            if (!(spec.loss() instanceof MeanSquaredError)) {
                throw new IllegalArgumentException(
                        "regression trains with mse, not " + spec.loss().name());
            }
            return new MlpSpec(spec.inputSize(), spec.layers(), new MeanSquaredError(false));
        }
        return spec;
    }

    /**
     * The seed of partition {@code p}'s shuffles and dropout masks: {@code seed + p·φ·2⁶⁴} (the golden-ratio
     * stride of SplitMix), so workers draw different masks and orders, and partition 0 draws exactly
     * what {@code jmlp train --seed seed} draws.
     */
    public long workerSeed(int partition) {
        return seed + partition * WORKER_SEED_STRIDE;
    }
}
