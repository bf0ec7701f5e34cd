package io.jmlp.cpu;

/**
 * The innermost loop of {@link Gemm}: one {@code mr × nr} tile of C from a packed panel of
 * op(A) ({@code kc} steps of {@code mr} values) and a packed panel of op(B) ({@code kc} steps of
 * {@code nr} values), with the whole tile held in registers for the {@code kc} steps:
 *
 * <pre>
 * C[r, j] = alpha·Σₚ a[aOff + p·mr + r]·b[bOff + p·ldb + j] + beta·C[r, j]     (r < mr, j < nr)
 * </pre>
 *
 * with {@code ldb = nr} for a packed panel of B, or B's row length when a row-major op(B) is read
 * in place (see {@link Gemm}), and {@code C[r, j] = c[cOff + r·ldc + j]}; when {@code beta == 0} C is not read (NaN there is
 * overwritten). The result is {@code fma(C, beta, alpha·sum)}, the same rounding in every kernel.
 * An instance may keep scratch state, so each worker thread has its own.
 */
interface MicroKernel {

    int mr();

    int nr();

    void tile(int kc, float[] a, int aOff, float[] b, int bOff, int ldb, float alpha, float beta, float[] c, int cOff, int ldc);

    /**
     * As {@link #tile}, with A read in place instead of from a packed panel: A[r, p] =
     * {@code a[aOff + r·lda + p]} ({@code mr} whole rows of a row-major op(A)). Saves packing A,
     * which is a third of the work for the small products of an MLP step.
     */
    void tileRows(int kc, float[] a, int aOff, int lda, float[] b, int bOff, int ldb, float alpha, float beta, float[] c, int cOff, int ldc);

    /** What the kernel is, for {@link CpuBackend#deviceDescription()}. */
    String describe();

    /** {@code -Djmlp.cpu.kernel=scalar} forces the plain kernel (to measure what the Vector API buys). */
    String KERNEL_PROPERTY = "jmlp.cpu.kernel";

    /**
     * The Vector API kernel when {@code jdk.incubator.vector} is in the boot layer (the JVM was
     * started with {@code --add-modules jdk.incubator.vector}) and its preferred vectors hold at
     * least 8 floats; otherwise, or with {@code -Djmlp.cpu.kernel=scalar}, the plain Java one.
     */
    static MicroKernel best() {
        boolean scalarAsked = "scalar".equalsIgnoreCase(System.getProperty(KERNEL_PROPERTY, ""));
        if (!scalarAsked && VectorSupport.available()) {
            try {
                MicroKernel vector = VectorSupport.kernel();
                if (vector != null) {
                    return vector;
                }
            } catch (LinkageError e) {
                // Module present but unusable on this JVM: the plain kernel still works.
            }
        }
        return new ScalarMicroKernel();
    }

    /** The kernel for C at most one vector wide ({@link VectorNarrowKernel}), or null where {@link #best()} is not the Vector API one. */
    static MicroKernel narrow() {
        MicroKernel wide = best();
        return wide instanceof ScalarMicroKernel ? null : VectorSupport.narrowKernel();
    }
}
