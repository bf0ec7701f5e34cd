package io.jmlp.train;

/**
 * How {@link Trainer} runs.
 *
 * @param epochs    passes over the training set
 * @param batchSize examples per optimizer step (the last batch of an epoch may be smaller); {@link #FULL_BATCH}
 *                  (0): the whole training set, one step per epoch (full-batch gradient descent)
 * @param seed      keys the per-epoch shuffles and the dropout masks
 * @param shuffle   draw a new order every epoch (otherwise the data's order, every epoch)
 * @param maxSteps  stop after this many optimizer steps in all (0: no limit), so another framework
 *                  can replay exactly the same updates
 */
public record TrainingOptions(int epochs, int batchSize, long seed, boolean shuffle, long maxSteps) {
    /** The batch size that means "the whole training set". */
    public static final int FULL_BATCH = 0;

    public TrainingOptions {
        if (epochs < 1) {
            throw new IllegalArgumentException("epochs must be >= 1, got " + epochs);
        }
        if (batchSize < 0) {
            throw new IllegalArgumentException("batch size must be >= 1, or 0 for the full batch, got " + batchSize);
        }
        if (maxSteps < 0) {
            throw new IllegalArgumentException("max steps must be >= 0 (0: no limit), got " + maxSteps);
        }
    }

    /** No step limit. */
    public TrainingOptions(int epochs, int batchSize, long seed, boolean shuffle) {
        this(epochs, batchSize, seed, shuffle, 0);
    }

    public TrainingOptions withShuffle(boolean newShuffle) {
        return new TrainingOptions(epochs, batchSize, seed, newShuffle, maxSteps);
    }

    public TrainingOptions withMaxSteps(long newMaxSteps) {
        return new TrainingOptions(epochs, batchSize, seed, shuffle, newMaxSteps);
    }
}
