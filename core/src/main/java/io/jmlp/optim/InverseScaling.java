package io.jmlp.optim;

/**
 * Inverse scaling {@code initial / t^power}, with {@code t} the 1-based optimizer step, so the
 * first step runs at {@code initial}. This is scikit-learn's {@code invscaling} as
 * {@code SGDClassifier} applies it (one update per sample there, one per mini-batch here);
 * scikit-learn's {@code MLPClassifier} counts samples instead and updates the rate once per epoch,
 * which with batch size 1 reaches the same rates.
 */
public record InverseScaling(double initial, double power) implements LearningRateSchedule {

    public InverseScaling {
        if (!(initial > 0) || !(power >= 0) || !Double.isFinite(power)) {
            throw new IllegalArgumentException(
                    "inverse scaling needs initial > 0 and power >= 0; got " + initial + ", " + power);
        }
    }

    @Override
    public double rate(int epoch, long step, int stepsPerEpoch) {
        return initial / Math.pow(step + 1, power);
    }

    @Override
    public String toString() {
        return "inverse scaling " + initial + " / t^" + power;
    }
}
