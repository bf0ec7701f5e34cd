package io.jmlp.optim;

/**
 * Reduce on plateau (scikit-learn's {@code adaptive}, PyTorch's {@code ReduceLROnPlateau} in
 * absolute-threshold mode). An epoch <em>improves</em> when its monitored loss (the validation loss,
 * or the training loss when there is no validation set) is below the best loss so far by more than
 * {@code minDelta}; the best loss then becomes that loss. After {@code patience} consecutive
 * epochs that do not improve, the rate is multiplied by {@code factor} (0.2: divided by 5, as
 * scikit-learn does) from the next epoch on, and the count starts again. The rate changes only
 * between epochs.
 *
 * <p>Stateful: the rate so far lives here, not in (epoch, step). A run resumed from a checkpoint
 * starts this schedule afresh at the initial rate.
 */
public final class ReduceOnPlateau implements LearningRateSchedule {
    public static final double DEFAULT_FACTOR = 0.2;
    public static final int DEFAULT_PATIENCE = 2;
    public static final double DEFAULT_MIN_DELTA = 1e-4;

    private final double initial;
    private final double factor;
    private final int patience;
    private final double minDelta;
    private double current;
    private double best = Double.POSITIVE_INFINITY;
    private int epochsWithoutImprovement;

    public ReduceOnPlateau(double initial, double factor, int patience, double minDelta) {
        if (!(initial > 0) || !(factor > 0 && factor < 1) || patience < 1 || !(minDelta >= 0)) {
            throw new IllegalArgumentException(
                    "reduce on plateau needs initial > 0, factor in (0, 1), patience >= 1 and " + "min delta >= 0; got "
                            + initial + ", " + factor + ", " + patience + ", " + minDelta);
        }
        this.initial = initial;
        this.factor = factor;
        this.patience = patience;
        this.minDelta = minDelta;
        this.current = initial;
    }

    @Override
    public double rate(int epoch, long step, int stepsPerEpoch) {
        return current;
    }

    @Override
    public void epochEnded(int epoch, double monitoredLoss) {
        if (monitoredLoss < best - minDelta) {
            best = monitoredLoss;
            epochsWithoutImprovement = 0;
            return;
        }
        epochsWithoutImprovement++;
        if (epochsWithoutImprovement >= patience) {
            current *= factor;
            epochsWithoutImprovement = 0;
        }
    }

    @Override
    public String toString() {
        return "reduce on plateau " + initial + " ×" + factor + " after " + patience
                + " epochs without a loss improvement > " + minDelta;
    }
}
