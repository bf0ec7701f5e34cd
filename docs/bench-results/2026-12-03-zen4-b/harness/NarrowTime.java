package io.jmlp.cpu;

import java.util.function.Supplier;

/** GFLOP/s of narrow products per kernel, kernels taking turns, best of rounds. */
public class NarrowTime {
    public static void main(String[] args) {
        int threads = Integer.parseInt(args[0]);
        String[] ids = args[1].split(",");
        int[][] shapes = {{100, 10, 150}, {100, 10, 300}, {512, 10, 128}, {512, 10, 2048}, {32, 10, 128}, {128, 10, 512}};
        double[][] best = new double[ids.length][shapes.length];
        try (WorkerTeam team = new WorkerTeam(threads)) {
            Gemm[] g = new Gemm[ids.length];
            for (int i = 0; i < ids.length; i++) {
                String id = ids[i];
                Supplier<MicroKernel> k = () -> VectorSupport.narrowKernel(id);
                g[i] = new Gemm(team, k);
            }
            for (int round = 0; round < 6; round++) {
                for (int s = 0; s < shapes.length; s++) {
                    int m = shapes[s][0], n = shapes[s][1], kk = shapes[s][2];
                    float[] a = new float[m * kk], b = new float[kk * n], c = new float[m * n];
                    java.util.Arrays.fill(a, 0.5f); java.util.Arrays.fill(b, 0.25f);
                    for (int i = 0; i < ids.length; i++) {
                        long calls = 0, t0 = System.nanoTime(), t;
                        do { g[i].multiply(false, false, m, n, kk, 1f, a, 0, kk, b, 0, n, 0f, c, 0, n); calls++; } while ((t = System.nanoTime()) - t0 < 200_000_000L);
                        double gf = 2.0 * m * n * kk * calls / (t - t0);
                        if (round > 0) best[i][s] = Math.max(best[i][s], gf);
                    }
                }
            }
        }
        System.out.printf("%-16s", "shape (" + threads + " thr)");
        for (String id : ids) System.out.printf("%9s", id);
        System.out.println();
        for (int s = 0; s < shapes.length; s++) {
            System.out.printf("%-16s", shapes[s][0] + "x" + shapes[s][1] + "x" + shapes[s][2]);
            for (int i = 0; i < ids.length; i++) System.out.printf("%9.1f", best[i][s]);
            System.out.println();
        }
    }
}
