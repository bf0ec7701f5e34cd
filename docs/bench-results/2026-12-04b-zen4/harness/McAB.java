package io.jmlp.cpu;

import java.util.Arrays;

/**
 * Gemm with the blocking of L2 = 1024, 512, 256 KiB (mc 256, 128, 64) taking turns in one JVM on
 * the same matrices: McAB THREADS ROUNDS shape... (shape M,N,K,fwd|dW|dX). Prints each round's
 * GFLOP/s and the best-of ratio to the first variant.
 */
public class McAB {
    public static void main(String[] args) {
        int threads = Integer.parseInt(args[0]);
        int rounds = Integer.parseInt(args[1]);
        long[] l2s = {1024 * 1024, 512 * 1024, 256 * 1024};
        try (WorkerTeam team = new WorkerTeam(threads)) {
            Gemm[] g = new Gemm[l2s.length];
            for (int v = 0; v < l2s.length; v++) g[v] = new Gemm(team, VectorKernel4x16::new, new CacheSizes(32 * 1024, l2s[v], true));
            for (int s = 2; s < args.length; s++) {
                String[] f = args[s].split(",");
                int m = Integer.parseInt(f[0]), n = Integer.parseInt(f[1]), k = Integer.parseInt(f[2]);
                boolean ta = f[3].equals("dW"), tb = f[3].equals("dX");
                float[] a = new float[m * k], b = new float[k * n], c = new float[m * n];
                Arrays.fill(a, 0.5f);
                Arrays.fill(b, 0.25f);
                double[] best = new double[l2s.length];
                StringBuilder log = new StringBuilder();
                for (int r = 0; r < rounds; r++) {
                    for (int v = 0; v < l2s.length; v++) {
                        long calls = 0, t0 = System.nanoTime(), now;
                        do {
                            g[v].multiply(ta, tb, m, n, k, 1f, a, 0, ta ? m : k, b, 0, tb ? k : n, 0f, c, 0, n);
                            calls++;
                        } while ((now = System.nanoTime()) - t0 < 400_000_000L);
                        double rate = 2.0 * m * n * k * calls / (now - t0);
                        if (r > 0) best[v] = Math.max(best[v], rate);
                        log.append(String.format("%6.1f", rate));
                    }
                    log.append(" |");
                }
                System.out.printf("%s t%d  best mc256 %.1f mc128 %.1f (%.3f) mc64 %.1f (%.3f)%n   %s%n", args[s], threads, best[0], best[1], best[1] / best[0], best[2], best[2] / best[0], log);
            }
        }
    }
}
