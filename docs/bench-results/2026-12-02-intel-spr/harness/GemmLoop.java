package io.jmlp.cpu;

/** Gemm on one shape repeatedly: GemmLoop threads m n k transA transB seconds */
public class GemmLoop {
    public static void main(String[] args) {
        int threads = Integer.parseInt(args[0]);
        int m = Integer.parseInt(args[1]), n = Integer.parseInt(args[2]), k = Integer.parseInt(args[3]);
        boolean ta = args[4].equals("t"), tb = args[5].equals("t");
        double secs = Double.parseDouble(args[6]);
        try (WorkerTeam team = new WorkerTeam(threads)) {
            Gemm g = new Gemm(team, VectorKernel6x32::new);
            float[] a = new float[m * k], b = new float[k * n], c = new float[m * n];
            java.util.Random r = new java.util.Random(1);
            for (int i = 0; i < a.length; i++) a[i] = r.nextFloat();
            for (int i = 0; i < b.length; i++) b[i] = r.nextFloat();
            int lda = ta ? m : k, ldb = tb ? k : n;
            for (int round = 0; round < 6; round++) {
                long t0 = System.nanoTime(); long reps = 0;
                while (System.nanoTime() - t0 < secs * 1e9 / 6) {
                    g.multiply(ta, tb, m, n, k, 1f, a, 0, lda, b, 0, ldb, 0f, c, 0, n);
                    reps++;
                }
                double t = System.nanoTime() - t0;
                System.out.printf("%dx%dx%d: %.1f GFLOP/s%n", m, n, k, 2.0 * m * n * k * reps / t);
            }
        }
    }
}
