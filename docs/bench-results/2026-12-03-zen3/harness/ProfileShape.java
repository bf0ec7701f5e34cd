package io.jmlp.cpu;

import java.util.Arrays;

/** One product, one kernel, one team (-Dthreads, default 1), for a profiler: ProfileShape KERNEL M N K fwd|dW|dX SECONDS. */
public class ProfileShape {
    public static void main(String[] args) {
        String id = args[0];
        int m = Integer.parseInt(args[1]), n = Integer.parseInt(args[2]), k = Integer.parseInt(args[3]);
        boolean ta = args[4].equals("dW"), tb = args[4].equals("dX");
        double seconds = Double.parseDouble(args[5]);
        KernelChoice.Variant v = Arrays.stream(KernelChoice.Variant.values())
                .filter(x -> x.id.equals(id)).findFirst().orElseThrow();
        try (WorkerTeam team = new WorkerTeam(Integer.getInteger("threads", 1))) {
            Gemm g = new Gemm(team, () -> VectorSupport.kernel(v));
            float[] a = new float[m * k], b = new float[k * n], c = new float[m * n];
            Arrays.fill(a, 0.5f);
            Arrays.fill(b, 0.25f);
            long end = System.nanoTime() + (long) (seconds * 1e9);
            while (System.nanoTime() < end) {
                long calls = 0, t0 = System.nanoTime(), t;
                do {
                    g.multiply(ta, tb, m, n, k, 1f, a, 0, ta ? m : k, b, 0, tb ? k : n, 0f, c, 0, n);
                    calls++;
                } while ((t = System.nanoTime()) - t0 < 1_000_000_000L);
                System.out.printf("%.1f GFLOP/s%n", 2.0 * m * n * k * calls / (t - t0));
            }
        }
    }
}
