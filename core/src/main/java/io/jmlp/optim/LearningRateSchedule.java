package io.jmlp.optim;

/** The learning rate for each optimizer step. */
public interface LearningRateSchedule {

    /**
     * The rate for a step.
     *
     * @param epoch         0-based epoch
     * @param step          0-based optimizer step since training began
     * @param stepsPerEpoch steps in one epoch
     */
    double rate(int epoch, long step, int stepsPerEpoch);

    /** Told the validation loss after each epoch; schedules that react to it (reduce on plateau) override this. */
    default void epochEnded(int epoch, double validationLoss) {}
}
