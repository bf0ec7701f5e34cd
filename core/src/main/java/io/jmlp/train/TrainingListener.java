package io.jmlp.train;

/**
 * Hooks into a training run (progress bars, logging, plots). Called on the training thread; the
 * per-step hook is called without waiting for the device, so it costs nothing.
 */
public interface TrainingListener {

    default void trainingStarted(TrainingPlan plan) {}

    /** After the optimizer step {@code step} (1-based within the epoch) of epoch {@code epoch} (1-based) was queued. */
    default void stepFinished(int epoch, int step, int stepsPerEpoch) {}

    default void epochFinished(EpochRecord record) {}

    default void trainingFinished(History history) {}

    /**
     * What a run is about to do.
     *
     * @param epochs        epochs planned
     * @param stepsPerEpoch optimizer steps per epoch
     * @param trainRows     training examples
     */
    record TrainingPlan(int epochs, int stepsPerEpoch, int trainRows) {}
}
