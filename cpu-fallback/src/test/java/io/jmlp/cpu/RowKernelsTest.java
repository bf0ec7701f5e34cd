package io.jmlp.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The Vector API loops and the plain ones agree bit for bit (so a JVM without the module trains
 * exactly as one with it), on lengths around the vector width and at unaligned offsets, with the
 * values ReLU must treat as the reference does: NaN, −0, +0.
 */
class RowKernelsTest {
    private final RowKernels best = KernelChoice.auto().rowKernels();
    private final RowKernels plain = new RowKernels.Scalar();

    @Test
    void everyLoopMatchesThePlainOneBitForBit() {
        for (int count : new int[] {1, 7, 8, 15, 16, 17, 33, 300}) {
            int off = 3;
            float[] x = random(count + off, 1);
            x[off] = Float.NaN;
            if (count > 2) {
                x[off + 1] = -0f;
                x[off + 2] = 0f;
            }
            float[] y = random(count + off, 2);
            float[] mean = random(count + off, 3);
            float[] scale = random(count, 4);
            float[] shift = random(count + off, 5);

            assertArrayEquals(
                    run(count, (k, o) -> k.reluForward(x, off, o, off, count)),
                    run(count, (k, o) -> plain.reluForward(x, off, o, off, count)));
            assertArrayEquals(
                    run(count, (k, o) -> k.reluBackward(x, off, y, off, o, off, count)),
                    run(count, (k, o) -> plain.reluBackward(x, off, y, off, o, off, count)));
            assertArrayEquals(
                    run(count, (k, o) -> k.normalize(y, off, mean, off, scale, shift, off, o, off, count)),
                    run(count, (k, o) -> plain.normalize(y, off, mean, off, scale, shift, off, o, off, count)));

            float[] a1 = y.clone();
            float[] a2 = y.clone();
            best.add(a1, off, mean, off, count);
            plain.add(a2, off, mean, off, count);
            assertArrayEquals(a2, a1, "add");

            float[] s1 = scale.clone();
            float[] s2 = scale.clone();
            best.addSquaredDeviation(s1, y, off, mean, count);
            plain.addSquaredDeviation(s2, y, off, mean, count);
            assertArrayEquals(s2, s1, "addSquaredDeviation");

            float[] d1 = scale.clone();
            float[] e1 = scale.clone();
            float[] d2 = scale.clone();
            float[] e2 = scale.clone();
            best.addBatchNormSums(x, off, y, off, mean, off, shift, off, d1, e1, count);
            plain.addBatchNormSums(x, off, y, off, mean, off, shift, off, d2, e2, count);
            assertArrayEquals(d2, d1, "sumDy");
            assertArrayEquals(e2, e1, "sumDyXhat");

            float[] dx1 = new float[count + off];
            float[] dx2 = new float[count + off];
            best.batchNormInputGradient(y, off, x, off, mean, off, shift, off, scale, d1, e1, 100f, dx1, off, count);
            plain.batchNormInputGradient(y, off, x, off, mean, off, shift, off, scale, d1, e1, 100f, dx2, off, count);
            assertArrayEquals(dx2, dx1, "batchNormInputGradient");

            float[] w1 = y.clone();
            float[] v1 = mean.clone();
            float[] w2 = y.clone();
            float[] v2 = mean.clone();
            best.momentum(w1, off, shift, off, v1, off, 0.9f, 0.01f, count);
            plain.momentum(w2, off, shift, off, v2, off, 0.9f, 0.01f, count);
            assertArrayEquals(w2, w1, "momentum w");
            assertArrayEquals(v2, v1, "momentum v");
        }
    }

    @Test
    void reluMapsNaNAndNegativeZeroToPositiveZero() {
        float[] z = {Float.NaN, -0f, 0f, -1f, 2f};
        float[] a = new float[5];
        best.reluForward(z, 0, a, 0, 5);
        assertArrayEquals(new float[] {0f, 0f, 0f, 0f, 2f}, a);
    }

    private interface Loop {
        void run(RowKernels k, float[] out);
    }

    private float[] run(int count, Loop loop) {
        float[] out = new float[count + 3];
        loop.run(best, out);
        return out;
    }

    private static float[] random(int n, long seed) {
        Random rng = new Random(seed);
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = rng.nextFloat() * 4 - 2;
        }
        return v;
    }
}
