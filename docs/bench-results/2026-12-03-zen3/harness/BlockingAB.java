package io.jmlp.cpu;

import java.util.Arrays;

/**
 * 1024³ (and the seed shapes) with the 4x16 kernel under the blocking of two L2 sizes, taking turns
 * in one JVM, best of rounds: BlockingAB THREADS L2KIB_A L2KIB_B. A larger L2 gives a taller row
 * block (mc), so B is packed again fewer times (once per row block).
 */
public class BlockingAB {
    public static void main(String[] args) {
        int threads = Integer.parseInt(args[0]);
        int[] l2 = {Integer.parseInt(args[1]) * 1024, Integer.parseInt(args[2]) * 1024};
        int[][] shapes = {{1024, 1024, 1024, 0}, {100, 300, 784, 0}, {784, 300, 100, 1}, {100, 784, 300, 2}};
        try (WorkerTeam team = new WorkerTeam(threads)) {
            Gemm[] g = new Gemm[2];
            for (int i = 0; i < 2; i++) {
                g[i] = new Gemm(team, VectorKernel4x16::new, new CacheSizes(32 * 1024, l2[i], true));
                System.out.println("L2 " + l2[i] / 1024 + " KiB: " + g[i].blocking());
            }
            double[][] best = new double[2][shapes.length];
            for (int round = 0; round < 8; round++) {
                for (int s = 0; s < shapes.length; s++) {
                    int m = shapes[s][0], n = shapes[s][1], k = shapes[s][2], kind = shapes[s][3];
                    boolean ta = kind == 1, tb = kind == 2;
                    float[] a = new float[m * k], b = new float[k * n], c = new float[m * n];
                    Arrays.fill(a, 0.5f);
                    Arrays.fill(b, 0.25f);
                    for (int i = 0; i < 2; i++) {
                        long calls = 0, t0 = System.nanoTime(), t;
                        do {
                            g[i].multiply(ta, tb, m, n, k, 1f, a, 0, ta ? m : k, b, 0, tb ? k : n, 0f, c, 0, n);
                            calls++;
                        } while ((t = System.nanoTime()) - t0 < 300_000_000L);
                        if (round > 0) best[i][s] = Math.max(best[i][s], 2.0 * m * n * k * calls / (t - t0));
                    }
                }
            }
            System.out.printf("%d thread(s), GFLOP/s best of 7 rounds: L2 %d KiB, L2 %d KiB%n", threads, l2[0] / 1024, l2[1] / 1024);
            for (int s = 0; s < shapes.length; s++) {
                System.out.printf("  %s %dx%dx%d  %7.1f %7.1f%n", new String[] {"fwd", "dW", "dX"}[shapes[s][3]],
                        shapes[s][0], shapes[s][1], shapes[s][2], best[0][s], best[1][s]);
            }
        }
    }
}
