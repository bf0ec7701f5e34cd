package io.jmlp.cpu;

import java.util.Arrays;

/**
 * Floats a nanosecond of three ways to pack a kc × nc block of a row-major B (ldb = 1024, as at
 * 1024³) into panels of 16 columns: row by row (Gemm.packB, each row spread over every panel),
 * panel by panel (each panel's kc rows), and row groups of 8 (each group written panel by panel).
 */
public class PackTime {
    public static void main(String[] args) {
        int ldb = Integer.parseInt(args[0]), kc = 256, nc = 256, nr = 16, k = 1024;
        MicroKernel kern = new VectorKernel4x16();
        float[] b = new float[k * ldb];
        Arrays.fill(b, 1f);
        float[] bp = new float[kc * nc];
        String[] names = {"row by row", "panel by panel", "groups of 8 rows"};
        double[] best = new double[3];
        for (int round = 0; round < 8; round++) {
            for (int way = 0; way < 3; way++) {
                long floats = 0, t0 = System.nanoTime(), t;
                int pc = 0, jc = 0;
                do {
                    pack(way, kern, b, pc * ldb + jc, ldb, kc, nc, nr, bp);
                    floats += (long) kc * nc;
                    pc = (pc + kc) % k;
                    jc = (jc + nc) % ldb;
                } while ((t = System.nanoTime()) - t0 < 200_000_000L);
                if (round > 0) best[way] = Math.max(best[way], (double) floats / (t - t0));
            }
        }
        for (int way = 0; way < 3; way++) System.out.printf("ldb %d %-18s %6.2f floats/ns%n", ldb, names[way], best[way]);
    }

    static void pack(int way, MicroKernel kern, float[] b, int off, int ldb, int kc, int nc, int nr, float[] bp) {
        int panels = nc / nr;
        if (way == 0) {
            for (int p = 0; p < kc; p++) kern.copyToPanels(b, off + p * ldb, panels, bp, p * nr, kc * nr);
        } else if (way == 1) {
            for (int q = 0; q < panels; q++)
                for (int p = 0; p < kc; p++) kern.copyToPanels(b, off + p * ldb + q * nr, 1, bp, q * kc * nr + p * nr, 0);
        } else {
            for (int p0 = 0; p0 < kc; p0 += 8)
                for (int q = 0; q < panels; q++)
                    for (int p = p0; p < p0 + 8; p++) kern.copyToPanels(b, off + p * ldb + q * nr, 1, bp, q * kc * nr + p * nr, 0);
        }
    }
}
