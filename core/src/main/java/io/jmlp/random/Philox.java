package io.jmlp.random;

/**
 * Philox4x32-10 (Salmon et al., "Parallel random numbers: as easy as 1, 2, 3", SC'11), the
 * counter-based generator every backend shares. A 128-bit counter and a 64-bit key map to four
 * 32-bit words with no state in between, so element {@code e} of a dropout mask can be drawn
 * independently on any device and come out bit-identical to this Java version.
 *
 * <p>Conventions (the CUDA and OpenCL kernels reproduce them exactly):
 * <ul>
 *   <li>key = (low 32 bits of seed, high 32 bits of seed);</li>
 *   <li>draw {@code n} of a stream uses counter ({@code n >>> 2} low, {@code n >>> 34}, stream low,
 *       stream high) and takes word {@code n & 3};</li>
 *   <li>streams separate purposes: {@link #stream(Purpose, long)}.</li>
 * </ul>
 */
public final class Philox {
    private static final int M0 = 0xD2511F53;
    private static final int M1 = 0xCD9E8D57;
    private static final int W0 = 0x9E3779B9;
    private static final int W1 = 0xBB67AE85;
    private static final int ROUNDS = 10;

    /** What a stream of random numbers is for; part of the stream id so purposes never share numbers. */
    public enum Purpose {
        WEIGHT_INIT(1),
        SHUFFLE(2),
        DROPOUT(3),
        SPLIT(4),
        SYNTHETIC_DATA(5),
        SEARCH(6);

        private final long tag;

        Purpose(long tag) {
            this.tag = tag;
        }
    }

    private Philox() {}

    /** The stream id for {@code purpose} and an index within it (layer, epoch, step…), index &lt; 2⁴⁸. */
    public static long stream(Purpose purpose, long index) {
        if (index < 0 || index >= (1L << 48)) {
            throw new IllegalArgumentException("stream index must be in [0, 2^48), got " + index);
        }
        return (purpose.tag << 48) | index;
    }

    /** One Philox4x32-10 block: the four output words for counter (c0..c3) and key (k0, k1). */
    public static int[] block(int c0, int c1, int c2, int c3, int k0, int k1) {
        for (int round = 0; round < ROUNDS; round++) {
            if (round > 0) {
                k0 += W0;
                k1 += W1;
            }
            long p0 = (M0 & 0xFFFFFFFFL) * (c0 & 0xFFFFFFFFL);
            long p1 = (M1 & 0xFFFFFFFFL) * (c2 & 0xFFFFFFFFL);
            int hi0 = (int) (p0 >>> 32);
            int lo0 = (int) p0;
            int hi1 = (int) (p1 >>> 32);
            int lo1 = (int) p1;
            c0 = hi1 ^ c1 ^ k0;
            c1 = lo1;
            c2 = hi0 ^ c3 ^ k1;
            c3 = lo0;
        }
        return new int[] {c0, c1, c2, c3};
    }

    /** Draw {@code n} of stream {@code stream} under {@code seed}, as an unsigned 32-bit value in an int. */
    public static int word(long seed, long stream, long n) {
        int[] out = block((int) (n >>> 2), (int) (n >>> 34), (int) stream, (int) (stream >>> 32), (int) seed, (int)
                (seed >>> 32));
        return out[(int) (n & 3)];
    }

    /**
     * The 24-bit threshold below which dropout drops: element {@code e} is kept when
     * {@code (word >>> 8) >= threshold}, i.e. when the uniform {@code (word >>> 8)·2⁻²⁴} is {@code >= p}.
     * An integer comparison, so no backend can round it differently.
     */
    public static int dropoutThreshold(float p) {
        return (int) Math.ceil((double) p * (1 << 24));
    }

    /** The scale 1/(1−p) applied to kept elements, rounded to float once on the host. */
    public static float dropoutScale(float p) {
        return (float) (1.0 / (1.0 - p));
    }

    /** Whether dropout keeps element {@code e} for this seed, stream and probability. */
    public static boolean dropoutKeeps(long seed, long stream, long e, float p) {
        return (word(seed, stream, e) >>> 8) >= dropoutThreshold(p);
    }
}
