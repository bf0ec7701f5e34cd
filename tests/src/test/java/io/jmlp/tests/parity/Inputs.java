package io.jmlp.tests.parity;

import io.jmlp.random.PhiloxStream;

/** Seeded random inputs for parity cases (the same on every run and every backend). */
public final class Inputs {
    private Inputs() {}

    public static float[] uniform(long seed, int n, double lo, double hi) {
        PhiloxStream rng = new PhiloxStream(seed, 0x9A817L);
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) (lo + (hi - lo) * rng.nextDouble());
        }
        return v;
    }

    public static int[] ints(long seed, int n, int bound) {
        PhiloxStream rng = new PhiloxStream(seed, 0x1A7L);
        int[] v = new int[n];
        for (int i = 0; i < n; i++) {
            v[i] = rng.nextInt(bound);
        }
        return v;
    }

    /** Shapes (rows, cols) every elementwise op is tried on: a scalar, odd sizes, a layer's size, a larger odd block. */
    public static final int[][] SHAPES = {{1, 1}, {3, 7}, {100, 300}, {257, 129}};
}
