package io.jmlp.cpu;

import java.util.Arrays;

/** Experiment: 1024³ and others with and without the tile stores into C (Gemm.skipStore). FusedAB THREADS KERNEL. */
public class FusedAB {
    public static void main(String[] args) {
        int threads = Integer.parseInt(args[0]);
        String id = args[1];
        KernelChoice.Variant v = Arrays.stream(KernelChoice.Variant.values()).filter(x -> x.id.equals(id)).findFirst().orElseThrow();
        int[][] shapes = {{1024, 1024, 1024, 0}, {512, 2048, 2048, 0}, {100, 300, 784, 0}, {1024, 1024, 256, 0}};
        String[] names = {"store after", "fused"};
        try (WorkerTeam team = new WorkerTeam(threads)) {
            Gemm g = new Gemm(team, () -> VectorSupport.kernel(v));
            double[][] best = new double[2][shapes.length];
            for (int round = 0; round < 6; round++) {
                for (int s = 0; s < shapes.length; s++) {
                    int m = shapes[s][0], n = shapes[s][1], k = shapes[s][2], kind = shapes[s][3];
                    boolean ta = kind == 1, tb = kind == 2;
                    float[] a = new float[m * k], b = new float[k * n], c = new float[m * n];
                    java.util.Random rnd = new java.util.Random(s); for (int q = 0; q < a.length; q++) a[q] = rnd.nextFloat() - 0.5f;
                    for (int q = 0; q < b.length; q++) b[q] = rnd.nextFloat() - 0.5f;
                    float[][] outs = new float[2][];
                    for (int i = 0; i < 2; i++) {
                        Gemm.fused = i == 1;
                        long calls = 0, t0 = System.nanoTime(), t;
                        do {
                            g.multiply(ta, tb, m, n, k, 1f, a, 0, ta ? m : k, b, 0, tb ? k : n, 0f, c, 0, n);
                            calls++;
                        } while ((t = System.nanoTime()) - t0 < 300_000_000L);
                        outs[i] = c.clone();
                        if (round > 0) best[i][s] = Math.max(best[i][s], 2.0 * m * n * k * calls / (t - t0));
                    }
                    if (!java.util.Arrays.equals(outs[0], outs[1])) throw new AssertionError("bits differ");
                }
            }
            System.out.println("same bits checked each round");
            System.out.printf("%s, %d thread(s), GFLOP/s best of 5 rounds: %s%n", id, threads, String.join(" | ", names));
            for (int s = 0; s < shapes.length; s++) {
                System.out.printf("  %s %dx%dx%d  %7.1f %7.1f  ratio %.3f%n", new String[] {"fwd", "dW", "dX"}[shapes[s][3]],
                        shapes[s][0], shapes[s][1], shapes[s][2], best[0][s], best[1][s], best[1][s] / best[0][s]);
            }
        }
    }
}
