package io.jmlp.cpu;

/**
 * The innermost loop of {@link Gemm}: the plain sums of one {@code mr × nr} tile of C from a packed
 * panel of op(A) ({@code kc} steps of {@code mr} values) and a panel of op(B) ({@code kc} steps of
 * {@code nr} values), with the whole tile held in registers for the {@code kc} steps:
 *
 * <pre>
 * acc[r·nr + j] = Σₚ a[aOff + p·mr + r]·b[bOff + p·ldb + j]     (r < mr, j < nr, p < kc, in order of p)
 * </pre>
 *
 * with {@code ldb = nr} for a packed panel of B, or B's row length when a row-major op(B) is read
 * in place (see {@link Gemm}). Each sum is a chain of fused multiply-adds in order of p, the same
 * rounding in every kernel; {@link #store} then applies alpha and beta to a whole tile inside C
 * (Gemm does it for edge tiles, with the same rounding). The variants, and which one a
 * machine gets, are in {@link KernelChoice}. An instance may keep scratch state, so each worker
 * thread has its own.
 */
interface MicroKernel {

    int mr();

    int nr();

    void tile(int kc, float[] a, int aOff, float[] b, int bOff, int ldb, float[] acc);

    /**
     * As {@link #tile}, with A read in place instead of from a packed panel: A[r, p] =
     * {@code a[aOff + r·lda + p]} ({@code mr} whole rows of a row-major op(A)). Saves packing A,
     * which is a third of the work for the small products of an MLP step.
     */
    void tileRows(int kc, float[] a, int aOff, int lda, float[] b, int bOff, int ldb, float[] acc);

    /**
     * {@link #tile} with {@code ldb = nr}: a packed panel of B. The vector kernels run a copy of the
     * loop with the stride as a constant (fewer instructions a step, see scripts/gen-micro-kernels),
     * the same sums in the same order. {@link Gemm} takes the same one of the two loops for every
     * tile of a block, edge tiles included (it says why).
     */
    default void tilePacked(int kc, float[] a, int aOff, float[] b, int bOff, float[] acc) {
        tile(kc, a, aOff, b, bOff, nr(), acc);
    }

    /** {@link #tileRows} with {@code lda = Gemm.KC} (Gemm's packed rows of A) and {@code ldb = nr}, as {@link #tilePacked}. */
    default void tileRowsPacked(int kc, float[] a, int aOff, float[] b, int bOff, float[] acc) {
        tileRows(kc, a, aOff, Gemm.KC, b, bOff, nr(), acc);
    }

    /**
     * Copies {@code panels} consecutive runs of nr floats from {@code src[srcOff…]} to
     * {@code dst[dstOff + q·panelStride…]} (q < panels): one step of k of a row-major B, packed into
     * its panels side by side ({@link Gemm}). A copy of nr floats is too short for
     * {@code System.arraycopy}, whose call costs more than it moves.
     */
    void copyToPanels(float[] src, int srcOff, int panels, float[] dst, int dstOff, int panelStride);

    /**
     * Copies {@code steps} runs of mr floats, run s from {@code src[srcOff + s·srcStride…]} to
     * {@code dst[dstOff + s·mr…]}: a full panel of a transposed op(A), whose mr values of one step are
     * adjacent ({@link Gemm}). A vector kernel copies with whole vectors and may write up to
     * {@link Gemm#PACK_SLACK} floats past the last run (the values are garbage); the caller leaves
     * that room. Six floats are too few for {@code System.arraycopy}, and copied one by one they were a
     * fifth of a weight-gradient product on an AVX-512 core.
     */
    void copySteps(float[] src, int srcOff, int srcStride, int steps, float[] dst, int dstOff);

    /**
     * {@code dst[dstOff + p·nr + j] = src[srcOff + j·srcStride + p]} for j < nr, p < kc: a full panel
     * of a transposed op(B), whose column j is a row of B ({@link Gemm}). A vector kernel transposes
     * square blocks in registers ({@link VectorTranspose}); one float at a time, with a store every
     * nr floats apart, this was a fifth of an input-gradient product ({@code dY·Wᵀ}).
     */
    void transposeToPanel(float[] src, int srcOff, int srcStride, int kc, float[] dst, int dstOff);

    /**
     * {@code C[r, j] = fma(C[r, j], beta, alpha·acc[r·nr + j])} for the whole tile, {@code C[r, j] =
     * c[cOff + r·ldc + j]}; with {@code beta == 0}, {@code alpha·acc} and C is not read (NaN there
     * is overwritten).
     */
    void store(float[] acc, float alpha, float beta, float[] c, int cOff, int ldc);

    /** What the kernel is, for {@link CpuBackend#deviceDescription()}. */
    String describe();
}
