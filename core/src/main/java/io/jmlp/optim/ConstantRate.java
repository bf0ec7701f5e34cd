package io.jmlp.optim;

/** The same learning rate for every step. */
public record ConstantRate(double rate) implements LearningRateSchedule {

    public ConstantRate {
        if (!(rate > 0) || !Double.isFinite(rate)) {
            throw new IllegalArgumentException("learning rate must be > 0, got " + rate);
        }
    }

    @Override
    public double rate(int epoch, long step, int stepsPerEpoch) {
        return rate;
    }

    @Override
    public String toString() {
        return "constant " + rate;
    }
}
