package io.jmlp.spark;

import io.jmlp.spark.train.DistributedTrainer;
import io.jmlp.train.EpochRecord;
import java.util.List;

/**
 * How a fit went: one record per epoch (train loss and accuracy of the workers, the epoch's wall
 * time) and per round (the Spark job's wall time and the slowest worker's compute inside it).
 * Held by the fitted model; not saved with it.
 */
public record TrainingSummary(
        List<EpochRecord> epochs, List<DistributedTrainer.RoundStats> rounds, int workers, int stepsPerEpoch) {

    static TrainingSummary of(DistributedTrainer.Result result) {
        return new TrainingSummary(result.epochs(), result.rounds(), result.workers(), result.stepsPerEpoch());
    }

    /** Seconds of all rounds. */
    public double roundSeconds() {
        return rounds.stream()
                .mapToDouble(DistributedTrainer.RoundStats::seconds)
                .sum();
    }

    /** Seconds of all rounds not spent in the slowest worker's steps: what Spark cost. */
    public double overheadSeconds() {
        return rounds.stream()
                .mapToDouble(DistributedTrainer.RoundStats::overheadSeconds)
                .sum();
    }
}
