package io.jmlp.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
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
        for (int count : new int[] {1, 7, 8, 15, 16, 17, 33, 300, 1000}) {
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

    /**
     * The block kernels against the plain ones on blocks of rows whose width is not a multiple of the
     * vector (the map kernels then run vectors across row ends, reading the wrapped columns), on
     * column ranges that start and end anywhere (the column kernels' last, overlapping vector), and
     * with {@code dx} aliasing {@code dy}.
     */
    @Test
    void blockKernelsMatchThePlainOnesBitForBit() {
        for (int cols : new int[] {1, 5, 8, 15, 16, 17, 33, 150, 300}) {
            for (int rows : new int[] {1, 3, 10, 40}) {
                int off = 5;
                int total = rows * cols;
                float[] x = random(total + off, 11);
                float[] dy = random(total + off, 12);
                float[] mean = wrapped(random(cols, 13), cols);
                float[] scale = wrapped(random(cols, 14), cols);
                float[] shift = wrapped(random(cols, 15), cols);
                float[] invStd = wrapped(random(cols, 16), cols);
                float[] sumDy = wrapped(random(cols, 17), cols);
                float[] sumDyXhat = wrapped(random(cols, 18), cols);
                String where = rows + " x " + cols;

                float[] y1 = new float[total + off];
                float[] y2 = new float[total + off];
                best.normalize(x, off, mean, scale, shift, y1, off, total, cols);
                plain.normalize(x, off, mean, scale, shift, y2, off, total, cols);
                assertArrayEquals(y2, y1, "normalize " + where);
                int last = total - 1; // the last element's column, written out
                assertEquals(
                        (x[off + last] - mean[last % cols]) * scale[last % cols] + shift[last % cols],
                        y1[off + last],
                        "normalize, last element, " + where);

                float[] dx1 = new float[total + off];
                float[] dx2 = dy.clone();
                float[] dx3 = dy.clone();
                best.batchNormInputGradient(
                        dy, off, x, off, mean, invStd, sumDy, sumDyXhat, scale, 7f, dx1, off, total, cols);
                plain.batchNormInputGradient(
                        dx2, off, x, off, mean, invStd, sumDy, sumDyXhat, scale, 7f, dx2, off, total, cols);
                best.batchNormInputGradient(
                        dx3, off, x, off, mean, invStd, sumDy, sumDyXhat, scale, 7f, dx3, off, total, cols);
                float[] expected = Arrays.copyOfRange(dx2, off, off + total);
                assertArrayEquals(
                        expected, Arrays.copyOfRange(dx1, off, off + total), "batchNormInputGradient " + where);
                assertArrayEquals(
                        expected,
                        Arrays.copyOfRange(dx3, off, off + total),
                        "batchNormInputGradient in place " + where);

                for (int[] range :
                        new int[][] {{0, cols}, {cols / 3, cols}, {0, cols - cols / 4}, {cols / 5, cols / 2}}) {
                    int from = range[0];
                    int to = range[1];
                    String part = where + ", columns " + from + " to " + to;
                    float[] s1 = filled(cols, 9f);
                    float[] s2 = filled(cols, 9f);
                    best.columnSums(x, off, rows, cols, s1, from, to, carry());
                    plain.columnSums(x, off, rows, cols, s2, from, to, carry());
                    assertArrayEquals(s2, s1, "columnSums " + part);
                    if (from < to) {
                        double sum = 0;
                        for (int r = 0; r < rows; r++) {
                            sum += x[off + r * cols + to - 1];
                        }
                        assertEquals(sum, s1[to - 1], 1e-4, "columnSums, last column, " + part);
                    }

                    float[] q1 = filled(cols, 9f);
                    float[] q2 = filled(cols, 9f);
                    best.columnSquaredDeviations(x, off, rows, cols, mean, q1, from, to, carry());
                    plain.columnSquaredDeviations(x, off, rows, cols, mean, q2, from, to, carry());
                    assertArrayEquals(q2, q1, "columnSquaredDeviations " + part);

                    float[] d1 = filled(cols, 9f);
                    float[] e1 = filled(cols, 9f);
                    float[] d2 = filled(cols, 9f);
                    float[] e2 = filled(cols, 9f);
                    best.columnBatchNormSums(
                            dy, off, x, off, mean, 0, invStd, 0, rows, cols, d1, e1, from, to, carry());
                    plain.columnBatchNormSums(
                            dy, off, x, off, mean, 0, invStd, 0, rows, cols, d2, e2, from, to, carry());
                    assertArrayEquals(d2, d1, "columnBatchNormSums, sumDy, " + part);
                    assertArrayEquals(e2, e1, "columnBatchNormSums, sumDyXhat, " + part);
                }
            }
        }
    }

    @Test
    void plainColumnSumsAddEachColumnInRowOrderAndLeaveTheOthers() {
        float[] x = {1f, 2f, 3f, 4f, 5f, 6f}; // 3 rows x 2 columns
        float[] sums = {-1f, -1f};
        plain.columnSums(x, 0, 3, 2, sums, 1, 2, carry());
        assertArrayEquals(new float[] {-1f, 12f}, sums);
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

    private static float[] wrapped(float[] perColumn, int cols) {
        float[] p = Arrays.copyOf(perColumn, cols + RowKernels.WRAP);
        RowKernels.wrap(p, cols);
        return p;
    }

    /** A carry left with garbage in it: the kernels must not read what they did not write. */
    private static float[] carry() {
        return filled(RowKernels.CARRY, Float.NaN);
    }

    private static float[] filled(int n, float value) {
        float[] v = new float[n];
        Arrays.fill(v, value);
        return v;
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
