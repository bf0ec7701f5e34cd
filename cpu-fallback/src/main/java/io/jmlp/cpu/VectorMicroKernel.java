package io.jmlp.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The GEMM micro-kernel on the Vector API: a 6 × (2 vectors) tile of C in 12 vector registers,
 * updated by one broadcast of A and two FMAs per row and step of k. With AVX2 (8 floats a vector)
 * that is 12 accumulators, 2 B vectors and a broadcast: 15 of the 16 ymm registers; with AVX-512
 * (16 floats) a 6 × 32 tile in 15 of 32 zmm registers. The accumulators are named locals rather
 * than an array because only locals stay in registers. (Generated once by hand-unrolling; edit
 * all six rows alike.)
 *
 * <p>Only loaded when {@code jdk.incubator.vector} is present (see {@link VectorSupport}).
 */
final class VectorMicroKernel implements MicroKernel {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    static final int MR = 6;
    private static final int NR = 2 * L;

    /** Shorter vectors (128-bit NEON/SSE) would not beat the plain kernel by much; below 8 lanes it is not used. */
    static boolean usable() {
        return L >= 8;
    }

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
        return "Vector API " + S.vectorBitSize() + "-bit " + MR + "×" + NR + " micro-kernel";
    }

    @Override
    public void tile(int kc, float[] a, int aOff, float[] b, int bOff, int ldb, float alpha, float beta, float[] c, int cOff, int ldc) {
        FloatVector c00 = FloatVector.zero(S), c01 = FloatVector.zero(S);
        FloatVector c10 = FloatVector.zero(S), c11 = FloatVector.zero(S);
        FloatVector c20 = FloatVector.zero(S), c21 = FloatVector.zero(S);
        FloatVector c30 = FloatVector.zero(S), c31 = FloatVector.zero(S);
        FloatVector c40 = FloatVector.zero(S), c41 = FloatVector.zero(S);
        FloatVector c50 = FloatVector.zero(S), c51 = FloatVector.zero(S);
        int pa = aOff;
        int pb = bOff;
        for (int p = 0; p < kc; p++, pa += MR, pb += ldb) {
            FloatVector b0 = FloatVector.fromArray(S, b, pb);
            FloatVector b1 = FloatVector.fromArray(S, b, pb + L);
            FloatVector ar;
            ar = FloatVector.broadcast(S, a[pa + 0]);
            c00 = b0.fma(ar, c00);
            c01 = b1.fma(ar, c01);
            ar = FloatVector.broadcast(S, a[pa + 1]);
            c10 = b0.fma(ar, c10);
            c11 = b1.fma(ar, c11);
            ar = FloatVector.broadcast(S, a[pa + 2]);
            c20 = b0.fma(ar, c20);
            c21 = b1.fma(ar, c21);
            ar = FloatVector.broadcast(S, a[pa + 3]);
            c30 = b0.fma(ar, c30);
            c31 = b1.fma(ar, c31);
            ar = FloatVector.broadcast(S, a[pa + 4]);
            c40 = b0.fma(ar, c40);
            c41 = b1.fma(ar, c41);
            ar = FloatVector.broadcast(S, a[pa + 5]);
            c50 = b0.fma(ar, c50);
            c51 = b1.fma(ar, c51);
        }
        // Written out row by row rather than through a helper method: a vector passed to a call the
        // JIT does not inline is boxed, and then the whole loop above runs on boxed vectors (10× slower).
        FloatVector va = FloatVector.broadcast(S, alpha);
        if (beta == 0f) {
            c00.mul(va).intoArray(c, cOff + 0 * ldc);
            c01.mul(va).intoArray(c, cOff + 0 * ldc + L);
            c10.mul(va).intoArray(c, cOff + 1 * ldc);
            c11.mul(va).intoArray(c, cOff + 1 * ldc + L);
            c20.mul(va).intoArray(c, cOff + 2 * ldc);
            c21.mul(va).intoArray(c, cOff + 2 * ldc + L);
            c30.mul(va).intoArray(c, cOff + 3 * ldc);
            c31.mul(va).intoArray(c, cOff + 3 * ldc + L);
            c40.mul(va).intoArray(c, cOff + 4 * ldc);
            c41.mul(va).intoArray(c, cOff + 4 * ldc + L);
            c50.mul(va).intoArray(c, cOff + 5 * ldc);
            c51.mul(va).intoArray(c, cOff + 5 * ldc + L);
        } else {
            FloatVector vb = FloatVector.broadcast(S, beta);
            FloatVector.fromArray(S, c, cOff + 0 * ldc).fma(vb, c00.mul(va)).intoArray(c, cOff + 0 * ldc);
            FloatVector.fromArray(S, c, cOff + 0 * ldc + L).fma(vb, c01.mul(va)).intoArray(c, cOff + 0 * ldc + L);
            FloatVector.fromArray(S, c, cOff + 1 * ldc).fma(vb, c10.mul(va)).intoArray(c, cOff + 1 * ldc);
            FloatVector.fromArray(S, c, cOff + 1 * ldc + L).fma(vb, c11.mul(va)).intoArray(c, cOff + 1 * ldc + L);
            FloatVector.fromArray(S, c, cOff + 2 * ldc).fma(vb, c20.mul(va)).intoArray(c, cOff + 2 * ldc);
            FloatVector.fromArray(S, c, cOff + 2 * ldc + L).fma(vb, c21.mul(va)).intoArray(c, cOff + 2 * ldc + L);
            FloatVector.fromArray(S, c, cOff + 3 * ldc).fma(vb, c30.mul(va)).intoArray(c, cOff + 3 * ldc);
            FloatVector.fromArray(S, c, cOff + 3 * ldc + L).fma(vb, c31.mul(va)).intoArray(c, cOff + 3 * ldc + L);
            FloatVector.fromArray(S, c, cOff + 4 * ldc).fma(vb, c40.mul(va)).intoArray(c, cOff + 4 * ldc);
            FloatVector.fromArray(S, c, cOff + 4 * ldc + L).fma(vb, c41.mul(va)).intoArray(c, cOff + 4 * ldc + L);
            FloatVector.fromArray(S, c, cOff + 5 * ldc).fma(vb, c50.mul(va)).intoArray(c, cOff + 5 * ldc);
            FloatVector.fromArray(S, c, cOff + 5 * ldc + L).fma(vb, c51.mul(va)).intoArray(c, cOff + 5 * ldc + L);
        }
    }

    @Override
    public void tileRows(int kc, float[] a, int aOff, int lda, float[] b, int bOff, int ldb, float alpha, float beta, float[] c, int cOff, int ldc) {
        FloatVector c00 = FloatVector.zero(S), c01 = FloatVector.zero(S);
        FloatVector c10 = FloatVector.zero(S), c11 = FloatVector.zero(S);
        FloatVector c20 = FloatVector.zero(S), c21 = FloatVector.zero(S);
        FloatVector c30 = FloatVector.zero(S), c31 = FloatVector.zero(S);
        FloatVector c40 = FloatVector.zero(S), c41 = FloatVector.zero(S);
        FloatVector c50 = FloatVector.zero(S), c51 = FloatVector.zero(S);
        int p0 = aOff + 0 * lda;
        int p1 = aOff + 1 * lda;
        int p2 = aOff + 2 * lda;
        int p3 = aOff + 3 * lda;
        int p4 = aOff + 4 * lda;
        int p5 = aOff + 5 * lda;
        int pb = bOff;
        for (int p = 0; p < kc; p++, pb += ldb) {
            FloatVector b0 = FloatVector.fromArray(S, b, pb);
            FloatVector b1 = FloatVector.fromArray(S, b, pb + L);
            FloatVector ar;
            ar = FloatVector.broadcast(S, a[p0 + p]);
            c00 = b0.fma(ar, c00);
            c01 = b1.fma(ar, c01);
            ar = FloatVector.broadcast(S, a[p1 + p]);
            c10 = b0.fma(ar, c10);
            c11 = b1.fma(ar, c11);
            ar = FloatVector.broadcast(S, a[p2 + p]);
            c20 = b0.fma(ar, c20);
            c21 = b1.fma(ar, c21);
            ar = FloatVector.broadcast(S, a[p3 + p]);
            c30 = b0.fma(ar, c30);
            c31 = b1.fma(ar, c31);
            ar = FloatVector.broadcast(S, a[p4 + p]);
            c40 = b0.fma(ar, c40);
            c41 = b1.fma(ar, c41);
            ar = FloatVector.broadcast(S, a[p5 + p]);
            c50 = b0.fma(ar, c50);
            c51 = b1.fma(ar, c51);
        }
        // Written out row by row rather than through a helper method: a vector passed to a call the
        // JIT does not inline is boxed, and then the whole loop above runs on boxed vectors (10× slower).
        FloatVector va = FloatVector.broadcast(S, alpha);
        if (beta == 0f) {
            c00.mul(va).intoArray(c, cOff + 0 * ldc);
            c01.mul(va).intoArray(c, cOff + 0 * ldc + L);
            c10.mul(va).intoArray(c, cOff + 1 * ldc);
            c11.mul(va).intoArray(c, cOff + 1 * ldc + L);
            c20.mul(va).intoArray(c, cOff + 2 * ldc);
            c21.mul(va).intoArray(c, cOff + 2 * ldc + L);
            c30.mul(va).intoArray(c, cOff + 3 * ldc);
            c31.mul(va).intoArray(c, cOff + 3 * ldc + L);
            c40.mul(va).intoArray(c, cOff + 4 * ldc);
            c41.mul(va).intoArray(c, cOff + 4 * ldc + L);
            c50.mul(va).intoArray(c, cOff + 5 * ldc);
            c51.mul(va).intoArray(c, cOff + 5 * ldc + L);
        } else {
            FloatVector vb = FloatVector.broadcast(S, beta);
            FloatVector.fromArray(S, c, cOff + 0 * ldc).fma(vb, c00.mul(va)).intoArray(c, cOff + 0 * ldc);
            FloatVector.fromArray(S, c, cOff + 0 * ldc + L).fma(vb, c01.mul(va)).intoArray(c, cOff + 0 * ldc + L);
            FloatVector.fromArray(S, c, cOff + 1 * ldc).fma(vb, c10.mul(va)).intoArray(c, cOff + 1 * ldc);
            FloatVector.fromArray(S, c, cOff + 1 * ldc + L).fma(vb, c11.mul(va)).intoArray(c, cOff + 1 * ldc + L);
            FloatVector.fromArray(S, c, cOff + 2 * ldc).fma(vb, c20.mul(va)).intoArray(c, cOff + 2 * ldc);
            FloatVector.fromArray(S, c, cOff + 2 * ldc + L).fma(vb, c21.mul(va)).intoArray(c, cOff + 2 * ldc + L);
            FloatVector.fromArray(S, c, cOff + 3 * ldc).fma(vb, c30.mul(va)).intoArray(c, cOff + 3 * ldc);
            FloatVector.fromArray(S, c, cOff + 3 * ldc + L).fma(vb, c31.mul(va)).intoArray(c, cOff + 3 * ldc + L);
            FloatVector.fromArray(S, c, cOff + 4 * ldc).fma(vb, c40.mul(va)).intoArray(c, cOff + 4 * ldc);
            FloatVector.fromArray(S, c, cOff + 4 * ldc + L).fma(vb, c41.mul(va)).intoArray(c, cOff + 4 * ldc + L);
            FloatVector.fromArray(S, c, cOff + 5 * ldc).fma(vb, c50.mul(va)).intoArray(c, cOff + 5 * ldc);
            FloatVector.fromArray(S, c, cOff + 5 * ldc + L).fma(vb, c51.mul(va)).intoArray(c, cOff + 5 * ldc + L);
        }
    }
}
