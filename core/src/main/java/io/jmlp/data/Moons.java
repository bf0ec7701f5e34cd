package io.jmlp.data;

import io.jmlp.random.Philox;
import io.jmlp.random.PhiloxStream;

/**
 * Two interleaving half circles in 2-D, scikit-learn's {@code make_moons}: the upper moon
 * (label 0) is {@code (cos t, sin t)}, the lower (label 1) {@code (1 − cos t, 0.5 − sin t)} for
 * {@code t} evenly spaced in [0, π], plus Gaussian noise, shuffled.
 */
public final class Moons {
    private Moons() {}

    public static Dataset generate(int n, double noise, long seed) {
        if (n < 4) {
            throw new IllegalArgumentException("moons needs n >= 4 samples, got " + n);
        }
        if (!(noise >= 0)) {
            throw new IllegalArgumentException("moons noise must be >= 0, got " + noise);
        }
        int outer = n / 2;
        int inner = n - outer;
        float[] x = new float[2 * n];
        int[] y = new int[n];
        PhiloxStream rng = new PhiloxStream(seed, Philox.Purpose.SYNTHETIC_DATA, 0);
        int[] order = new PhiloxStream(seed, Philox.Purpose.SYNTHETIC_DATA, 1).permutation(n);
        for (int i = 0; i < n; i++) {
            boolean upper = i < outer;
            int k = upper ? i : i - outer;
            double t = Math.PI * k / ((upper ? outer : inner) - 1);
            double px = upper ? Math.cos(t) : 1 - Math.cos(t);
            double py = upper ? Math.sin(t) : 0.5 - Math.sin(t);
            int row = order[i];
            x[2 * row] = (float) (px + noise * rng.nextGaussian());
            x[2 * row + 1] = (float) (py + noise * rng.nextGaussian());
            y[row] = upper ? 0 : 1;
        }
        return Dataset.classification("moons", x, n, 2, y, 2);
    }
}
