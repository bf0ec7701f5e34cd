package io.jmlp.cpu;
public class ExpLoop {
    public static void main(String[] args) {
        int m = 1024, n = 1024, k = 1024;
        try (WorkerTeam team = new WorkerTeam(1)) {
            ExpGemm e = new ExpGemm(team, Exp6x32::new);
            float[] a = new float[m * k], b = new float[k * n], c = new float[m * n];
            java.util.Arrays.fill(a, 0.5f); java.util.Arrays.fill(b, 0.25f);
            long t0 = System.nanoTime(); long reps = 0;
            while (System.nanoTime() - t0 < 8_000_000_000L) { e.multiply(false, false, m, n, k, 1f, a, 0, k, b, 0, n, 0f, c, 0, n); reps++; }
            System.out.printf("%.1f GFLOP/s%n", 2.0 * m * n * k * reps / (System.nanoTime() - t0));
        }
    }
}
