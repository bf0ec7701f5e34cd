package io.jmlp.train;

/**
 * Early stopping on the validation loss. An epoch <em>improves</em> when its validation loss is
 * below the best so far by more than {@code minDelta} (the same rule as
 * {@link io.jmlp.optim.ReduceOnPlateau}); training stops after {@code patience} consecutive epochs
 * that do not. With {@code restoreBest}, the model ends with the parameters and batch-norm
 * statistics of its best epoch, whether training stopped early or ran out of epochs (kept in a
 * device-side copy, refreshed on each improvement: no host transfer).
 */
public record EarlyStopping(int patience, double minDelta, boolean restoreBest) {

    public EarlyStopping {
        if (patience < 1) {
            throw new IllegalArgumentException("early-stopping patience must be >= 1 epoch, got " + patience);
        }
        if (!(minDelta >= 0) || !Double.isFinite(minDelta)) {
            throw new IllegalArgumentException("early-stopping min delta must be >= 0, got " + minDelta);
        }
    }
}
