package io.jmlp.random;

/**
 * Sequential draws from one Philox stream, for the host-side randomness (weight init, shuffles,
 * splits, synthetic data). Draw {@code n} is {@link Philox#word(long, long, long)} with the same
 * seed and stream, so any draw can be recomputed without replaying the ones before it.
 */
public final class PhiloxStream {
    private final long seed;
    private final long stream;
    private long next;
    private int[] block;
    private double spareGaussian = Double.NaN;

    public PhiloxStream(long seed, long stream) {
        this.seed = seed;
        this.stream = stream;
    }

    public PhiloxStream(long seed, Philox.Purpose purpose, long index) {
        this(seed, Philox.stream(purpose, index));
    }

    /** The next 32 random bits. */
    public int nextInt() {
        long n = next++;
        if ((n & 3) == 0 || block == null) {
            block = Philox.block(
                    (int) (n >>> 2), (int) (n >>> 34), (int) stream, (int) (stream >>> 32), (int) seed, (int)
                            (seed >>> 32));
        }
        return block[(int) (n & 3)];
    }

    /** Uniform in {@code [0, bound)} without modulo bias (Lemire's multiply-and-reject). */
    public int nextInt(int bound) {
        if (bound <= 0) {
            throw new IllegalArgumentException("bound must be > 0, got " + bound);
        }
        long m = (nextInt() & 0xFFFFFFFFL) * bound;
        long low = m & 0xFFFFFFFFL;
        if (low < bound) {
            long threshold = (0x100000000L - bound) % bound;
            while (low < threshold) {
                m = (nextInt() & 0xFFFFFFFFL) * bound;
                low = m & 0xFFFFFFFFL;
            }
        }
        return (int) (m >>> 32);
    }

    /** Uniform in {@code [0, 1)} with 53 random bits. */
    public double nextDouble() {
        long hi = (nextInt() & 0xFFFFFFFFL) >>> 5; // 27 bits
        long lo = (nextInt() & 0xFFFFFFFFL) >>> 6; // 26 bits
        return ((hi << 26) | lo) * 0x1.0p-53;
    }

    /** Standard normal, by the Box–Muller transform (pairs, the second kept for the next call). */
    public double nextGaussian() {
        if (!Double.isNaN(spareGaussian)) {
            double g = spareGaussian;
            spareGaussian = Double.NaN;
            return g;
        }
        double u1 = 1.0 - nextDouble(); // (0, 1], so log is finite
        double u2 = nextDouble();
        double r = Math.sqrt(-2.0 * Math.log(u1));
        spareGaussian = r * Math.sin(2.0 * Math.PI * u2);
        return r * Math.cos(2.0 * Math.PI * u2);
    }

    /** A uniformly random permutation of {@code 0 … n−1} (Fisher–Yates). */
    public int[] permutation(int n) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }
}
