package io.jmlp.cpu;

import java.util.Arrays;

/**
 * Experiment: the block order of c171e46 (K_OUTER when a worker's part has several k blocks and
 * several row blocks) against the order before it (GemmPlan.kOuterOff, a test switch added by
 * order-switch.patch), taking turns in one JVM. OrderAB THREADS KERNEL(6x32|4x16).
 */
public class OrderAB {
    public static void main(String[] args) {
        int threads = Integer.parseInt(args[0]);
        String kernel = args[1];
        // m, n, k, kind (0: C = A·B, 1: Aᵀ·B weight gradient, 2: A·Bᵀ input gradient)
        int[][] shapes = {{1024, 1024, 1024, 0}, {512, 2048, 2048, 0}, {2048, 2048, 512, 1}, {512, 2048, 2048, 2}, {100, 300, 784, 0}};
        String[] names = {"k outer (de52d97)", "without (4de69c6 order)"};
        try (WorkerTeam team = new WorkerTeam(threads)) {
            Gemm g = new Gemm(team, kernel.equals("6x32") ? VectorKernel6x32::new : VectorKernel4x16::new);
            double[][] best = new double[2][shapes.length];
            for (int round = 0; round < 6; round++) {
                for (int s = 0; s < shapes.length; s++) {
                    int m = shapes[s][0], n = shapes[s][1], k = shapes[s][2], kind = shapes[s][3];
                    boolean ta = kind == 1, tb = kind == 2;
                    float[] a = new float[m * k], b = new float[k * n], c = new float[m * n];
                    Arrays.fill(a, 0.5f);
                    Arrays.fill(b, 0.25f);
                    for (int i = 0; i < 2; i++) {
                        GemmPlan.kOuterOff = i == 1;
                        long calls = 0, t0 = System.nanoTime(), t;
                        do {
                            g.multiply(ta, tb, m, n, k, 1f, a, 0, ta ? m : k, b, 0, tb ? k : n, 0f, c, 0, n);
                            calls++;
                        } while ((t = System.nanoTime()) - t0 < 300_000_000L);
                        if (round > 0) best[i][s] = Math.max(best[i][s], 2.0 * m * n * k * calls / (t - t0));
                    }
                }
            }
            System.out.printf("%s, %d thread(s), GFLOP/s best of 5 rounds: %s%n", kernel, threads, String.join(" | ", names));
            for (int s = 0; s < shapes.length; s++) {
                System.out.printf("  %s %dx%dx%d  %7.1f %7.1f  ratio %.3f%n", new String[] {"fwd", "dW", "dX"}[shapes[s][3]],
                        shapes[s][0], shapes[s][1], shapes[s][2], best[0][s], best[1][s], best[0][s] / best[1][s]);
            }
        }
    }
}
