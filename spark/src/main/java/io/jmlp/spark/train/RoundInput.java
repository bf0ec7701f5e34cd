package io.jmlp.spark.train;

import java.io.Serializable;
import java.util.List;

/**
 * What the driver broadcasts each round: where the round starts, the learning rate of each of its
 * steps (the driver owns the schedule, so workers never disagree about it), and the state every
 * worker starts from — the averaged parameters, batch-norm running statistics and optimizer buffers.
 *
 * @param round     0-based round number
 * @param firstStep the global optimizer step the round starts at (every worker has taken that many)
 * @param rates     one learning rate per step of the round
 */
public record RoundInput(
        int round, long firstStep, float[] rates, float[] parameters, float[] states, List<float[]> optimizerState)
        implements Serializable {

    public int steps() {
        return rates.length;
    }
}
