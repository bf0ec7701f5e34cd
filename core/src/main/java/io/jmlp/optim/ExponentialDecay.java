package io.jmlp.optim;

/** Exponential decay per epoch: {@code initial · gamma^epoch} (PyTorch's {@code ExponentialLR}). */
public record ExponentialDecay(double initial, double gamma) implements LearningRateSchedule {

    public ExponentialDecay {
        if (!(initial > 0) || !(gamma > 0 && gamma <= 1)) {
            throw new IllegalArgumentException(
                    "exponential decay needs initial > 0 and gamma in (0, 1]; got " + initial + ", " + gamma);
        }
    }

    @Override
    public double rate(int epoch, long step, int stepsPerEpoch) {
        return initial * Math.pow(gamma, epoch);
    }

    @Override
    public String toString() {
        return "exponential decay " + initial + " ×" + gamma + " per epoch";
    }
}
