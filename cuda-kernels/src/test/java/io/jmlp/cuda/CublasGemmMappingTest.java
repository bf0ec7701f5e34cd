package io.jmlp.cuda;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/**
 * The row-major → column-major mapping, checked by running the mapped call through a host SGEMM
 * that follows the BLAS definition literally (column-major, op per flag, leading dimensions) and
 * comparing with the row-major product computed directly. Small-integer inputs make every sum
 * exact, so any wrong swap, flag or leading dimension shows as a mismatch, not as rounding.
 */
class CublasGemmMappingTest {

    /** BLAS sgemm: C = α·op(A)·op(B) + β·C, column-major, element (i, j) of X at X[i + j·ldx]. */
    static void columnMajorSgemm(
            int transa,
            int transb,
            int m,
            int n,
            int k,
            float alpha,
            float[] a,
            int aOff,
            int lda,
            float[] b,
            int bOff,
            int ldb,
            float beta,
            float[] c,
            int cOff,
            int ldc) {
        for (int j = 0; j < n; j++) {
            for (int i = 0; i < m; i++) {
                double sum = 0;
                for (int p = 0; p < k; p++) {
                    float av = transa == CublasGemmMapping.OP_N ? a[aOff + i + p * lda] : a[aOff + p + i * lda];
                    float bv = transb == CublasGemmMapping.OP_N ? b[bOff + p + j * ldb] : b[bOff + j + p * ldb];
                    sum += (double) av * bv;
                }
                int e = cOff + i + j * ldc;
                c[e] = (float) (alpha * sum + (beta == 0f ? 0.0 : beta * c[e]));
            }
        }
    }

    /** C[m × n] = α·op(A)·op(B) + β·C, row-major, directly. */
    static float[] rowMajor(
            boolean ta, boolean tb, int m, int n, int k, float alpha, float[] a, float[] b, float beta, float[] c) {
        int aCols = ta ? m : k;
        int bCols = tb ? k : n;
        float[] out = c.clone();
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double sum = 0;
                for (int p = 0; p < k; p++) {
                    sum += (double) (ta ? a[p * aCols + i] : a[i * aCols + p])
                            * (tb ? b[j * bCols + p] : b[p * bCols + j]);
                }
                out[i * n + j] = (float) (alpha * sum + beta * c[i * n + j]);
            }
        }
        return out;
    }

    static float[] ints(int count, int salt) {
        float[] v = new float[count];
        for (int i = 0; i < count; i++) {
            v[i] = ((i * 7 + salt * 13) % 11) - 5;
        }
        return v;
    }

    @Test
    void theMappedColumnMajorCallComputesTheRowMajorProduct() {
        int[][] shapes = {{1, 1, 1}, {3, 5, 2}, {2, 7, 9}, {17, 4, 6}, {8, 8, 8}};
        for (int[] s : shapes) {
            for (boolean ta : new boolean[] {false, true}) {
                for (boolean tb : new boolean[] {false, true}) {
                    int m = s[0];
                    int n = s[1];
                    int k = s[2];
                    float[] a = ints(m * k, 1);
                    float[] b = ints(k * n, 2);
                    float[] c = ints(m * n, 3);
                    float[] expected = rowMajor(ta, tb, m, n, k, 2f, a, b, -1f, c);
                    CublasGemmMapping call = CublasGemmMapping.rowMajor(ta, tb, m, n, k, ta ? m : k, tb ? k : n);
                    float[] actual = c.clone();
                    // cuBLAS's first operand is our B, its second our A; C is C.
                    columnMajorSgemm(
                            call.transa(),
                            call.transb(),
                            call.m(),
                            call.n(),
                            call.k(),
                            2f,
                            b,
                            0,
                            call.lda(),
                            a,
                            0,
                            call.ldb(),
                            -1f,
                            actual,
                            0,
                            call.ldc());
                    assertArrayEquals(expected, actual, m + "×" + n + "×" + k + (ta ? " T" : " N") + (tb ? "T" : "N"));
                }
            }
        }
    }

    @Test
    void theSeedNetworksShapesMapAsExpected() {
        // forward: Z[100 × 300] = X[100 × 784] · W[784 × 300] → cuBLAS: m = 300, n = 100, k = 784, both N.
        assertEquals(
                new CublasGemmMapping(CublasGemmMapping.OP_N, CublasGemmMapping.OP_N, 300, 100, 784, 300, 784, 300),
                CublasGemmMapping.rowMajor(false, false, 100, 300, 784, 784, 300));
        // weight gradient: dW[784 × 300] = Xᵀ · dZ, X [100 × 784]: our A transposed is cuBLAS's second operand
        // transposed.
        assertEquals(
                new CublasGemmMapping(CublasGemmMapping.OP_N, CublasGemmMapping.OP_T, 300, 784, 100, 300, 784, 300),
                CublasGemmMapping.rowMajor(true, false, 784, 300, 100, 784, 300));
        // input gradient: dX[100 × 784] = dZ · Wᵀ, W [784 × 300].
        assertEquals(
                new CublasGemmMapping(CublasGemmMapping.OP_T, CublasGemmMapping.OP_N, 784, 100, 300, 300, 300, 784),
                CublasGemmMapping.rowMajor(false, true, 100, 784, 300, 300, 300));
    }
}
