package io.jmlp.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link RowKernels} on the Vector API: whole vectors first, then the last {@code count mod L}
 * elements by the plain loops, which compute exactly what the vector lanes do (separate multiply
 * and add, never a fused one, so both halves round alike). Only loaded when the module is present.
 */
final class VectorRowKernels implements RowKernels {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();

    static {
        if (L > WRAP) {
            throw new IllegalStateException(L + "-lane vectors need per-column arrays wrapped further than " + WRAP);
        }
    }

    private final RowKernels.Scalar tail = new RowKernels.Scalar();

    @Override
    public void reluForward(float[] z, int zOff, float[] a, int aOff, int count) {
        FloatVector zero = FloatVector.zero(S);
        int e = 0;
        for (; e <= count - L; e += L) {
            FloatVector v = FloatVector.fromArray(S, z, zOff + e);
            VectorMask<Float> positive = v.compare(VectorOperators.GT, 0f);
            zero.blend(v, positive).intoArray(a, aOff + e);
        }
        tail.reluForward(z, zOff + e, a, aOff + e, count - e);
    }

    @Override
    public void reluBackward(float[] z, int zOff, float[] da, int daOff, float[] dz, int dzOff, int count) {
        FloatVector zero = FloatVector.zero(S);
        int e = 0;
        for (; e <= count - L; e += L) {
            VectorMask<Float> positive = FloatVector.fromArray(S, z, zOff + e).compare(VectorOperators.GT, 0f);
            FloatVector.fromArray(S, da, daOff + e)
                    .mul(zero.blend(1f, positive))
                    .intoArray(dz, dzOff + e);
        }
        tail.reluBackward(z, zOff + e, da, daOff + e, dz, dzOff + e, count - e);
    }

    @Override
    public void add(float[] x, int xOff, float[] y, int yOff, int count) {
        int e = 0;
        for (; e <= count - L; e += L) {
            FloatVector.fromArray(S, x, xOff + e)
                    .add(FloatVector.fromArray(S, y, yOff + e))
                    .intoArray(x, xOff + e);
        }
        tail.add(x, xOff + e, y, yOff + e, count - e);
    }

    // The column kernels keep each column's running sum in a register across the rows (one load per
    // element, no load/store of the sums per row) and take four (two) vectors of columns at once so
    // that four (two) chains of adds are in flight. A last partial vector of columns is summed as the
    // vector ending at `to`, overlapping the one before it: each lane is one column summed in row
    // order from zero, so the overlapped columns come out the same bits and are stored twice.

    @Override
    public void columnSums(float[] x, int xOff, int rows, int cols, float[] sums, int from, int to) {
        if (to - from < L) {
            tail.columnSums(x, xOff, rows, cols, sums, from, to);
            return;
        }
        int j = from;
        for (; j <= to - 4 * L; j += 4 * L) {
            FloatVector s0 = FloatVector.zero(S);
            FloatVector s1 = s0;
            FloatVector s2 = s0;
            FloatVector s3 = s0;
            for (int r = 0, at = xOff + j; r < rows; r++, at += cols) {
                s0 = s0.add(FloatVector.fromArray(S, x, at));
                s1 = s1.add(FloatVector.fromArray(S, x, at + L));
                s2 = s2.add(FloatVector.fromArray(S, x, at + 2 * L));
                s3 = s3.add(FloatVector.fromArray(S, x, at + 3 * L));
            }
            s0.intoArray(sums, j);
            s1.intoArray(sums, j + L);
            s2.intoArray(sums, j + 2 * L);
            s3.intoArray(sums, j + 3 * L);
        }
        for (; j < to; j += L) {
            int c = Math.min(j, to - L);
            FloatVector s0 = FloatVector.zero(S);
            for (int r = 0, at = xOff + c; r < rows; r++, at += cols) {
                s0 = s0.add(FloatVector.fromArray(S, x, at));
            }
            s0.intoArray(sums, c);
        }
    }

    @Override
    public void columnSquaredDeviations(
            float[] x, int xOff, int rows, int cols, float[] mean, float[] squares, int from, int to) {
        if (to - from < L) {
            tail.columnSquaredDeviations(x, xOff, rows, cols, mean, squares, from, to);
            return;
        }
        int j = from;
        for (; j <= to - 4 * L; j += 4 * L) {
            FloatVector m0 = FloatVector.fromArray(S, mean, j);
            FloatVector m1 = FloatVector.fromArray(S, mean, j + L);
            FloatVector m2 = FloatVector.fromArray(S, mean, j + 2 * L);
            FloatVector m3 = FloatVector.fromArray(S, mean, j + 3 * L);
            FloatVector s0 = FloatVector.zero(S);
            FloatVector s1 = s0;
            FloatVector s2 = s0;
            FloatVector s3 = s0;
            for (int r = 0, at = xOff + j; r < rows; r++, at += cols) {
                FloatVector d0 = FloatVector.fromArray(S, x, at).sub(m0);
                FloatVector d1 = FloatVector.fromArray(S, x, at + L).sub(m1);
                FloatVector d2 = FloatVector.fromArray(S, x, at + 2 * L).sub(m2);
                FloatVector d3 = FloatVector.fromArray(S, x, at + 3 * L).sub(m3);
                s0 = s0.add(d0.mul(d0));
                s1 = s1.add(d1.mul(d1));
                s2 = s2.add(d2.mul(d2));
                s3 = s3.add(d3.mul(d3));
            }
            s0.intoArray(squares, j);
            s1.intoArray(squares, j + L);
            s2.intoArray(squares, j + 2 * L);
            s3.intoArray(squares, j + 3 * L);
        }
        for (; j < to; j += L) {
            int c = Math.min(j, to - L);
            FloatVector m0 = FloatVector.fromArray(S, mean, c);
            FloatVector s0 = FloatVector.zero(S);
            for (int r = 0, at = xOff + c; r < rows; r++, at += cols) {
                FloatVector d0 = FloatVector.fromArray(S, x, at).sub(m0);
                s0 = s0.add(d0.mul(d0));
            }
            s0.intoArray(squares, c);
        }
    }

    @Override
    public void columnBatchNormSums(
            float[] dy,
            int dyOff,
            float[] x,
            int xOff,
            float[] mean,
            int meanOff,
            float[] invStd,
            int invOff,
            int rows,
            int cols,
            float[] sumDy,
            float[] sumDyXhat,
            int from,
            int to) {
        if (to - from < L) {
            tail.columnBatchNormSums(
                    dy, dyOff, x, xOff, mean, meanOff, invStd, invOff, rows, cols, sumDy, sumDyXhat, from, to);
            return;
        }
        int j = from;
        for (; j <= to - 2 * L; j += 2 * L) {
            FloatVector m0 = FloatVector.fromArray(S, mean, meanOff + j);
            FloatVector m1 = FloatVector.fromArray(S, mean, meanOff + j + L);
            FloatVector i0 = FloatVector.fromArray(S, invStd, invOff + j);
            FloatVector i1 = FloatVector.fromArray(S, invStd, invOff + j + L);
            FloatVector d0 = FloatVector.zero(S);
            FloatVector d1 = d0;
            FloatVector p0 = d0;
            FloatVector p1 = d0;
            for (int r = 0, dyAt = dyOff + j, xAt = xOff + j; r < rows; r++, dyAt += cols, xAt += cols) {
                FloatVector g0 = FloatVector.fromArray(S, dy, dyAt);
                FloatVector g1 = FloatVector.fromArray(S, dy, dyAt + L);
                d0 = d0.add(g0);
                d1 = d1.add(g1);
                p0 = p0.add(g0.mul(FloatVector.fromArray(S, x, xAt).sub(m0).mul(i0)));
                p1 = p1.add(g1.mul(FloatVector.fromArray(S, x, xAt + L).sub(m1).mul(i1)));
            }
            d0.intoArray(sumDy, j);
            d1.intoArray(sumDy, j + L);
            p0.intoArray(sumDyXhat, j);
            p1.intoArray(sumDyXhat, j + L);
        }
        for (; j < to; j += L) {
            int c = Math.min(j, to - L);
            FloatVector m0 = FloatVector.fromArray(S, mean, meanOff + c);
            FloatVector i0 = FloatVector.fromArray(S, invStd, invOff + c);
            FloatVector d0 = FloatVector.zero(S);
            FloatVector p0 = d0;
            for (int r = 0, dyAt = dyOff + c, xAt = xOff + c; r < rows; r++, dyAt += cols, xAt += cols) {
                FloatVector g0 = FloatVector.fromArray(S, dy, dyAt);
                d0 = d0.add(g0);
                p0 = p0.add(g0.mul(FloatVector.fromArray(S, x, xAt).sub(m0).mul(i0)));
            }
            d0.intoArray(sumDy, c);
            p0.intoArray(sumDyXhat, c);
        }
    }

    // The map kernels run over a block of rows as one contiguous run, the column index c following
    // the position; a vector that crosses into the next row reads the wrapped columns past `count`.

    @Override
    public void normalize(
            float[] x,
            int xOff,
            float[] mean,
            float[] scale,
            float[] shift,
            float[] y,
            int yOff,
            int total,
            int count) {
        int e = 0;
        int c = 0;
        for (; e <= total - L; e += L) {
            FloatVector.fromArray(S, x, xOff + e)
                    .sub(FloatVector.fromArray(S, mean, c))
                    .mul(FloatVector.fromArray(S, scale, c))
                    .add(FloatVector.fromArray(S, shift, c))
                    .intoArray(y, yOff + e);
            c = nextColumn(c, count);
        }
        for (; e < total; e++, c = c + 1 == count ? 0 : c + 1) {
            y[yOff + e] = (x[xOff + e] - mean[c]) * scale[c] + shift[c];
        }
    }

    @Override
    public void batchNormInputGradient(
            float[] dy,
            int dyOff,
            float[] x,
            int xOff,
            float[] mean,
            float[] invStd,
            float[] sumDy,
            float[] sumDyXhat,
            float[] scale,
            float n,
            float[] dx,
            int dxOff,
            int total,
            int count) {
        int e = 0;
        int c = 0;
        for (; e <= total - L; e += L) {
            FloatVector xhat = FloatVector.fromArray(S, x, xOff + e)
                    .sub(FloatVector.fromArray(S, mean, c))
                    .mul(FloatVector.fromArray(S, invStd, c));
            FloatVector inner = FloatVector.fromArray(S, dy, dyOff + e)
                    .mul(n)
                    .sub(FloatVector.fromArray(S, sumDy, c))
                    .sub(xhat.mul(FloatVector.fromArray(S, sumDyXhat, c)));
            FloatVector.fromArray(S, scale, c).mul(inner).intoArray(dx, dxOff + e);
            c = nextColumn(c, count);
        }
        for (; e < total; e++, c = c + 1 == count ? 0 : c + 1) {
            float xhat = (x[xOff + e] - mean[c]) * invStd[c];
            dx[dxOff + e] = scale[c] * (n * dy[dyOff + e] - sumDy[c] - xhat * sumDyXhat[c]);
        }
    }

    /** The column a vector L positions on starts at ({@code count} may be below L). */
    private static int nextColumn(int c, int count) {
        c += L;
        while (c >= count) {
            c -= count;
        }
        return c;
    }

    @Override
    public void momentum(float[] w, int wOff, float[] g, int gOff, float[] v, int vOff, float mu, float lr, int count) {
        int e = 0;
        for (; e <= count - L; e += L) {
            FloatVector vi = FloatVector.fromArray(S, v, vOff + e).mul(mu).add(FloatVector.fromArray(S, g, gOff + e));
            vi.intoArray(v, vOff + e);
            FloatVector.fromArray(S, w, wOff + e).sub(vi.mul(lr)).intoArray(w, wOff + e);
        }
        tail.momentum(w, wOff + e, g, gOff + e, v, vOff + e, mu, lr, count - e);
    }

    @Override
    public String describe() {
        return "Vector API elementwise loops";
    }
}
