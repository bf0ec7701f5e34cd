package io.jmlp.optim;

/**
 * Linear warm-up in front of any schedule: for the first {@code W} optimizer steps the inner
 * schedule's rate is multiplied by {@code (t + 1)/W} ({@code t} the 0-based step), so the first
 * step runs at 1/W of it and step {@code W − 1} at all of it. The inner schedule keeps its own
 * clock (it is not shifted by the warm-up). {@code W} is given in steps, or in epochs and then
 * rounded to whole steps (at least one).
 */
public record LinearWarmup(LearningRateSchedule inner, double length, boolean inSteps) implements LearningRateSchedule {

    public LinearWarmup {
        if (inner == null) {
            throw new IllegalArgumentException("a warm-up needs a schedule to warm up");
        }
        if (!(length > 0) || !Double.isFinite(length) || (inSteps && length != Math.rint(length))) {
            throw new IllegalArgumentException(
                    "warm-up length must be > 0 epochs or a whole number of steps > 0, got " + length);
        }
    }

    /** Warm-up steps for epochs of {@code stepsPerEpoch} steps. */
    public long warmupSteps(int stepsPerEpoch) {
        return inSteps ? (long) length : Math.max(1, Math.round(length * stepsPerEpoch));
    }

    @Override
    public double rate(int epoch, long step, int stepsPerEpoch) {
        double rate = inner.rate(epoch, step, stepsPerEpoch);
        long steps = warmupSteps(stepsPerEpoch);
        return step < steps ? rate * (step + 1) / steps : rate;
    }

    @Override
    public void epochEnded(int epoch, double monitoredLoss) {
        inner.epochEnded(epoch, monitoredLoss);
    }

    @Override
    public String toString() {
        return inner + ", linear warm-up over " + (inSteps ? (long) length + " steps" : length + " epochs");
    }
}
