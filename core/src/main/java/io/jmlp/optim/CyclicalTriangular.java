package io.jmlp.optim;

/**
 * Cyclical learning rate, triangular policy (Smith 2017, "Cyclical Learning Rates for Training
 * Neural Networks"): per step, the rate climbs linearly from {@code base} to {@code max} over
 * {@code halfCycleEpochs} epochs, falls back over as many, and repeats. With {@code t} the 0-based
 * step and {@code s} the half cycle in steps: {@code cycle = ⌊1 + t/2s⌋},
 * {@code x = |t/s − 2·cycle + 1|}, {@code η = base + (max − base)·max(0, 1 − x)}. Smith suggests a
 * half cycle of 2–10 epochs.
 */
public record CyclicalTriangular(double base, double max, double halfCycleEpochs) implements LearningRateSchedule {

    public CyclicalTriangular {
        if (!(base > 0) || !(max > base) || !Double.isFinite(max) || !(halfCycleEpochs > 0)) {
            throw new IllegalArgumentException(
                    "a cyclical rate needs 0 < base < max and a half cycle > 0 epochs; got base " + base + ", max "
                            + max + ", half cycle " + halfCycleEpochs);
        }
    }

    @Override
    public double rate(int epoch, long step, int stepsPerEpoch) {
        double halfCycle = halfCycleEpochs * stepsPerEpoch;
        double cycle = Math.floor(1 + step / (2 * halfCycle));
        double x = Math.abs(step / halfCycle - 2 * cycle + 1);
        return base + (max - base) * Math.max(0, 1 - x);
    }

    @Override
    public String toString() {
        return "cyclical triangular " + base + "↔" + max + ", half cycle " + halfCycleEpochs + " epochs";
    }
}
