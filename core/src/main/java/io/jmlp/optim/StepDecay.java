package io.jmlp.optim;

/**
 * Step decay: {@code initial · factor^⌊epoch / every⌋}; the seed network's schedule is
 * {@code StepDecay(0.01, 0.5, 2)}, the rate halved every two epochs.
 */
public record StepDecay(double initial, double factor, int every) implements LearningRateSchedule {

    public StepDecay {
        if (!(initial > 0) || !(factor > 0 && factor <= 1) || every < 1) {
            throw new IllegalArgumentException("step decay needs initial > 0, factor in (0, 1] and every >= 1; got "
                    + initial + ", " + factor + ", " + every);
        }
    }

    @Override
    public double rate(int epoch, long step, int stepsPerEpoch) {
        return initial * Math.pow(factor, epoch / every);
    }

    @Override
    public String toString() {
        return "step decay " + initial + " ×" + factor + " every " + every + " epoch" + (every == 1 ? "" : "s");
    }
}
