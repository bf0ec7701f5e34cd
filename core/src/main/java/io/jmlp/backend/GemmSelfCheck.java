package io.jmlp.backend;

import java.util.Locale;
import java.util.Optional;

/**
 * Runs a few small SGEMMs through a fresh backend and compares them with a host computation in
 * {@code double}. Accelerator backends run it before first use (CLBlast has known wrong-result bugs
 * on a few devices; cuBLAS behind a row-major operand mapping can be mapped wrong, or lowered to
 * TF32): a backend that fails is reported unavailable with the failing case, instead of training
 * garbage. It takes any {@link Backend}, so it is tested on the reference without a device.
 *
 * <p>Bound: a float32 dot product of k terms errs by at most ≈ k·u·Σ|aᵢbᵢ| (u = 2⁻²⁴) in any
 * summation order; twice that (k + 2) bound is allowed, as the parity suite's GEMM tolerance does.
 * A wrong transpose, offset or lowered precision misses it by orders of magnitude.
 */
public final class GemmSelfCheck {
    /** {m, n, k, transposeA, transposeB}: tiny and odd shapes in the three combinations training uses, and one layer-sized case. */
    private static final int[][] CASES = {{3, 5, 2, 0, 0}, {17, 33, 65, 1, 0}, {33, 17, 65, 0, 1}, {100, 150, 300, 0, 0}
    };

    private static final double U = 0x1.0p-24;

    private GemmSelfCheck() {}

    /**
     * Empty when every case agrees; otherwise what went wrong, for the unavailability reason, ending
     * with {@code suspect} (what the backend's author would blame, e.g. "CLBlast computes wrong results on this device").
     */
    public static Optional<String> run(Backend backend, String suspect) {
        for (int[] c : CASES) {
            Optional<String> failure = check(backend, c[0], c[1], c[2], c[3] == 1, c[4] == 1, suspect);
            if (failure.isPresent()) {
                return failure;
            }
        }
        return Optional.empty();
    }

    private static Optional<String> check(
            Backend backend, int m, int n, int k, boolean ta, boolean tb, String suspect) {
        float[] a = values(m * k, 1);
        float[] b = values(k * n, 2);
        int aCols = ta ? m : k;
        int bCols = tb ? k : n;
        float[] c;
        try (Tensor ta2 = Tensor.of(backend, ta ? k : m, aCols, a);
                Tensor tb2 = Tensor.of(backend, tb ? n : k, bCols, b);
                Tensor tc = Tensor.zeros(backend, m, n)) {
            backend.gemm(ta, tb, 1f, ta2, tb2, 0f, tc);
            c = tc.toHost();
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
                    return Optional.of(String.format(
                            Locale.ROOT,
                            "GEMM self-check failed: %d×%d×%d %s%s, C[%d, %d] = %s, expected %s "
                                    + "(error %.3e > allowed %.3e); %s",
                            m,
                            n,
                            k,
                            ta ? "T" : "N",
                            tb ? "T" : "N",
                            i,
                            j,
                            c[i * n + j],
                            sum,
                            error,
                            allowed,
                            suspect));
                }
            }
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
