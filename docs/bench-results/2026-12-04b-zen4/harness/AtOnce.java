package io.jmlp.cpu;

import java.util.Arrays;

/**
 * THREADS threads at once, each on its own data, GFLOP/s per thread and their sum, 4 rounds (kernel) or
 * 5 (gemm) of SECONDS each. Usage:
 *   AtOnce kernel THREADS SECONDS       the 4x16 packed loop in L1 (tileRowsPacked, kc 64, the same panels)
 *   AtOnce gemm THREADS SECONDS M N K   independent one-thread M×N×K products (own Gemm, own matrices)
 * (Run as TwoPeak / TwoGemm in avx2-1024-scaling.txt, the two modes then separate classes.)
 */
public class AtOnce {
    public static void main(String[] args) throws Exception {
        boolean kernel = args[0].equals("kernel");
        int threads = Integer.parseInt(args[1]);
        long nanos = (long) (Double.parseDouble(args[2]) * 1e9);
        double[] rate = new double[threads];
        for (int round = 0; round < (kernel ? 4 : 5); round++) {
            Thread[] ts = new Thread[threads];
            for (int t = 0; t < threads; t++) {
                int id = t;
                ts[t] = new Thread(() -> rate[id] = kernel ? kernelRate(nanos) : gemmRate(nanos, args));
            }
            for (Thread t : ts) t.start();
            for (Thread t : ts) t.join();
            System.out.printf("%s sum %.1f%n", Arrays.toString(rate), Arrays.stream(rate).sum());
        }
    }

    private static double kernelRate(long nanos) {
        MicroKernel k = new VectorKernel4x16();
        float[] a = new float[256 * 4 + 64], b = new float[256 * 16 + 64], acc = new float[64];
        Arrays.fill(a, 0.5f);
        Arrays.fill(b, 0.25f);
        long calls = 0, t0 = System.nanoTime(), now;
        do {
            for (int r = 0; r < 100; r++) k.tileRowsPacked(64, a, 0, b, 0, acc);
            calls += 100;
        } while ((now = System.nanoTime()) - t0 < nanos);
        return 2.0 * 64 * 64 * calls / (now - t0);
    }

    private static double gemmRate(long nanos, String[] args) {
        int m = Integer.parseInt(args[3]), n = Integer.parseInt(args[4]), k = Integer.parseInt(args[5]);
        try (WorkerTeam team = new WorkerTeam(1)) {
            Gemm g = new Gemm(team, VectorKernel4x16::new);
            float[] a = new float[m * k], b = new float[k * n], c = new float[m * n];
            Arrays.fill(a, 0.5f);
            Arrays.fill(b, 0.25f);
            long calls = 0, t0 = System.nanoTime(), now;
            do {
                g.multiply(false, false, m, n, k, 1f, a, 0, k, b, 0, n, 0f, c, 0, n);
                calls++;
            } while ((now = System.nanoTime()) - t0 < nanos);
            return 2.0 * m * n * k * calls / (now - t0);
        }
    }
}
