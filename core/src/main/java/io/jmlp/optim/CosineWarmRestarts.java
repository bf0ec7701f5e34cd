package io.jmlp.optim;

/**
 * Cosine annealing with warm restarts (SGDR, Loshchilov &amp; Hutter 2017; PyTorch's
 * {@code CosineAnnealingWarmRestarts}): {@code η = ηmin + ½(η0 − ηmin)(1 + cos(π·Tcur/Ti))}, where
 * the first cycle lasts {@code T0} epochs, each next one {@code Tmult} times longer, and
 * {@code Tcur} is the time since the last restart. Per step: {@code Tcur} counts fractional epochs
 * ({@code step / stepsPerEpoch}), so the rate falls smoothly within an epoch.
 */
public record CosineWarmRestarts(double initial, double firstPeriod, double periodFactor, double minimum)
        implements LearningRateSchedule {

    public CosineWarmRestarts {
        if (!(initial > 0)
                || !(firstPeriod > 0)
                || !(periodFactor >= 1)
                || !Double.isFinite(periodFactor)
                || !(minimum >= 0 && minimum < initial)) {
            throw new IllegalArgumentException(
                    "cosine annealing needs initial > 0, T0 > 0 epochs, Tmult >= 1 and " + "0 <= min lr < initial; got "
                            + initial + ", " + firstPeriod + ", " + periodFactor + ", " + minimum);
        }
    }

    @Override
    public double rate(int epoch, long step, int stepsPerEpoch) {
        double sinceRestart = (double) step / stepsPerEpoch;
        double period = firstPeriod;
        if (periodFactor == 1) {
            return minimum + 0.5 * (initial - minimum) * (1 + Math.cos(Math.PI * (sinceRestart % period) / period));
        }
        // Walk cycle by cycle: exact at the restarts, where a closed form via log() can land a hair short.
        while (sinceRestart >= period) {
            sinceRestart -= period;
            period *= periodFactor;
        }
        return minimum + 0.5 * (initial - minimum) * (1 + Math.cos(Math.PI * sinceRestart / period));
    }

    @Override
    public String toString() {
        return "cosine annealing " + initial + "→" + minimum + ", restarts after " + firstPeriod + " epochs ×"
                + periodFactor;
    }
}
