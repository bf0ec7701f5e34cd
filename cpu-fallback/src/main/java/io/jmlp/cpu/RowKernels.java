package io.jmlp.cpu;

import java.util.Arrays;

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

    /** {@code x[e] += y[e]} (the bias add). */
    void add(float[] x, int xOff, float[] y, int yOff, int count);

    /**
     * Column sums of the {@code rows × cols} row-major block at {@code x[xOff…]}, for the columns
     * {@code [from, to)}: {@code sums[j] = Σᵣ x[r, j]}, overwritten, each column summed from {@code 0f}
     * in row order (so a column's sum is the same bits however the columns are shared out).
     * {@code carry} ({@link #CARRY} floats) is the caller's scratch, one per thread, where a kernel
     * may keep running sums between the chunks of rows it works in.
     */
    void columnSums(float[] x, int xOff, int rows, int cols, float[] sums, int from, int to, float[] carry);

    /** {@code squares[j] = Σᵣ (x[r, j] − mean[j])²} over the block, as {@link #columnSums} orders it. */
    void columnSquaredDeviations(
            float[] x, int xOff, int rows, int cols, float[] mean, float[] squares, int from, int to, float[] carry);

    /**
     * Batch norm's backward column sums over the block, as {@link #columnSums} orders them:
     * {@code sumDy[j] = Σᵣ dy[r, j]}, {@code sumDyXhat[j] = Σᵣ dy[r, j]·((x[r, j] − mean[j])·invStd[j])}.
     */
    void columnBatchNormSums(
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
            float[] carry);

    /**
     * How far past {@code count} a per-column array of {@link #normalize} and
     * {@link #batchNormInputGradient} is <em>wrapped</em>: {@code p[count + i] = p[i mod count]} for
     * {@code i < WRAP} ({@link #wrap}). The rows of a block are then one contiguous run, and a vector
     * that starts near the end of a row and runs into the next one reads its columns' values from
     * one place: no row ends in a scalar tail (300 = 18·16 + 12 columns). At least the widest vector.
     */
    int WRAP = 16;

    /** Floats of a column kernel's {@code carry} (see {@link #columnSums}): two of the widest vectors. */
    int CARRY = 2 * WRAP;

    /** Fills {@code p[count … count + WRAP)} from {@code p[0 … count)} (see {@link #WRAP}). */
    static void wrap(float[] p, int count) {
        for (int i = 0; i < WRAP; i++) {
            p[count + i] = p[i % count];
        }
    }

    /**
     * {@code y[e] = (x[e] − mean[c])·scale[c] + shift[c]}, {@code c = e mod count}, for the
     * {@code total} elements of consecutive rows of {@code count} (batch norm's output); the three
     * per-column arrays are {@linkplain #WRAP wrapped}.
     */
    void normalize(
            float[] x, int xOff, float[] mean, float[] scale, float[] shift, float[] y, int yOff, int total, int count);

    /**
     * {@code dx[e] = scale[c]·(n·dy[e] − sumDy[c] − ((x[e] − mean[c])·invStd[c])·sumDyXhat[c])},
     * {@code c = e mod count}, for the {@code total} elements of consecutive rows of {@code count};
     * the five per-column arrays are {@linkplain #WRAP wrapped}; {@code dx} may alias {@code dy}.
     */
    void batchNormInputGradient(
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
        public void columnSums(float[] x, int xOff, int rows, int cols, float[] sums, int from, int to, float[] carry) {
            Arrays.fill(sums, from, to, 0f);
            for (int r = 0, row = xOff; r < rows; r++, row += cols) {
                for (int j = from; j < to; j++) {
                    sums[j] += x[row + j];
                }
            }
        }

        @Override
        public void columnSquaredDeviations(
                float[] x,
                int xOff,
                int rows,
                int cols,
                float[] mean,
                float[] squares,
                int from,
                int to,
                float[] carry) {
            Arrays.fill(squares, from, to, 0f);
            for (int r = 0, row = xOff; r < rows; r++, row += cols) {
                for (int j = from; j < to; j++) {
                    float d = x[row + j] - mean[j];
                    squares[j] += d * d;
                }
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
                int to,
                float[] carry) {
            Arrays.fill(sumDy, from, to, 0f);
            Arrays.fill(sumDyXhat, from, to, 0f);
            for (int r = 0; r < rows; r++) {
                int dyRow = dyOff + r * cols;
                int xRow = xOff + r * cols;
                for (int j = from; j < to; j++) {
                    float d = dy[dyRow + j];
                    sumDy[j] += d;
                    sumDyXhat[j] += d * ((x[xRow + j] - mean[meanOff + j]) * invStd[invOff + j]);
                }
            }
        }

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
            normalizeFrom(x, xOff, mean, scale, shift, y, yOff, 0, 0, total, count);
        }

        /**
         * {@link #normalize} from element {@code from} (of column {@code c}) to {@code total}: the whole
         * plain loop, and the elements after the last whole vector of {@link VectorRowKernels}'.
         */
        static void normalizeFrom(
                float[] x,
                int xOff,
                float[] mean,
                float[] scale,
                float[] shift,
                float[] y,
                int yOff,
                int from,
                int c,
                int total,
                int count) {
            for (int e = from; e < total; e++, c = c + 1 == count ? 0 : c + 1) {
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
            inputGradientFrom(
                    dy, dyOff, x, xOff, mean, invStd, sumDy, sumDyXhat, scale, n, dx, dxOff, 0, 0, total, count);
        }

        /** {@link #batchNormInputGradient} from element {@code from} (of column {@code c}), as {@link #normalizeFrom}. */
        static void inputGradientFrom(
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
                int from,
                int c,
                int total,
                int count) {
            for (int e = from; e < total; e++, c = c + 1 == count ? 0 : c + 1) {
                float xhat = (x[xOff + e] - mean[c]) * invStd[c];
                dx[dxOff + e] = scale[c] * (n * dy[dyOff + e] - sumDy[c] - xhat * sumDyXhat[c]);
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
