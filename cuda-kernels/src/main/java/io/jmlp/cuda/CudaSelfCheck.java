package io.jmlp.cuda;

import io.jmlp.backend.Backend;
import io.jmlp.backend.Tensor;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * Runs a few small ops through a freshly opened backend and compares them with a host computation
 * in {@code double}: SGEMM in the three transpose combinations training uses (which proves the
 * row-major operand mapping and that TF32 is off), SGEMM on views at odd offsets, and kernels from
 * three modules (column sums, a row gather and a one-block sum of squares on a view, which prove
 * that the modules loaded and that pointers with offsets, ints and the reduction block size reach
 * the kernels as intended). A device that fails is reported unavailable with the failing case
 * instead of training garbage. Runs on any {@link Backend}, so it is tested on the reference
 * without a GPU.
 *
 * <p>GEMM bound: a float32 dot product of k terms errs by at most ≈ k·u·Σ|aᵢbᵢ| in any order; twice
 * the (k + 2) bound is allowed, as the parity suite's. TF32 (u = 2⁻¹¹) misses it by ~1000×.
 */
final class CudaSelfCheck {
    /** {m, n, k, transposeA, transposeB}. */
    private static final int[][] GEMMS = {{3, 5, 2, 0, 0}, {17, 33, 65, 1, 0}, {33, 17, 65, 0, 1}, {100, 150, 300, 0, 0}};
    private static final double U = 0x1.0p-24;

    private CudaSelfCheck() {
    }

    static Optional<String> run(Backend backend) {
        for (int[] c : GEMMS) {
            Optional<String> failure = gemm(backend, c[0], c[1], c[2], c[3] == 1, c[4] == 1);
            if (failure.isPresent()) {
                return failure;
            }
        }
        Optional<String> views = gemmOnViews(backend);
        return views.isPresent() ? views : kernels(backend);
    }

    /** C[2 × 2] = A[2 × 3]·B[3 × 2], every operand a view behind a 1e30 sentinel: small integers, so exact. */
    private static Optional<String> gemmOnViews(Backend backend) {
        float[] buffer = {1e30f, 1, 2, 3, 4, 5, 6, 1e30f, 1, -1, 0, 2, 3, 1, 1e30f, 7, 7, 7, 7};
        float[] c;
        try (Tensor all = Tensor.of(backend, 1, buffer.length, buffer)) {
            Tensor a = all.view(1, 2, 3);
            Tensor b = all.view(8, 3, 2);
            Tensor ct = all.view(15, 2, 2);
            backend.gemm(false, false, 1f, a, b, 0f, ct);
            c = ct.toHost();
        }
        float[] expected = {10, 6, 22, 12}; // [[1,2,3],[4,5,6]]·[[1,-1],[0,2],[3,1]]
        if (!Arrays.equals(c, expected)) {
            return Optional.of("GEMM self-check failed on views at offsets: " + Arrays.toString(c) + " (expected "
                    + Arrays.toString(expected) + "); operand offsets do not reach cuBLAS as intended");
        }
        return Optional.empty();
    }

    private static Optional<String> gemm(Backend backend, int m, int n, int k, boolean ta, boolean tb) {
        float[] a = values(m * k, 1);
        float[] b = values(k * n, 2);
        int aCols = ta ? m : k;
        int bCols = tb ? k : n;
        float[] c;
        try (Tensor at = Tensor.of(backend, ta ? k : m, aCols, a);
             Tensor bt = Tensor.of(backend, tb ? n : k, bCols, b);
             Tensor ct = Tensor.zeros(backend, m, n)) {
            backend.gemm(ta, tb, 1f, at, bt, 0f, ct);
            c = ct.toHost();
        }
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double sum = 0;
                double abs = 0;
                for (int p = 0; p < k; p++) {
                    double av = ta ? a[p * aCols + i] : a[i * aCols + p];
                    double bv = tb ? b[j * bCols + p] : b[p * bCols + j];
                    sum += av * bv;
                    abs += Math.abs(av * bv);
                }
                double allowed = 2 * (k + 2) * U * abs;
                double error = Math.abs(c[i * n + j] - sum);
                if (!(error <= allowed)) {
                    return Optional.of(String.format(Locale.ROOT, "GEMM self-check failed: %d×%d×%d %s%s, C[%d, %d] = %s, expected %s "
                            + "(error %.3e > allowed %.3e); cuBLAS or jmlp's operand mapping computes wrong results here",
                            m, n, k, ta ? "T" : "N", tb ? "T" : "N", i, j, c[i * n + j], sum, error, allowed));
                }
            }
        }
        return Optional.empty();
    }

    /** Column sums of a view at an odd offset, and a gather by index: exact small integers, so any error is a bug. */
    private static Optional<String> kernels(Backend backend) {
        int rows = 5;
        int cols = 3;
        float[] padded = new float[1 + rows * cols];
        padded[0] = 1e30f; // an offset ignored would add this
        for (int e = 0; e < rows * cols; e++) {
            padded[1 + e] = e;
        }
        float[] sums;
        float[] gathered;
        float squares;
        try (Tensor buffer = Tensor.of(backend, 1, padded.length, padded);
             Tensor out = Tensor.zeros(backend, 1, cols);
             Tensor indices = Tensor.ofInts(backend, 3, 1, new int[] {4, 0, 2});
             Tensor dst = Tensor.zeros(backend, 2, cols);
             Tensor sumOfSquares = Tensor.zeros(backend, 1, 1)) {
            Tensor x = buffer.view(1, rows, cols);
            backend.sumRows(x, 0f, out);
            backend.gatherRows(x, indices, 1, dst);
            backend.sumOfSquares(x, sumOfSquares);
            sums = out.toHost();
            gathered = dst.toHost();
            squares = sumOfSquares.scalar();
        }
        float[] expectedSums = {30, 35, 40};
        float[] expectedGather = {0, 1, 2, 6, 7, 8};
        float expectedSquares = 1015; // 0² + 1² + … + 14²
        if (!Arrays.equals(sums, expectedSums) || !Arrays.equals(gathered, expectedGather) || squares != expectedSquares) {
            return Optional.of("kernel self-check failed: column sums " + Arrays.toString(sums) + " (expected "
                    + Arrays.toString(expectedSums) + "), gathered rows " + Arrays.toString(gathered) + " (expected "
                    + Arrays.toString(expectedGather) + "), sum of squares " + squares + " (expected " + expectedSquares + ")");
        }
        return Optional.empty();
    }

    /** Deterministic values in [−1, 1) with no structure a wrong index could hide behind. */
    private static float[] values(int count, int salt) {
        float[] v = new float[count];
        long state = 0x9E3779B97F4A7C15L * salt;
        for (int i = 0; i < count; i++) {
            state = state * 6364136223846793005L + 1442695040888963407L;
            v[i] = (float) ((state >>> 40) / (double) (1L << 24) * 2.0 - 1.0);
        }
        return v;
    }
}
