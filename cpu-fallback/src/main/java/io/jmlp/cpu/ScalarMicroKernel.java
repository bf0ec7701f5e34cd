package io.jmlp.cpu;

/**
 * The GEMM micro-kernel in plain Java, for JVMs started without {@code jdk.incubator.vector}: the
 * same packed layout and rounding as the Vector API kernels ({@link KernelChoice}), a 4 × 4 tile in 16 scalar locals
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
        return "plain Java " + MR + "×" + NR
                + " micro-kernel (start the JVM with --add-modules jdk.incubator.vector for the faster one)";
    }

    @Override
    public void tile(int kc, float[] a, int aOff, float[] b, int bOff, int ldb, float[] acc) {
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
            c00 = Math.fma(a0, b0, c00);
            c01 = Math.fma(a0, b1, c01);
            c02 = Math.fma(a0, b2, c02);
            c03 = Math.fma(a0, b3, c03);
            c10 = Math.fma(a1, b0, c10);
            c11 = Math.fma(a1, b1, c11);
            c12 = Math.fma(a1, b2, c12);
            c13 = Math.fma(a1, b3, c13);
            c20 = Math.fma(a2, b0, c20);
            c21 = Math.fma(a2, b1, c21);
            c22 = Math.fma(a2, b2, c22);
            c23 = Math.fma(a2, b3, c23);
            c30 = Math.fma(a3, b0, c30);
            c31 = Math.fma(a3, b1, c31);
            c32 = Math.fma(a3, b2, c32);
            c33 = Math.fma(a3, b3, c33);
        }
        acc[0] = c00;
        acc[1] = c01;
        acc[2] = c02;
        acc[3] = c03;
        acc[4] = c10;
        acc[5] = c11;
        acc[6] = c12;
        acc[7] = c13;
        acc[8] = c20;
        acc[9] = c21;
        acc[10] = c22;
        acc[11] = c23;
        acc[12] = c30;
        acc[13] = c31;
        acc[14] = c32;
        acc[15] = c33;
    }

    @Override
    public void tileRows(int kc, float[] a, int aOff, int lda, float[] b, int bOff, int ldb, float[] acc) {
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
            c00 = Math.fma(a0, b0, c00);
            c01 = Math.fma(a0, b1, c01);
            c02 = Math.fma(a0, b2, c02);
            c03 = Math.fma(a0, b3, c03);
            c10 = Math.fma(a1, b0, c10);
            c11 = Math.fma(a1, b1, c11);
            c12 = Math.fma(a1, b2, c12);
            c13 = Math.fma(a1, b3, c13);
            c20 = Math.fma(a2, b0, c20);
            c21 = Math.fma(a2, b1, c21);
            c22 = Math.fma(a2, b2, c22);
            c23 = Math.fma(a2, b3, c23);
            c30 = Math.fma(a3, b0, c30);
            c31 = Math.fma(a3, b1, c31);
            c32 = Math.fma(a3, b2, c32);
            c33 = Math.fma(a3, b3, c33);
        }
        acc[0] = c00;
        acc[1] = c01;
        acc[2] = c02;
        acc[3] = c03;
        acc[4] = c10;
        acc[5] = c11;
        acc[6] = c12;
        acc[7] = c13;
        acc[8] = c20;
        acc[9] = c21;
        acc[10] = c22;
        acc[11] = c23;
        acc[12] = c30;
        acc[13] = c31;
        acc[14] = c32;
        acc[15] = c33;
    }

    @Override
    public void store(float[] acc, float alpha, float beta, float[] c, int cOff, int ldc) {
        for (int r = 0; r < MR; r++) {
            int out = cOff + r * ldc;
            for (int j = 0; j < NR; j++) {
                float v = alpha * acc[r * NR + j];
                c[out + j] = beta == 0f ? v : Math.fma(c[out + j], beta, v);
            }
        }
    }

    @Override
    public void copySteps(float[] src, int srcOff, int srcStride, int steps, float[] dst, int dstOff) {
        for (int s = 0, from = srcOff, to = dstOff; s < steps; s++, from += srcStride, to += MR) {
            for (int r = 0; r < MR; r++) {
                dst[to + r] = src[from + r];
            }
        }
    }

    @Override
    public void transposeToPanel(float[] src, int srcOff, int srcStride, int kc, float[] dst, int dstOff) {
        for (int j = 0; j < NR; j++) {
            int from = srcOff + j * srcStride;
            for (int p = 0; p < kc; p++) {
                dst[dstOff + p * NR + j] = src[from + p];
            }
        }
    }

    @Override
    public void copyToPanels(float[] src, int srcOff, int panels, float[] dst, int dstOff, int panelStride) {
        for (int q = 0, from = srcOff, to = dstOff; q < panels; q++, from += NR, to += panelStride) {
            dst[to] = src[from];
            dst[to + 1] = src[from + 1];
            dst[to + 2] = src[from + 2];
            dst[to + 3] = src[from + 3];
        }
    }
}
