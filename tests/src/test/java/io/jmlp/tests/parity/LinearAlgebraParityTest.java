package io.jmlp.tests.parity;

import io.jmlp.backend.Tensor;
import java.util.Arrays;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** GEMM in every transpose combination and the reductions, against the reference. */
class LinearAlgebraParityTest {

    /** {m, n, k}: degenerate, odd, square, the seed network's three layers, and an odd larger block. */
    static final int[][] GEMM_SHAPES = {
        {1, 1, 1},
        {3, 5, 2},
        {17, 33, 65},
        {64, 64, 64},
        {100, 300, 784},
        {100, 150, 300},
        {100, 10, 150},
        {129, 257, 63}
    };

    @AfterAll
    static void report() {
        ParityReport.write();
    }

    @ParameterizedTest
    @MethodSource("io.jmlp.tests.TestBackends#names")
    void gemm(String backendName) {
        try (ParityCheck check = new ParityCheck(backendName)) {
            gemmCases(check);
        }
    }

    /** Every GEMM case of the suite, on {@code check}'s backend. */
    static void gemmCases(ParityCheck check) {
        int seed = 1;
        for (int[] s : GEMM_SHAPES) {
            boolean big = s[2] > 200;
            for (boolean ta : new boolean[] {false, true}) {
                for (boolean tb : new boolean[] {false, true}) {
                    if (big && (ta == tb)) {
                        continue; // the training shapes in the combinations training uses: NN, TN, NT
                    }
                    gemmCase(check, s[0], s[1], s[2], ta, tb, 1f, 0f, seed++, 0);
                }
            }
        }
        // alpha/beta, accumulation, NaN in C ignored when beta = 0, operands as views at odd offsets.
        gemmCase(check, 17, 33, 65, false, false, 0.5f, 1f, 90, 0);
        gemmCase(check, 17, 33, 65, true, false, -2f, 0.25f, 91, 0);
        gemmCase(check, 9, 11, 13, false, true, 1f, 0f, 92, 7);
        gemmNaNIgnored(check);
    }

    /** C = αop(A)op(B) + βC; with {@code pad} > 0 every operand is a view starting {@code pad} elements into a larger buffer. */
    private static void gemmCase(
            ParityCheck check,
            int m,
            int n,
            int k,
            boolean ta,
            boolean tb,
            float alpha,
            float beta,
            int seed,
            int pad) {
        int aRows = ta ? k : m;
        int aCols = ta ? m : k;
        int bRows = tb ? n : k;
        int bCols = tb ? k : n;
        float[] a = Inputs.uniform(seed, aRows * aCols, -1, 1);
        float[] b = Inputs.uniform(seed + 1000, bRows * bCols, -1, 1);
        float[] c = Inputs.uniform(seed + 2000, m * n, -1, 1);
        double[] bound = new double[m * n];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double abs = 0;
                for (int p = 0; p < k; p++) {
                    double av = ta ? a[p * aCols + i] : a[i * aCols + p];
                    double bv = tb ? b[j * bCols + p] : b[p * bCols + j];
                    abs += Math.abs(av * bv);
                }
                bound[i * n + j] = (k + 2) * Tolerances.U * (Math.abs(alpha) * abs + Math.abs(beta * c[i * n + j]));
            }
        }
        String name = String.format(
                "%d×%d×%d %s%s α=%s β=%s%s",
                m, n, k, ta ? "T" : "N", tb ? "T" : "N", alpha, beta, pad > 0 ? " views" : "");
        check.compare("gemm", name, (backend, scope, out) -> {
            Tensor ta2 = padded(scope, a, aRows, aCols, pad);
            Tensor tb2 = padded(scope, b, bRows, bCols, pad);
            Tensor tc = padded(scope, c, m, n, pad);
            backend.gemm(ta, tb, alpha, ta2, tb2, beta, tc);
            out.add("C", tc, Tolerances.SUMS, bound);
        });
    }

    private static Tensor padded(io.jmlp.backend.Scope scope, float[] values, int rows, int cols, int pad) {
        if (pad == 0) {
            return scope.upload(rows, cols, values);
        }
        float[] withPad = new float[values.length + 2 * pad];
        Arrays.fill(withPad, 1e30f); // a wrong offset would read these
        System.arraycopy(values, 0, withPad, pad, values.length);
        return scope.upload(1, withPad.length, withPad).view(pad, rows, cols);
    }

    private static void gemmNaNIgnored(ParityCheck check) {
        float[] a = Inputs.uniform(95, 4 * 6, -1, 1);
        float[] b = Inputs.uniform(96, 6 * 5, -1, 1);
        float[] c = new float[20];
        Arrays.fill(c, Float.NaN);
        double[] bound = new double[20];
        for (int i = 0; i < 4; i++) {
            for (int j = 0; j < 5; j++) {
                for (int p = 0; p < 6; p++) {
                    bound[i * 5 + j] += 8 * Tolerances.U * Math.abs(a[i * 6 + p] * b[p * 5 + j]);
                }
            }
        }
        check.compare("gemm", "β=0 ignores NaN in C", (backend, scope, out) -> {
            Tensor tc = scope.upload(4, 5, c);
            backend.gemm(false, false, 1f, scope.upload(4, 6, a), scope.upload(6, 5, b), 0f, tc);
            out.add("C", tc, Tolerances.SUMS, bound);
        });
    }

    @ParameterizedTest
    @MethodSource("io.jmlp.tests.TestBackends#names")
    void reductions(String backendName) {
        try (ParityCheck check = new ParityCheck(backendName)) {
            int seed = 200;
            for (int[] s : Inputs.SHAPES) {
                int rows = s[0];
                int cols = s[1];
                float[] x = Inputs.uniform(seed++, rows * cols, -2, 2);
                float[] old = Inputs.uniform(seed++, cols, -1, 1);
                for (float beta : new float[] {0f, 1f}) {
                    double[] bound = new double[cols];
                    for (int j = 0; j < cols; j++) {
                        double abs = Math.abs(beta * old[j]);
                        for (int i = 0; i < rows; i++) {
                            abs += Math.abs(x[i * cols + j]);
                        }
                        bound[j] = (rows + 2) * Tolerances.U * abs;
                    }
                    check.compare("sumRows", rows + "×" + cols + " β=" + beta, (backend, scope, out) -> {
                        Tensor o = scope.upload(1, cols, old);
                        backend.sumRows(scope.upload(rows, cols, x), beta, o);
                        out.add("out", o, Tolerances.SUMS, bound);
                    });
                }
                double squares = 0;
                for (float v : x) {
                    squares += (double) v * v;
                }
                double[] bound = {(x.length + 2) * Tolerances.U * squares};
                check.compare("sumOfSquares", rows + "×" + cols, (backend, scope, out) -> {
                    Tensor o = scope.upload(1, 1, new float[] {123f});
                    backend.sumOfSquares(scope.upload(rows, cols, x), o);
                    out.add("out", o, Tolerances.SUMS, bound);
                });
            }
        }
    }
}
