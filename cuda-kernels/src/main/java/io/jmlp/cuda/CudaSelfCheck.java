package io.jmlp.cuda;

import io.jmlp.backend.Backend;
import io.jmlp.backend.GemmSelfCheck;
import io.jmlp.backend.Tensor;
import java.util.Arrays;
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
 * <p>The SGEMM cases are {@link GemmSelfCheck}'s, shared with OpenCL; its float32 error bound is
 * missed by TF32 (u = 2⁻¹¹) about 1000×.
 */
final class CudaSelfCheck {
    private CudaSelfCheck() {}

    static Optional<String> run(Backend backend) {
        Optional<String> gemm =
                GemmSelfCheck.run(backend, "cuBLAS or jmlp's operand mapping computes wrong results here");
        if (gemm.isPresent()) {
            return gemm;
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
        if (!Arrays.equals(sums, expectedSums)
                || !Arrays.equals(gathered, expectedGather)
                || squares != expectedSquares) {
            return Optional.of("kernel self-check failed: column sums " + Arrays.toString(sums) + " (expected "
                    + Arrays.toString(expectedSums) + "), gathered rows " + Arrays.toString(gathered) + " (expected "
                    + Arrays.toString(expectedGather) + "), sum of squares " + squares + " (expected " + expectedSquares
                    + ")");
        }
        return Optional.empty();
    }
}
