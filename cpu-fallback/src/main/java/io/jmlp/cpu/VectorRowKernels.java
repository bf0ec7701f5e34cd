package io.jmlp.cpu;

import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link RowKernels} on the Vector API: whole vectors first, then the last {@code count mod L}
 * elements by the plain loops, which compute exactly what the vector lanes do (separate multiply
 * and add, never a fused one, so both halves round alike). Only loaded when the module is present,
 * and only for vectors of at most {@link RowKernels#WRAP} lanes ({@link VectorSupport#rowKernels}).
 */
final class VectorRowKernels implements RowKernels {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();

    private final RowKernels.Scalar tail = new RowKernels.Scalar();

    // Warm-up shapes these kernels. The Vector API is fast only once C2 has compiled a kernel: in the
    // interpreter and in C1 every vector is an object. C2 compiles a method after some hundreds of
    // calls, so a kernel must be called often: a block kernel that looped over a whole 512 × 128 batch
    // in one call is called a few times a step and ran interpreted for the first hundred steps (ten
    // times slower); a momentum or ReLU sweep over a whole buffer, called once or twice a step, was
    // among the top allocators of such a run (JFR) for the same reason. So each kernel here but
    // the per-row bias add hands its vector loop to a small method, called per chunk of rows (column
    // kernels) or of elements (the others), tens to hundreds of times a call: hot within a few steps,
    // and big enough that the call costs little against its loop.

    /** Rows a column kernel's vector loop takes per call. */
    private static final int ROW_CHUNK = 16;

    /** Elements an elementwise kernel's vector loop takes per call: 16 vectors. */
    private static final int CHUNK = 16 * L;

    @Override
    public void reluForward(float[] z, int zOff, float[] a, int aOff, int count) {
        int whole = count - count % L;
        for (int e = 0; e < whole; e += CHUNK) {
            reluForwardVectors(z, zOff + e, a, aOff + e, Math.min(CHUNK, whole - e));
        }
        tail.reluForward(z, zOff + whole, a, aOff + whole, count - whole);
    }

    private static void reluForwardVectors(float[] z, int zAt, float[] a, int aAt, int len) {
        FloatVector zero = FloatVector.zero(S);
        for (int e = 0; e < len; e += L) {
            FloatVector v = FloatVector.fromArray(S, z, zAt + e);
            VectorMask<Float> positive = v.compare(VectorOperators.GT, 0f);
            zero.blend(v, positive).intoArray(a, aAt + e);
        }
    }

    @Override
    public void reluBackward(float[] z, int zOff, float[] da, int daOff, float[] dz, int dzOff, int count) {
        int whole = count - count % L;
        for (int e = 0; e < whole; e += CHUNK) {
            reluBackwardVectors(z, zOff + e, da, daOff + e, dz, dzOff + e, Math.min(CHUNK, whole - e));
        }
        tail.reluBackward(z, zOff + whole, da, daOff + whole, dz, dzOff + whole, count - whole);
    }

    private static void reluBackwardVectors(float[] z, int zAt, float[] da, int daAt, float[] dz, int dzAt, int len) {
        FloatVector zero = FloatVector.zero(S);
        for (int e = 0; e < len; e += L) {
            VectorMask<Float> positive = FloatVector.fromArray(S, z, zAt + e).compare(VectorOperators.GT, 0f);
            FloatVector.fromArray(S, da, daAt + e).mul(zero.blend(1f, positive)).intoArray(dz, dzAt + e);
        }
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

    // The column kernels keep each column's running sum in a register across a chunk of rows (one load
    // per element, the sums loaded and stored once per chunk: exactly, so each column is still summed
    // in row order from zero), four (two) vectors of columns at a time so that four (two) chains of
    // adds are in flight. Columns past the last whole vector are summed as the vector that ends at
    // `to`, overlapping the one before it, its running sums kept in the caller's `carry` between
    // chunks: each lane is one column summed in row order from zero, so the overlapped columns come
    // out the same bits as from the vector before, and are stored twice.

    @Override
    public void columnSums(float[] x, int xOff, int rows, int cols, float[] sums, int from, int to, float[] carry) {
        if (to - from < L) {
            tail.columnSums(x, xOff, rows, cols, sums, from, to, carry);
            return;
        }
        Arrays.fill(sums, from, to, 0f);
        Arrays.fill(carry, 0, L, 0f);
        int vectorEnd = from + (to - from) / L * L;
        for (int r0 = 0; r0 < rows; r0 += ROW_CHUNK) {
            int n = Math.min(ROW_CHUNK, rows - r0);
            int at = xOff + r0 * cols;
            int j = from;
            for (; j <= vectorEnd - 4 * L; j += 4 * L) {
                sums4(x, at + j, n, cols, sums, j);
            }
            for (; j < vectorEnd; j += L) {
                sums1(x, at + j, n, cols, sums, j);
            }
            if (vectorEnd < to) {
                sums1(x, at + to - L, n, cols, carry, 0);
            }
        }
        if (vectorEnd < to) {
            System.arraycopy(carry, 0, sums, to - L, L);
        }
    }

    private static void sums4(float[] x, int at, int rows, int cols, float[] sums, int j) {
        FloatVector s0 = FloatVector.fromArray(S, sums, j);
        FloatVector s1 = FloatVector.fromArray(S, sums, j + L);
        FloatVector s2 = FloatVector.fromArray(S, sums, j + 2 * L);
        FloatVector s3 = FloatVector.fromArray(S, sums, j + 3 * L);
        for (int r = 0; r < rows; r++, at += cols) {
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

    /** Also the last, overlapping vector of columns, whose sums run in {@code carry} (see {@link RowKernels#columnSums}). */
    private static void sums1(float[] x, int at, int rows, int cols, float[] sums, int j) {
        FloatVector s0 = FloatVector.fromArray(S, sums, j);
        for (int r = 0; r < rows; r++, at += cols) {
            s0 = s0.add(FloatVector.fromArray(S, x, at));
        }
        s0.intoArray(sums, j);
    }

    @Override
    public void columnSquaredDeviations(
            float[] x, int xOff, int rows, int cols, float[] mean, float[] squares, int from, int to, float[] carry) {
        if (to - from < L) {
            tail.columnSquaredDeviations(x, xOff, rows, cols, mean, squares, from, to, carry);
            return;
        }
        Arrays.fill(squares, from, to, 0f);
        Arrays.fill(carry, 0, L, 0f);
        int vectorEnd = from + (to - from) / L * L;
        for (int r0 = 0; r0 < rows; r0 += ROW_CHUNK) {
            int n = Math.min(ROW_CHUNK, rows - r0);
            int at = xOff + r0 * cols;
            int j = from;
            for (; j <= vectorEnd - 4 * L; j += 4 * L) {
                squares4(x, at + j, n, cols, mean, squares, j);
            }
            for (; j < vectorEnd; j += L) {
                squares1(x, at + j, n, cols, mean, j, squares, j);
            }
            if (vectorEnd < to) {
                squares1(x, at + to - L, n, cols, mean, to - L, carry, 0);
            }
        }
        if (vectorEnd < to) {
            System.arraycopy(carry, 0, squares, to - L, L);
        }
    }

    private static void squares4(float[] x, int at, int rows, int cols, float[] mean, float[] squares, int j) {
        FloatVector m0 = FloatVector.fromArray(S, mean, j);
        FloatVector m1 = FloatVector.fromArray(S, mean, j + L);
        FloatVector m2 = FloatVector.fromArray(S, mean, j + 2 * L);
        FloatVector m3 = FloatVector.fromArray(S, mean, j + 3 * L);
        FloatVector s0 = FloatVector.fromArray(S, squares, j);
        FloatVector s1 = FloatVector.fromArray(S, squares, j + L);
        FloatVector s2 = FloatVector.fromArray(S, squares, j + 2 * L);
        FloatVector s3 = FloatVector.fromArray(S, squares, j + 3 * L);
        for (int r = 0; r < rows; r++, at += cols) {
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

    /** The columns from {@code mean[j]} on, their running sums at {@code squares[s]}. */
    private static void squares1(float[] x, int at, int rows, int cols, float[] mean, int j, float[] squares, int s) {
        FloatVector m0 = FloatVector.fromArray(S, mean, j);
        FloatVector s0 = FloatVector.fromArray(S, squares, s);
        for (int r = 0; r < rows; r++, at += cols) {
            FloatVector d0 = FloatVector.fromArray(S, x, at).sub(m0);
            s0 = s0.add(d0.mul(d0));
        }
        s0.intoArray(squares, s);
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
            int to,
            float[] carry) {
        if (to - from < L) {
            tail.columnBatchNormSums(
                    dy, dyOff, x, xOff, mean, meanOff, invStd, invOff, rows, cols, sumDy, sumDyXhat, from, to, carry);
            return;
        }
        Arrays.fill(sumDy, from, to, 0f);
        Arrays.fill(sumDyXhat, from, to, 0f);
        Arrays.fill(carry, 0, 2 * L, 0f);
        int vectorEnd = from + (to - from) / L * L;
        for (int r0 = 0; r0 < rows; r0 += ROW_CHUNK) {
            int n = Math.min(ROW_CHUNK, rows - r0);
            int dyAt = dyOff + r0 * cols;
            int xAt = xOff + r0 * cols;
            int j = from;
            for (; j <= vectorEnd - 2 * L; j += 2 * L) {
                gradientSums2(dy, dyAt, x, xAt, mean, meanOff, invStd, invOff, n, cols, sumDy, sumDyXhat, j);
            }
            for (; j < vectorEnd; j += L) {
                gradientSums1(dy, dyAt, x, xAt, mean, meanOff, invStd, invOff, n, cols, j, sumDy, sumDyXhat, j);
            }
            if (vectorEnd < to) {
                // The carry holds the last vector's sumDy in [0, L), its sumDyXhat in [L, 2L).
                gradientSums1(dy, dyAt, x, xAt, mean, meanOff, invStd, invOff, n, cols, to - L, carry, carry, 0);
            }
        }
        if (vectorEnd < to) {
            System.arraycopy(carry, 0, sumDy, to - L, L);
            System.arraycopy(carry, L, sumDyXhat, to - L, L);
        }
    }

    private static void gradientSums2(
            float[] dy,
            int dyAt,
            float[] x,
            int xAt,
            float[] mean,
            int meanOff,
            float[] invStd,
            int invOff,
            int rows,
            int cols,
            float[] sumDy,
            float[] sumDyXhat,
            int j) {
        FloatVector m0 = FloatVector.fromArray(S, mean, meanOff + j);
        FloatVector m1 = FloatVector.fromArray(S, mean, meanOff + j + L);
        FloatVector i0 = FloatVector.fromArray(S, invStd, invOff + j);
        FloatVector i1 = FloatVector.fromArray(S, invStd, invOff + j + L);
        FloatVector d0 = FloatVector.fromArray(S, sumDy, j);
        FloatVector d1 = FloatVector.fromArray(S, sumDy, j + L);
        FloatVector p0 = FloatVector.fromArray(S, sumDyXhat, j);
        FloatVector p1 = FloatVector.fromArray(S, sumDyXhat, j + L);
        for (int r = 0, at = j; r < rows; r++, at += cols) {
            FloatVector g0 = FloatVector.fromArray(S, dy, dyAt + at);
            FloatVector g1 = FloatVector.fromArray(S, dy, dyAt + at + L);
            d0 = d0.add(g0);
            d1 = d1.add(g1);
            p0 = p0.add(g0.mul(FloatVector.fromArray(S, x, xAt + at).sub(m0).mul(i0)));
            p1 = p1.add(g1.mul(FloatVector.fromArray(S, x, xAt + at + L).sub(m1).mul(i1)));
        }
        d0.intoArray(sumDy, j);
        d1.intoArray(sumDy, j + L);
        p0.intoArray(sumDyXhat, j);
        p1.intoArray(sumDyXhat, j + L);
    }

    private static void gradientSums1(
            float[] dy,
            int dyAt,
            float[] x,
            int xAt,
            float[] mean,
            int meanOff,
            float[] invStd,
            int invOff,
            int rows,
            int cols,
            int j,
            float[] sumDy,
            float[] sumDyXhat,
            int s) {
        // The columns from j on; their running sums at sumDy[s] and sumDyXhat[s + (sumDy == sumDyXhat ? L : 0)].
        int p = sumDy == sumDyXhat ? s + L : s;
        FloatVector m0 = FloatVector.fromArray(S, mean, meanOff + j);
        FloatVector i0 = FloatVector.fromArray(S, invStd, invOff + j);
        FloatVector d0 = FloatVector.fromArray(S, sumDy, s);
        FloatVector p0 = FloatVector.fromArray(S, sumDyXhat, p);
        for (int r = 0, at = j; r < rows; r++, at += cols) {
            FloatVector g0 = FloatVector.fromArray(S, dy, dyAt + at);
            d0 = d0.add(g0);
            p0 = p0.add(g0.mul(FloatVector.fromArray(S, x, xAt + at).sub(m0).mul(i0)));
        }
        d0.intoArray(sumDy, s);
        p0.intoArray(sumDyXhat, p);
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
        int whole = total - total % L;
        int e = 0;
        int c = 0;
        while (e < whole) {
            int len = Math.min(CHUNK, whole - e);
            normalizeVectors(x, xOff + e, mean, scale, shift, y, yOff + e, len, c, count);
            c = (c + len) % count;
            e += len;
        }
        RowKernels.Scalar.normalizeFrom(x, xOff, mean, scale, shift, y, yOff, e, c, total, count);
    }

    private static void normalizeVectors(
            float[] x,
            int xAt,
            float[] mean,
            float[] scale,
            float[] shift,
            float[] y,
            int yAt,
            int len,
            int c,
            int count) {
        for (int e = 0; e < len; e += L) {
            FloatVector.fromArray(S, x, xAt + e)
                    .sub(FloatVector.fromArray(S, mean, c))
                    .mul(FloatVector.fromArray(S, scale, c))
                    .add(FloatVector.fromArray(S, shift, c))
                    .intoArray(y, yAt + e);
            c = nextColumn(c, count);
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
        int whole = total - total % L;
        int e = 0;
        int c = 0;
        while (e < whole) {
            int len = Math.min(CHUNK, whole - e);
            inputGradientVectors(
                    dy, dyOff + e, x, xOff + e, mean, invStd, sumDy, sumDyXhat, scale, n, dx, dxOff + e, len, c, count);
            c = (c + len) % count;
            e += len;
        }
        RowKernels.Scalar.inputGradientFrom(
                dy, dyOff, x, xOff, mean, invStd, sumDy, sumDyXhat, scale, n, dx, dxOff, e, c, total, count);
    }

    private static void inputGradientVectors(
            float[] dy,
            int dyAt,
            float[] x,
            int xAt,
            float[] mean,
            float[] invStd,
            float[] sumDy,
            float[] sumDyXhat,
            float[] scale,
            float n,
            float[] dx,
            int dxAt,
            int len,
            int c,
            int count) {
        for (int e = 0; e < len; e += L) {
            FloatVector xhat = FloatVector.fromArray(S, x, xAt + e)
                    .sub(FloatVector.fromArray(S, mean, c))
                    .mul(FloatVector.fromArray(S, invStd, c));
            FloatVector inner = FloatVector.fromArray(S, dy, dyAt + e)
                    .mul(n)
                    .sub(FloatVector.fromArray(S, sumDy, c))
                    .sub(xhat.mul(FloatVector.fromArray(S, sumDyXhat, c)));
            FloatVector.fromArray(S, scale, c).mul(inner).intoArray(dx, dxAt + e);
            c = nextColumn(c, count);
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
        int whole = count - count % L;
        for (int e = 0; e < whole; e += CHUNK) {
            momentumVectors(w, wOff + e, g, gOff + e, v, vOff + e, mu, lr, Math.min(CHUNK, whole - e));
        }
        tail.momentum(w, wOff + whole, g, gOff + whole, v, vOff + whole, mu, lr, count - whole);
    }

    private static void momentumVectors(
            float[] w, int wAt, float[] g, int gAt, float[] v, int vAt, float mu, float lr, int len) {
        for (int e = 0; e < len; e += L) {
            FloatVector vi = FloatVector.fromArray(S, v, vAt + e).mul(mu).add(FloatVector.fromArray(S, g, gAt + e));
            vi.intoArray(v, vAt + e);
            FloatVector.fromArray(S, w, wAt + e).sub(vi.mul(lr)).intoArray(w, wAt + e);
        }
    }

    @Override
    public String describe() {
        return "Vector API elementwise loops";
    }
}
