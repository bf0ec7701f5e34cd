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

    @Override
    public void addSquaredDeviation(float[] acc, float[] x, int xOff, float[] mean, int count) {
        int e = 0;
        for (; e <= count - L; e += L) {
            FloatVector d = FloatVector.fromArray(S, x, xOff + e).sub(FloatVector.fromArray(S, mean, e));
            FloatVector.fromArray(S, acc, e).add(d.mul(d)).intoArray(acc, e);
        }
        for (; e < count; e++) {
            float d = x[xOff + e] - mean[e];
            acc[e] += d * d;
        }
    }

    @Override
    public void normalize(
            float[] x,
            int xOff,
            float[] mean,
            int meanOff,
            float[] scale,
            float[] shift,
            int shiftOff,
            float[] y,
            int yOff,
            int count) {
        int e = 0;
        for (; e <= count - L; e += L) {
            FloatVector.fromArray(S, x, xOff + e)
                    .sub(FloatVector.fromArray(S, mean, meanOff + e))
                    .mul(FloatVector.fromArray(S, scale, e))
                    .add(FloatVector.fromArray(S, shift, shiftOff + e))
                    .intoArray(y, yOff + e);
        }
        for (; e < count; e++) {
            y[yOff + e] = (x[xOff + e] - mean[meanOff + e]) * scale[e] + shift[shiftOff + e];
        }
    }

    @Override
    public void addBatchNormSums(
            float[] dy,
            int dyOff,
            float[] x,
            int xOff,
            float[] mean,
            int meanOff,
            float[] invStd,
            int invOff,
            float[] sumDy,
            float[] sumDyXhat,
            int count) {
        int e = 0;
        for (; e <= count - L; e += L) {
            FloatVector d = FloatVector.fromArray(S, dy, dyOff + e);
            FloatVector xhat = FloatVector.fromArray(S, x, xOff + e)
                    .sub(FloatVector.fromArray(S, mean, meanOff + e))
                    .mul(FloatVector.fromArray(S, invStd, invOff + e));
            FloatVector.fromArray(S, sumDy, e).add(d).intoArray(sumDy, e);
            FloatVector.fromArray(S, sumDyXhat, e).add(d.mul(xhat)).intoArray(sumDyXhat, e);
        }
        for (; e < count; e++) {
            float d = dy[dyOff + e];
            sumDy[e] += d;
            sumDyXhat[e] += d * ((x[xOff + e] - mean[meanOff + e]) * invStd[invOff + e]);
        }
    }

    @Override
    public void batchNormInputGradient(
            float[] dy,
            int dyOff,
            float[] x,
            int xOff,
            float[] mean,
            int meanOff,
            float[] invStd,
            int invOff,
            float[] sumDy,
            float[] sumDyXhat,
            float[] scale,
            float n,
            float[] dx,
            int dxOff,
            int count) {
        int e = 0;
        for (; e <= count - L; e += L) {
            FloatVector xhat = FloatVector.fromArray(S, x, xOff + e)
                    .sub(FloatVector.fromArray(S, mean, meanOff + e))
                    .mul(FloatVector.fromArray(S, invStd, invOff + e));
            FloatVector inner = FloatVector.fromArray(S, dy, dyOff + e)
                    .mul(n)
                    .sub(FloatVector.fromArray(S, sumDy, e))
                    .sub(xhat.mul(FloatVector.fromArray(S, sumDyXhat, e)));
            FloatVector.fromArray(S, scale, e).mul(inner).intoArray(dx, dxOff + e);
        }
        for (; e < count; e++) {
            float xhat = (x[xOff + e] - mean[meanOff + e]) * invStd[invOff + e];
            dx[dxOff + e] = scale[e] * (n * dy[dyOff + e] - sumDy[e] - xhat * sumDyXhat[e]);
        }
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
