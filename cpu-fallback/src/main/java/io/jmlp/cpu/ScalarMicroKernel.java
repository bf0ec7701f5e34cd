package io.jmlp.cpu;

/**
 * The GEMM micro-kernel in plain Java, for JVMs started without {@code jdk.incubator.vector}: the
 * same packed layout and rounding as {@link VectorMicroKernel}, a 4 × 4 tile in 16 scalar locals
 * (independent FMA chains, enough to keep both FMA ports busy; an accumulator array would put a
 * load and a store around every FMA instead). The JIT does not vectorise this, so it reaches a
 * fraction of the Vector API kernel's speed; it exists so that the backend still works everywhere.
 */
final class ScalarMicroKernel implements MicroKernel {
    private static final int MR = 4;
    private static final int NR = 4;

    @Override
    public int mr() {
        return MR;
    }

    @Override
    public int nr() {
        return NR;
    }

    @Override
    public String describe() {
        return "plain Java " + MR + "×" + NR + " micro-kernel (start the JVM with --add-modules jdk.incubator.vector for the faster one)";
    }

    @Override
    public void tile(int kc, float[] a, int aOff, float[] b, int bOff, int ldb, float alpha, float beta, float[] c, int cOff, int ldc) {
        float c00 = 0f, c01 = 0f, c02 = 0f, c03 = 0f;
        float c10 = 0f, c11 = 0f, c12 = 0f, c13 = 0f;
        float c20 = 0f, c21 = 0f, c22 = 0f, c23 = 0f;
        float c30 = 0f, c31 = 0f, c32 = 0f, c33 = 0f;
        for (int p = 0, pa = aOff, pb = bOff; p < kc; p++, pa += MR, pb += ldb) {
            float a0 = a[pa + 0];
            float a1 = a[pa + 1];
            float a2 = a[pa + 2];
            float a3 = a[pa + 3];
            float b0 = b[pb + 0];
            float b1 = b[pb + 1];
            float b2 = b[pb + 2];
            float b3 = b[pb + 3];
            c00 = Math.fma(a0, b0, c00); c01 = Math.fma(a0, b1, c01); c02 = Math.fma(a0, b2, c02); c03 = Math.fma(a0, b3, c03);
            c10 = Math.fma(a1, b0, c10); c11 = Math.fma(a1, b1, c11); c12 = Math.fma(a1, b2, c12); c13 = Math.fma(a1, b3, c13);
            c20 = Math.fma(a2, b0, c20); c21 = Math.fma(a2, b1, c21); c22 = Math.fma(a2, b2, c22); c23 = Math.fma(a2, b3, c23);
            c30 = Math.fma(a3, b0, c30); c31 = Math.fma(a3, b1, c31); c32 = Math.fma(a3, b2, c32); c33 = Math.fma(a3, b3, c33);
        }
        store(c, cOff + 0 * ldc, alpha, beta, c00, c01, c02, c03);
        store(c, cOff + 1 * ldc, alpha, beta, c10, c11, c12, c13);
        store(c, cOff + 2 * ldc, alpha, beta, c20, c21, c22, c23);
        store(c, cOff + 3 * ldc, alpha, beta, c30, c31, c32, c33);
    }

    @Override
    public void tileRows(int kc, float[] a, int aOff, int lda, float[] b, int bOff, int ldb, float alpha, float beta, float[] c, int cOff, int ldc) {
        float c00 = 0f, c01 = 0f, c02 = 0f, c03 = 0f;
        float c10 = 0f, c11 = 0f, c12 = 0f, c13 = 0f;
        float c20 = 0f, c21 = 0f, c22 = 0f, c23 = 0f;
        float c30 = 0f, c31 = 0f, c32 = 0f, c33 = 0f;
        int p0 = aOff + 0 * lda;
        int p1 = aOff + 1 * lda;
        int p2 = aOff + 2 * lda;
        int p3 = aOff + 3 * lda;
        for (int p = 0, pb = bOff; p < kc; p++, pb += ldb) {
            float a0 = a[p0 + p];
            float a1 = a[p1 + p];
            float a2 = a[p2 + p];
            float a3 = a[p3 + p];
            float b0 = b[pb + 0];
            float b1 = b[pb + 1];
            float b2 = b[pb + 2];
            float b3 = b[pb + 3];
            c00 = Math.fma(a0, b0, c00); c01 = Math.fma(a0, b1, c01); c02 = Math.fma(a0, b2, c02); c03 = Math.fma(a0, b3, c03);
            c10 = Math.fma(a1, b0, c10); c11 = Math.fma(a1, b1, c11); c12 = Math.fma(a1, b2, c12); c13 = Math.fma(a1, b3, c13);
            c20 = Math.fma(a2, b0, c20); c21 = Math.fma(a2, b1, c21); c22 = Math.fma(a2, b2, c22); c23 = Math.fma(a2, b3, c23);
            c30 = Math.fma(a3, b0, c30); c31 = Math.fma(a3, b1, c31); c32 = Math.fma(a3, b2, c32); c33 = Math.fma(a3, b3, c33);
        }
        store(c, cOff + 0 * ldc, alpha, beta, c00, c01, c02, c03);
        store(c, cOff + 1 * ldc, alpha, beta, c10, c11, c12, c13);
        store(c, cOff + 2 * ldc, alpha, beta, c20, c21, c22, c23);
        store(c, cOff + 3 * ldc, alpha, beta, c30, c31, c32, c33);
    }

    private static void store(float[] c, int off, float alpha, float beta, float v0, float v1, float v2, float v3) {
        if (beta == 0f) {
            c[off] = alpha * v0;
            c[off + 1] = alpha * v1;
            c[off + 2] = alpha * v2;
            c[off + 3] = alpha * v3;
        } else {
            c[off] = Math.fma(c[off], beta, alpha * v0);
            c[off + 1] = Math.fma(c[off + 1], beta, alpha * v1);
            c[off + 2] = Math.fma(c[off + 2], beta, alpha * v2);
            c[off + 3] = Math.fma(c[off + 3], beta, alpha * v3);
        }
    }
}
