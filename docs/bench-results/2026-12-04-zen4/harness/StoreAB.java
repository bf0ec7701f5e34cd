package io.jmlp.cpu;

import java.util.Arrays;

/** Experiment: 1024³ and others with and without the tile stores into C (Gemm.skipStore). StoreAB THREADS KERNEL. */
public class StoreAB {
    public static void main(String[] args) {
        int threads = Integer.parseInt(args[0]);
        String id = args[1];
        KernelChoice.Variant v = Arrays.stream(KernelChoice.Variant.values()).filter(x -> x.id.equals(id)).findFirst().orElseThrow();
        int[][] shapes = {{1024, 1024, 1024, 0}, {512, 2048, 2048, 0}, {100, 300, 784, 0}, {1024, 1024, 256, 0}};
        String[] names = {"with C stores", "without"};
        try (WorkerTeam team = new WorkerTeam(threads)) {
            Gemm g = new Gemm(team, () -> VectorSupport.kernel(v));
            double[][] best = new double[2][shapes.length];
            for (int round = 0; round < 6; round++) {
                for (int s = 0; s < shapes.length; s++) {
                    int m = shapes[s][0], n = shapes[s][1], k = shapes[s][2], kind = shapes[s][3];
                    boolean ta = kind == 1, tb = kind == 2;
                    float[] a = new float[m * k], b = new float[k * n], c = new float[m * n];
                    Arrays.fill(a, 0.5f);
                    Arrays.fill(b, 0.25f);
                    for (int i = 0; i < 2; i++) {
                        Gemm.skipStore = i == 1;
                        long calls = 0, t0 = System.nanoTime(), t;
                        do {
                            g.multiply(ta, tb, m, n, k, 1f, a, 0, ta ? m : k, b, 0, tb ? k : n, 0f, c, 0, n);
                            calls++;
                        } while ((t = System.nanoTime()) - t0 < 300_000_000L);
                        if (round > 0) best[i][s] = Math.max(best[i][s], 2.0 * m * n * k * calls / (t - t0));
                    }
                }
            }
            System.out.printf("%s, %d thread(s), GFLOP/s best of 5 rounds: %s%n", id, threads, String.join(" | ", names));
            for (int s = 0; s < shapes.length; s++) {
                System.out.printf("  %s %dx%dx%d  %7.1f %7.1f  ratio %.3f%n", new String[] {"fwd", "dW", "dX"}[shapes[s][3]],
                        shapes[s][0], shapes[s][1], shapes[s][2], best[0][s], best[1][s], best[1][s] / best[0][s]);
            }
        }
    }
}
