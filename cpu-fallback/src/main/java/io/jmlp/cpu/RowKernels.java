package io.jmlp.cpu;

/**
 * The elementwise loops that dominate a training step outside GEMM, each over one contiguous run
 * of {@code count} floats (a row, or a whole buffer). Two reasons they are kernels of their own:
 * <ul>
 *   <li>the JIT does not vectorise a loop that writes one array at {@code i} and reads another at
 *       {@code base + i} (it cannot rule out that they overlap), which is the shape of every
 *       column-statistics loop of batch norm and of an optimizer step over views;</li>
 *   <li>ReLU's {@code z > 0 ? z : 0} is a branch the JIT keeps, and with random signs it
 *       mispredicts on half the elements.</li>
 * </ul>
 * {@link VectorRowKernels} writes them with the Vector API (lane masks instead of branches);
 * {@link Scalar} is the plain version for JVMs without the module. Both compute each element with
 * the same operations in the same order, so they agree bit for bit, and both keep the reference's
 * semantics exactly where the parity suite asks for it (ReLU: NaN and −0 map to +0).
 */
interface RowKernels {

    /** {@code a[e] = z[e] > 0 ? z[e] : 0}. */
    void reluForward(float[] z, int zOff, float[] a, int aOff, int count);

    /** {@code dz[e] = da[e] · (z[e] > 0 ? 1 : 0)} (a product, like the reference's {@code da·f'(z)}: NaN in da stays NaN). */
    void reluBackward(float[] z, int zOff, float[] da, int daOff, float[] dz, int dzOff, int count);

    /** {@code x[e] += y[e]} (bias add, column sums). */
    void add(float[] x, int xOff, float[] y, int yOff, int count);

    /** {@code acc[e] += (x[e] − mean[e])²}. */
    void addSquaredDeviation(float[] acc, float[] x, int xOff, float[] mean, int count);

    /** {@code y[e] = (x[e] − mean[e])·scale[e] + shift[e]} (batch norm's output). */
    void normalize(
            float[] x,
            int xOff,
            float[] mean,
            int meanOff,
            float[] scale,
            float[] shift,
            int shiftOff,
            float[] y,
            int yOff,
            int count);

    /** {@code sumDy[e] += dy[e]; sumDyXhat[e] += dy[e]·((x[e] − mean[e])·invStd[e])}. */
    void addBatchNormSums(
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
            int count);

    /** {@code dx[e] = scale[e]·(n·dy[e] − sumDy[e] − ((x[e] − mean[e])·invStd[e])·sumDyXhat[e])}. */
    void batchNormInputGradient(
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
            int count);

    /** Heavy-ball momentum without penalties: {@code v = μ·v + g; w −= lr·v}. */
    void momentum(float[] w, int wOff, float[] g, int gOff, float[] v, int vOff, float mu, float lr, int count);

    /** What runs these loops, for the device description. */
    String describe();

    /** The plain loops. */
    final class Scalar implements RowKernels {
        @Override
        public void reluForward(float[] z, int zOff, float[] a, int aOff, int count) {
            for (int e = 0; e < count; e++) {
                float v = z[zOff + e];
                a[aOff + e] = v > 0f ? v : 0f;
            }
        }

        @Override
        public void reluBackward(float[] z, int zOff, float[] da, int daOff, float[] dz, int dzOff, int count) {
            for (int e = 0; e < count; e++) {
                dz[dzOff + e] = da[daOff + e] * (z[zOff + e] > 0f ? 1f : 0f);
            }
        }

        @Override
        public void add(float[] x, int xOff, float[] y, int yOff, int count) {
            for (int e = 0; e < count; e++) {
                x[xOff + e] += y[yOff + e];
            }
        }

        @Override
        public void addSquaredDeviation(float[] acc, float[] x, int xOff, float[] mean, int count) {
            for (int e = 0; e < count; e++) {
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
            for (int e = 0; e < count; e++) {
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
            for (int e = 0; e < count; e++) {
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
            for (int e = 0; e < count; e++) {
                float xhat = (x[xOff + e] - mean[meanOff + e]) * invStd[invOff + e];
                dx[dxOff + e] = scale[e] * (n * dy[dyOff + e] - sumDy[e] - xhat * sumDyXhat[e]);
            }
        }

        @Override
        public void momentum(
                float[] w, int wOff, float[] g, int gOff, float[] v, int vOff, float mu, float lr, int count) {
            for (int e = 0; e < count; e++) {
                float vi = mu * v[vOff + e] + g[gOff + e];
                v[vOff + e] = vi;
                w[wOff + e] -= lr * vi;
            }
        }

        @Override
        public String describe() {
            return "plain Java elementwise loops";
        }
    }
}
