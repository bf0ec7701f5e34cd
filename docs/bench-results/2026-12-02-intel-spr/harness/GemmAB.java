package io.jmlp.cpu;

/** Gemm vs ExpGemm taking turns: GemmAB threads m n k ta tb */
public class GemmAB {
    interface Mul { void mul(); }
    public static void main(String[] args) {
        int threads = Integer.parseInt(args[0]);
        int m = Integer.parseInt(args[1]), n = Integer.parseInt(args[2]), k = Integer.parseInt(args[3]);
        boolean ta = args[4].equals("t"), tb = args[5].equals("t");
        try (WorkerTeam team = new WorkerTeam(threads)) {
            Gemm g = new Gemm(team, VectorKernel6x32::new);
            ExpGemm e = new ExpGemm(team, Exp6x32::new);
            float[] a = new float[m * k], b = new float[k * n], c = new float[m * n], c2 = new float[m * n];
            java.util.Random r = new java.util.Random(1);
            for (int i = 0; i < a.length; i++) a[i] = r.nextFloat();
            for (int i = 0; i < b.length; i++) b[i] = r.nextFloat();
            int lda = ta ? m : k, ldb = tb ? k : n;
            Mul[] muls = {
                () -> g.multiply(ta, tb, m, n, k, 1f, a, 0, lda, b, 0, ldb, 0f, c, 0, n),
                () -> e.multiply(ta, tb, m, n, k, 1f, a, 0, lda, b, 0, ldb, 0f, c2, 0, n)};
            double[] best = new double[2];
            double[] sum = new double[2];
            int rounds = 14;
            for (int round = 0; round < rounds; round++) {
                for (int q = 0; q < 2; q++) {
                    long t0 = System.nanoTime(); long reps = 0;
                    while (System.nanoTime() - t0 < 250_000_000L) { muls[q].mul(); reps++; }
                    double gf = 2.0 * m * n * k * reps / (System.nanoTime() - t0);
                    if (round >= 4) { best[q] = Math.max(best[q], gf); sum[q] += gf; }
                }
            }
            if (!java.util.Arrays.equals(c, c2)) System.out.println("RESULTS DIFFER");
            System.out.printf("%s %dx%dx%d %d thr: base best %.1f mean %.1f | exp best %.1f mean %.1f | exp/base mean %.3f%n",
                System.getProperty("exp.nc", "-"), m, n, k, threads, best[0], sum[0] / (rounds - 4), best[1], sum[1] / (rounds - 4), sum[1] / sum[0]);
        }
    }
}
