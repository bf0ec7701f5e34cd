package io.jmlp.cuda;

/**
 * How a row-major {@link io.jmlp.backend.Backend#gemm} becomes one column-major {@code cublasSgemm}
 * call. A row-major {@code [r × c]} matrix read as column-major is its transpose {@code [c × r]}
 * with leading dimension {@code c}. So instead of {@code C = op(A)·op(B)} cuBLAS computes
 * {@code Cᵀ = op(B)ᵀ·op(A)ᵀ}: the operands swap places, {@code m} and {@code n} swap, and each keeps
 * its own transpose flag (the transposes of the swap and of the column-major reading cancel). The
 * leading dimension of every operand is its row-major column count, since our tensors are
 * contiguous.
 *
 * <p>Pure arithmetic, tested without a GPU against a host column-major SGEMM.
 *
 * @param transa cuBLAS op of its first operand (our B): {@link #OP_N} or {@link #OP_T}
 * @param transb cuBLAS op of its second operand (our A)
 * @param m      rows of cuBLAS's C, i.e. our n
 * @param n      columns of cuBLAS's C, i.e. our m
 * @param k      the inner dimension, unchanged
 * @param lda    leading dimension of cuBLAS's first operand: our B's column count
 * @param ldb    leading dimension of cuBLAS's second operand: our A's column count
 * @param ldc    our C's column count
 */
public record CublasGemmMapping(int transa, int transb, int m, int n, int k, int lda, int ldb, int ldc) {
    /** {@code CUBLAS_OP_N} and {@code CUBLAS_OP_T}, as in {@code jcuda.jcublas.cublasOperation} (and cuBLAS 12 and 13). */
    public static final int OP_N = 0;

    public static final int OP_T = 1;

    /**
     * The cuBLAS call for {@code C[m × n] = α·op(A)·op(B) + β·C} with row-major, contiguous
     * {@code A} ({@code aCols} columns), {@code B} ({@code bCols}) and {@code C} ({@code n} columns).
     */
    public static CublasGemmMapping rowMajor(
            boolean transposeA, boolean transposeB, int m, int n, int k, int aCols, int bCols) {
        return new CublasGemmMapping(
                transposeB ? OP_T : OP_N,
                transposeA ? OP_T : OP_N,
                n,
                m,
                k,
                Math.max(1, bCols),
                Math.max(1, aCols),
                Math.max(1, n));
    }
}
