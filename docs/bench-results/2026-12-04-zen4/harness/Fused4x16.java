package io.jmlp.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/** Experiment: 4x16 tileRowsPacked with the tile's store into C in the same method (beta = 0 and beta != 0 apart). */
final class Fused4x16 {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_256;

    static void tileRowsPackedSet(int kc, float[] a, int aOff, float[] b, int bOff, float alpha, float[] c, int cOff, int ldc) {
        FloatVector c00 = FloatVector.zero(S); FloatVector c01 = FloatVector.zero(S);
        FloatVector c10 = FloatVector.zero(S); FloatVector c11 = FloatVector.zero(S);
        FloatVector c20 = FloatVector.zero(S); FloatVector c21 = FloatVector.zero(S);
        FloatVector c30 = FloatVector.zero(S); FloatVector c31 = FloatVector.zero(S);
        int pa = aOff;
        int pb = bOff;
        for (int p = 0; p < kc; p++, pa++, pb += 16) {
            FloatVector b0 = FloatVector.fromArray(S, b, pb);
            FloatVector b1 = FloatVector.fromArray(S, b, pb + 8);
            FloatVector ar;
            ar = FloatVector.broadcast(S, a[pa]);
            c00 = b0.fma(ar, c00);
            c01 = b1.fma(ar, c01);
            ar = FloatVector.broadcast(S, a[pa + 1 * Gemm.KC]);
            c10 = b0.fma(ar, c10);
            c11 = b1.fma(ar, c11);
            ar = FloatVector.broadcast(S, a[pa + 2 * Gemm.KC]);
            c20 = b0.fma(ar, c20);
            c21 = b1.fma(ar, c21);
            ar = FloatVector.broadcast(S, a[pa + 3 * Gemm.KC]);
            c30 = b0.fma(ar, c30);
            c31 = b1.fma(ar, c31);
        }
        c00.mul(alpha).intoArray(c, cOff + 0 * ldc + 0);
        c01.mul(alpha).intoArray(c, cOff + 0 * ldc + 8);
        c10.mul(alpha).intoArray(c, cOff + 1 * ldc + 0);
        c11.mul(alpha).intoArray(c, cOff + 1 * ldc + 8);
        c20.mul(alpha).intoArray(c, cOff + 2 * ldc + 0);
        c21.mul(alpha).intoArray(c, cOff + 2 * ldc + 8);
        c30.mul(alpha).intoArray(c, cOff + 3 * ldc + 0);
        c31.mul(alpha).intoArray(c, cOff + 3 * ldc + 8);
    }

    static void tileRowsPackedAdd(int kc, float[] a, int aOff, float[] b, int bOff, float alpha, float beta, float[] c, int cOff, int ldc) {
        FloatVector vb = FloatVector.broadcast(S, beta);
        FloatVector c00 = FloatVector.zero(S); FloatVector c01 = FloatVector.zero(S);
        FloatVector c10 = FloatVector.zero(S); FloatVector c11 = FloatVector.zero(S);
        FloatVector c20 = FloatVector.zero(S); FloatVector c21 = FloatVector.zero(S);
        FloatVector c30 = FloatVector.zero(S); FloatVector c31 = FloatVector.zero(S);
        int pa = aOff;
        int pb = bOff;
        for (int p = 0; p < kc; p++, pa++, pb += 16) {
            FloatVector b0 = FloatVector.fromArray(S, b, pb);
            FloatVector b1 = FloatVector.fromArray(S, b, pb + 8);
            FloatVector ar;
            ar = FloatVector.broadcast(S, a[pa]);
            c00 = b0.fma(ar, c00);
            c01 = b1.fma(ar, c01);
            ar = FloatVector.broadcast(S, a[pa + 1 * Gemm.KC]);
            c10 = b0.fma(ar, c10);
            c11 = b1.fma(ar, c11);
            ar = FloatVector.broadcast(S, a[pa + 2 * Gemm.KC]);
            c20 = b0.fma(ar, c20);
            c21 = b1.fma(ar, c21);
            ar = FloatVector.broadcast(S, a[pa + 3 * Gemm.KC]);
            c30 = b0.fma(ar, c30);
            c31 = b1.fma(ar, c31);
        }
        FloatVector.fromArray(S, c, cOff + 0 * ldc + 0).fma(vb, c00.mul(alpha)).intoArray(c, cOff + 0 * ldc + 0);
        FloatVector.fromArray(S, c, cOff + 0 * ldc + 8).fma(vb, c01.mul(alpha)).intoArray(c, cOff + 0 * ldc + 8);
        FloatVector.fromArray(S, c, cOff + 1 * ldc + 0).fma(vb, c10.mul(alpha)).intoArray(c, cOff + 1 * ldc + 0);
        FloatVector.fromArray(S, c, cOff + 1 * ldc + 8).fma(vb, c11.mul(alpha)).intoArray(c, cOff + 1 * ldc + 8);
        FloatVector.fromArray(S, c, cOff + 2 * ldc + 0).fma(vb, c20.mul(alpha)).intoArray(c, cOff + 2 * ldc + 0);
        FloatVector.fromArray(S, c, cOff + 2 * ldc + 8).fma(vb, c21.mul(alpha)).intoArray(c, cOff + 2 * ldc + 8);
        FloatVector.fromArray(S, c, cOff + 3 * ldc + 0).fma(vb, c30.mul(alpha)).intoArray(c, cOff + 3 * ldc + 0);
        FloatVector.fromArray(S, c, cOff + 3 * ldc + 8).fma(vb, c31.mul(alpha)).intoArray(c, cOff + 3 * ldc + 8);
    }
}
