package io.jmlp.cpu;

import java.util.Random;

/** Old (dfe7f36) against new Gemm, taking turns in one JVM: best GFLOP/s of each per turn. */
public final class GemmAB {
    public static void main(String[] args) {
        int threads = Integer.parseInt(args[0]);
        int turns = Integer.parseInt(args[1]);
        double minTime = Double.parseDouble(args[2]);
        // m n k ta tb
        String[] shapes = args.length > 3 ? args[3].split(";") : new String[] {
            "1024 1024 1024 N N", "512 2048 2048 N N", "2048 2048 512 T N", "512 2048 2048 N T",
            "512 512 512 N N", "512 512 512 T N", "100 300 784 N N", "784 300 100 T N"};
        KernelChoice choice = KernelChoice.configured();
        try (WorkerTeam team = new WorkerTeam(threads)) {
            Gemm now = new Gemm(team, choice.wide());
            OldGemm old = new OldGemm(team, choice.wide());
            System.out.println(now.describe() + "; " + now.blocking() + "; threads " + threads);
            for (int t = 0; t < turns; t++) {
                for (String s : shapes) {
                    String[] f = s.trim().split(" ");
                    int m = Integer.parseInt(f[0]), n = Integer.parseInt(f[1]), k = Integer.parseInt(f[2]);
                    boolean ta = f[3].equals("T"), tb = f[4].equals("T");
                    float[] a = rand(m * k, 1), b = rand(k * n, 2), c = new float[m * n];
                    int lda = ta ? m : k, ldb = tb ? k : n;
                    double gOld = 0, gNew = 0;
                    for (int r = 0; r < 2; r++) {
                        gOld = Math.max(gOld, time(() -> old.multiply(ta, tb, m, n, k, 1f, a, 0, lda, b, 0, ldb, 0f, c, 0, n), m, n, k, minTime));
                        gNew = Math.max(gNew, time(() -> now.multiply(ta, tb, m, n, k, 1f, a, 0, lda, b, 0, ldb, 0f, c, 0, n), m, n, k, minTime));
                    }
                    System.out.printf("turn %d  %-22s old %7.1f  new %7.1f  new/old %.3f%n", t, s, gOld, gNew, gNew / gOld);
                }
            }
        }
    }

    static double time(Runnable r, int m, int n, int k, double minTime) {
        for (int i = 0; i < 3; i++) r.run();
        long t0 = System.nanoTime();
        int reps = 0;
        long t1;
        do { r.run(); reps++; t1 = System.nanoTime(); } while (t1 - t0 < minTime * 1e9);
        return 2.0 * m * n * k * reps / (t1 - t0);
    }

    static float[] rand(int size, int seed) {
        Random r = new Random(seed);
        float[] x = new float[size];
        for (int i = 0; i < size; i++) x[i] = r.nextFloat() - 0.5f;
        return x;
    }
}
