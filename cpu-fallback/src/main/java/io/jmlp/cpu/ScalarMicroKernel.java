package io.jmlp.cpu;

import java.util.Arrays;

/**
 * The GEMM micro-kernel in plain Java, for JVMs started without {@code jdk.incubator.vector}: the
 * same packed layout and rounding as {@link VectorMicroKernel}, a 4 × 16 tile accumulated in a
 * small array whose fixed-length inner loops the JIT unrolls (and on most JVMs vectorises). It
 * keeps that array as scratch, so each worker has its own instance.
 */
final class ScalarMicroKernel implements MicroKernel {
    private static final int MR = 4;
    private static final int NR = 16;
    private final float[] acc = new float[MR * NR];

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
    public void tile(int kc, float[] a, int aOff, float[] b, int bOff, float alpha, float beta, float[] c, int cOff, int ldc) {
        float[] t = acc;
        Arrays.fill(t, 0f);
        for (int p = 0; p < kc; p++) {
            int pa = aOff + p * MR;
            int pb = bOff + p * NR;
            for (int r = 0; r < MR; r++) {
                float ar = a[pa + r];
                int row = r * NR;
                for (int j = 0; j < NR; j++) {
                    t[row + j] = Math.fma(ar, b[pb + j], t[row + j]);
                }
            }
        }
        for (int r = 0; r < MR; r++) {
            int out = cOff + r * ldc;
            for (int j = 0; j < NR; j++) {
                float v = alpha * t[r * NR + j];
                c[out + j] = beta == 0f ? v : Math.fma(c[out + j], beta, v);
            }
        }
    }
}
