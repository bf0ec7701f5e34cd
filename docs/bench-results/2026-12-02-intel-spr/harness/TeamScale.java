package io.jmlp.cpu;

/** Does a pure in-L1 kernel job scale over the team? TeamScale threads */
public class TeamScale {
    public static void main(String[] args) {
        int threads = Integer.parseInt(args[0]);
        int kc = 256;
        MicroKernel[] ks = new MicroKernel[threads];
        float[][] as = new float[threads][], bs = new float[threads][], accs = new float[threads][];
        long[] nanos = new long[threads];
        for (int w = 0; w < threads; w++) {
            ks[w] = new VectorKernel6x32();
            as[w] = new float[kc * 6 * 4 + 64]; bs[w] = new float[kc * 32 + 64]; accs[w] = new float[6 * 32];
            java.util.Arrays.fill(as[w], 0.5f); java.util.Arrays.fill(bs[w], 0.25f);
        }
        int tilesPerPart = 2000; // ~3 M cycles per part, like half a 1024^3 product
        long[] who = new long[threads];
        WorkerTeam.Job job = (worker, part, parts) -> {
            long t0 = System.nanoTime();
            for (int i = 0; i < tilesPerPart; i++) ks[worker].tile(kc, as[worker], (i & 3) * kc * 6, bs[worker], 0, 32, accs[worker]);
            nanos[worker] += System.nanoTime() - t0;
            who[worker]++;
        };
        try (WorkerTeam team = new WorkerTeam(threads)) {
            for (int round = 0; round < 8; round++) {
                java.util.Arrays.fill(nanos, 0); java.util.Arrays.fill(who, 0);
                long t0 = System.nanoTime(); int calls = 200;
                for (int c = 0; c < calls; c++) team.run(job, threads);
                double t = System.nanoTime() - t0;
                double gf = 2.0 * kc * 6 * 32 * tilesPerPart * threads * calls / t;
                System.out.printf("%d threads: %.1f GFLOP/s; parts by worker %s; busy ms %s of %.0f%n", threads, gf,
                    java.util.Arrays.toString(who), java.util.Arrays.toString(java.util.Arrays.stream(nanos).map(x -> x / 1000000).toArray()), t / 1e6);
            }
        }
    }
}
