package io.jmlp.cpu;

import java.util.Arrays;

/**
 * The 4x16 kernel as tiles() runs it: one B panel (kc 256 × 16) against APANELS A panels (4 rows
 * KC apart, packed), for each of BPANELS B panels, the tile sums going to a scratch tile. APANELS 1
 * and BPANELS 1: the same panels again and again (in L1). Usage: L2Stream APANELS BPANELS [layout rows|steps]
 */
public class L2Stream {
    public static void main(String[] args) {
        int aPanels = Integer.parseInt(args[0]);
        int bPanels = Integer.parseInt(args[1]);
        boolean steps = args.length > 2 && args[2].equals("steps");
        MicroKernel k = new VectorKernel4x16();
        int kc = 256;
        float[] a = new float[aPanels * 4 * kc + 64], b = new float[bPanels * kc * 16 + 64], acc = new float[64];
        Arrays.fill(a, 0.5f);
        Arrays.fill(b, 0.25f);
        for (int round = 0; round < 8; round++) {
            long tiles = 0, t0 = System.nanoTime(), now;
            do {
                for (int jb = 0; jb < bPanels; jb++) {
                    for (int ia = 0; ia < aPanels; ia++) {
                        if (steps) k.tilePacked(kc, a, ia * 4 * kc, b, jb * kc * 16, acc);
                        else k.tileRowsPacked(kc, a, ia * 4 * kc, b, jb * kc * 16, acc);
                    }
                }
                tiles += (long) aPanels * bPanels;
            } while ((now = System.nanoTime()) - t0 < 500_000_000L);
            System.out.printf("%.1f ", 2.0 * 64 * kc * tiles / (now - t0));
        }
        System.out.println(" GFLOP/s  A " + aPanels * 4 * kc * 4 / 1024 + " KiB, B " + bPanels * kc * 16 * 4 / 1024 + " KiB, " + (steps ? "steps" : "rows"));
    }
}
