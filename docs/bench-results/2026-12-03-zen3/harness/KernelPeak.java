package io.jmlp.cpu;

import java.util.Arrays;

/**
 * GFLOP/s of each 256-bit kernel on one thread: its packed loop in L1 (tilePacked, kc = 256, the
 * same panels again and again) and whole products through Gemm, the kernels taking turns in one
 * JVM, best of rounds. Usage: KernelPeak 4x16,3x24 [rounds]
 */
public class KernelPeak {
    public static void main(String[] args) {
        String[] ids = args[0].split(",");
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 6;
        int[][] shapes = {{100, 300, 784, 0}, {100, 150, 300, 0}, {784, 300, 100, 1}, {300, 150, 100, 1},
                {100, 784, 300, 2}, {100, 300, 150, 2}, {1024, 1024, 1024, 0}};
        MicroKernel[] kernels = new MicroKernel[ids.length];
        Gemm[] gemms = new Gemm[ids.length];
        WorkerTeam team = new WorkerTeam(1);
        for (int i = 0; i < ids.length; i++) {
            String id = ids[i];
            KernelChoice.Variant v = Arrays.stream(KernelChoice.Variant.values())
                    .filter(x -> x.id.equals(id)).findFirst().orElseThrow();
            kernels[i] = VectorSupport.kernel(v);
            gemms[i] = new Gemm(team, () -> VectorSupport.kernel(v));
        }
        double[] peak = new double[ids.length];
        double[][] best = new double[ids.length][shapes.length];
        int kc = 256;
        for (int round = 0; round < rounds; round++) {
            for (int i = 0; i < ids.length; i++) {
                MicroKernel k = kernels[i];
                float[] a = new float[kc * k.mr() + 64], b = new float[kc * k.nr() + 64], acc = new float[k.mr() * k.nr()];
                Arrays.fill(a, 0.5f);
                Arrays.fill(b, 0.25f);
                long calls = 0, t0 = System.nanoTime(), t;
                do {
                    for (int r = 0; r < 100; r++) k.tilePacked(kc, a, 0, b, 0, acc);
                    calls += 100;
                } while ((t = System.nanoTime()) - t0 < 300_000_000L);
                if (round > 0) peak[i] = Math.max(peak[i], 2.0 * k.mr() * k.nr() * kc * calls / (t - t0));
            }
            for (int s = 0; s < shapes.length; s++) {
                int m = shapes[s][0], n = shapes[s][1], kk = shapes[s][2], kind = shapes[s][3];
                boolean ta = kind == 1, tb = kind == 2;
                float[] a = new float[m * kk], b = new float[kk * n], c = new float[m * n];
                Arrays.fill(a, 0.5f);
                Arrays.fill(b, 0.25f);
                for (int i = 0; i < ids.length; i++) {
                    long calls = 0, t0 = System.nanoTime(), t;
                    do {
                        gemms[i].multiply(ta, tb, m, n, kk, 1f, a, 0, ta ? m : kk, b, 0, tb ? kk : n, 0f, c, 0, n);
                        calls++;
                    } while ((t = System.nanoTime()) - t0 < 300_000_000L);
                    if (round > 0) best[i][s] = Math.max(best[i][s], 2.0 * m * n * kk * calls / (t - t0));
                }
            }
        }
        team.close();
        System.out.printf("%-22s", "1 thread, GFLOP/s");
        for (String id : ids) System.out.printf("%9s", id);
        System.out.println();
        System.out.printf("%-22s", "kernel in L1, kc 256");
        for (double p : peak) System.out.printf("%9.1f", p);
        System.out.println();
        for (int s = 0; s < shapes.length; s++) {
            String kind = new String[] {"fwd", "dW", "dX"}[shapes[s][3]];
            System.out.printf("%-22s", kind + " " + shapes[s][0] + "x" + shapes[s][1] + "x" + shapes[s][2]);
            for (int i = 0; i < ids.length; i++) System.out.printf("%9.1f", best[i][s]);
            System.out.println();
        }
    }
}
