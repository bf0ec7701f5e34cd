package io.jmlp.cpu;

import java.util.function.Supplier;

/** GemmKernels threads k1,k2,... : the seed shapes and 1024^3, kernels taking turns, best GFLOP/s of each. */
public class GemmKernels {
    static Supplier<MicroKernel> kernel(String id) {
        return switch (id) {
            case "6x32" -> VectorKernel6x32::new; case "10x8" -> VectorKernel10x8::new; case "12x16" -> VectorKernel12x16::new;
            case "5x16" -> VectorKernel5x16::new;
            case "4x16" -> VectorKernel4x16::new;
            
            
            default -> throw new IllegalArgumentException(id);
        };
    }
    public static void main(String[] args) {
        int threads = Integer.parseInt(args[0]);
        String[] ids = args[1].split(",");
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 4;
        int[][] shapes = args.length > 3 ? new int[][] {{150, 10, 100, 1, 0}, {100, 10, 150, 0, 0}, {300, 10, 100, 1, 0}, {100, 16, 150, 0, 0}, {100, 12, 300, 0, 0}, {100, 8, 150, 0, 0}, {150, 8, 100, 1, 0}, {100, 2, 32, 0, 0}, {32, 2, 32, 0, 0}, {32, 2, 32, 1, 0}} : new int[][] { // m n k transA transB
            {100, 300, 784, 0, 0}, {100, 150, 300, 0, 0}, {784, 300, 100, 1, 0}, {300, 150, 100, 1, 0},
            {150, 10, 100, 1, 0}, {100, 784, 300, 0, 1}, {100, 300, 150, 0, 1}, {100, 150, 10, 0, 1}, {1024, 1024, 1024, 0, 0}};
        try (WorkerTeam team = new WorkerTeam(threads)) {
            Gemm[] g = new Gemm[ids.length];
            for (int i = 0; i < ids.length; i++) g[i] = new Gemm(team, kernel(ids[i]));
            System.out.printf("%-22s", "shape");
            for (String id : ids) System.out.printf("%10s", id);
            System.out.println();
            for (int[] s : shapes) {
                int m = s[0], n = s[1], k = s[2];
                boolean ta = s[3] == 1, tb = s[4] == 1;
                float[] a = new float[m * k], b = new float[k * n];
                float[][] c = new float[ids.length][m * n];
                java.util.Random r = new java.util.Random(1);
                for (int i = 0; i < a.length; i++) a[i] = r.nextFloat() - 0.5f;
                for (int i = 0; i < b.length; i++) b[i] = r.nextFloat() - 0.5f;
                int lda = ta ? m : k, ldb = tb ? k : n;
                double[] best = new double[ids.length];
                for (int round = 0; round < rounds + 1; round++) {
                    for (int q = 0; q < ids.length; q++) {
                        long t0 = System.nanoTime(), reps = 0;
                        while (System.nanoTime() - t0 < 200_000_000L) {
                            g[q].multiply(ta, tb, m, n, k, 1f, a, 0, lda, b, 0, ldb, 0f, c[q], 0, n);
                            reps++;
                        }
                        double gf = 2.0 * m * n * k * reps / (System.nanoTime() - t0);
                        if (round > 0) best[q] = Math.max(best[q], gf);
                    }
                }
                for (int q = 1; q < ids.length; q++) {
                    if (!java.util.Arrays.equals(c[0], c[q])) System.out.println("RESULTS DIFFER " + ids[q]);
                }
                System.out.printf("%-22s", m + "x" + n + "x" + k + (ta ? "t" : "n") + (tb ? "t" : "n"));
                for (double v : best) System.out.printf("%10.1f", v);
                System.out.println();
            }
        }
    }
}
