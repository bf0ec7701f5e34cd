package io.jmlp.train;

/**
 * How {@link Trainer} runs.
 *
 * @param epochs    passes over the training set
 * @param batchSize examples per optimizer step (the last batch of an epoch may be smaller)
 * @param seed      keys the per-epoch shuffles and the dropout masks
 * @param shuffle   draw a new order every epoch (otherwise the data's order, every epoch)
 */
public record TrainingOptions(int epochs, int batchSize, long seed, boolean shuffle) {

    public TrainingOptions {
        if (epochs < 1) {
            throw new IllegalArgumentException("epochs must be >= 1, got " + epochs);
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be >= 1, got " + batchSize);
        }
    }
}
