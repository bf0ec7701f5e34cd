package io.jmlp.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/** Experiment: the 4x16 packed loop as generated, against the same sums two steps per iteration. Unroll [rounds]. */
public class Unroll {
    static final VectorSpecies<Float> S = FloatVector.SPECIES_256;
    static final int MR = 4, NR = 16;

    static void unrolled(int kc, float[] a, int aOff, float[] b, int bOff, float[] acc) {
        FloatVector c00 = FloatVector.zero(S); FloatVector c01 = FloatVector.zero(S);
        FloatVector c10 = FloatVector.zero(S); FloatVector c11 = FloatVector.zero(S);
        FloatVector c20 = FloatVector.zero(S); FloatVector c21 = FloatVector.zero(S);
        FloatVector c30 = FloatVector.zero(S); FloatVector c31 = FloatVector.zero(S);
        int pa = aOff;
        int pb = bOff;
        int p = 0;
        for (; p + 1 < kc; p += 2, pa += 2 * MR, pb += 2 * NR) {
            FloatVector b0 = FloatVector.fromArray(S, b, pb);
            FloatVector b1 = FloatVector.fromArray(S, b, pb + 8);
            FloatVector ar;
            ar = FloatVector.broadcast(S, a[pa + 0]); c00 = b0.fma(ar, c00); c01 = b1.fma(ar, c01);
            ar = FloatVector.broadcast(S, a[pa + 1]); c10 = b0.fma(ar, c10); c11 = b1.fma(ar, c11);
            ar = FloatVector.broadcast(S, a[pa + 2]); c20 = b0.fma(ar, c20); c21 = b1.fma(ar, c21);
            ar = FloatVector.broadcast(S, a[pa + 3]); c30 = b0.fma(ar, c30); c31 = b1.fma(ar, c31);
            b0 = FloatVector.fromArray(S, b, pb + 16);
            b1 = FloatVector.fromArray(S, b, pb + 24);
            ar = FloatVector.broadcast(S, a[pa + 4]); c00 = b0.fma(ar, c00); c01 = b1.fma(ar, c01);
            ar = FloatVector.broadcast(S, a[pa + 5]); c10 = b0.fma(ar, c10); c11 = b1.fma(ar, c11);
            ar = FloatVector.broadcast(S, a[pa + 6]); c20 = b0.fma(ar, c20); c21 = b1.fma(ar, c21);
            ar = FloatVector.broadcast(S, a[pa + 7]); c30 = b0.fma(ar, c30); c31 = b1.fma(ar, c31);
        }
        for (; p < kc; p++, pa += MR, pb += NR) {
            FloatVector b0 = FloatVector.fromArray(S, b, pb);
            FloatVector b1 = FloatVector.fromArray(S, b, pb + 8);
            FloatVector ar;
            ar = FloatVector.broadcast(S, a[pa + 0]); c00 = b0.fma(ar, c00); c01 = b1.fma(ar, c01);
            ar = FloatVector.broadcast(S, a[pa + 1]); c10 = b0.fma(ar, c10); c11 = b1.fma(ar, c11);
            ar = FloatVector.broadcast(S, a[pa + 2]); c20 = b0.fma(ar, c20); c21 = b1.fma(ar, c21);
            ar = FloatVector.broadcast(S, a[pa + 3]); c30 = b0.fma(ar, c30); c31 = b1.fma(ar, c31);
        }
        c00.intoArray(acc, 0); c01.intoArray(acc, 8); c10.intoArray(acc, 16); c11.intoArray(acc, 24);
        c20.intoArray(acc, 32); c21.intoArray(acc, 40); c30.intoArray(acc, 48); c31.intoArray(acc, 56);
    }

    public static void main(String[] args) {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        int kc = 256;
        float[] a = new float[MR * kc + 16], b = new float[NR * kc + 16], acc = new float[64], acc2 = new float[64];
        java.util.Random r = new java.util.Random(1);
        for (int i = 0; i < a.length; i++) a[i] = r.nextFloat();
        for (int i = 0; i < b.length; i++) b[i] = r.nextFloat();
        VectorKernel4x16 k = new VectorKernel4x16();
        for (int kk : new int[] {256, 255, 10, 1}) {
            k.tilePacked(kk, a, 0, b, 0, acc);
            unrolled(kk, a, 0, b, 0, acc2);
            if (!java.util.Arrays.equals(acc, acc2)) throw new AssertionError("bits differ at kc " + kk);
        }
        for (int round = 0; round < rounds; round++) {
            for (int v = 0; v < 2; v++) {
                long calls = 0, t0 = System.nanoTime(), t;
                do {
                    for (int i = 0; i < 1000; i++) {
                        if (v == 0) k.tilePacked(kc, a, 0, b, 0, acc); else unrolled(kc, a, 0, b, 0, acc);
                    }
                    calls += 1000;
                } while ((t = System.nanoTime()) - t0 < 500_000_000L);
                System.out.printf("round %d %-10s %.1f GFLOP/s%n", round, v == 0 ? "generated" : "unrolled2", 2.0 * 64 * kc * calls / (t - t0));
            }
        }
    }
}
