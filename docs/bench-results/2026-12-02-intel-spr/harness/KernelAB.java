package io.jmlp.cpu;

/** In-L1 speed of micro-kernels, taking turns in one JVM: KernelAB mode(tile|rows) k1 k2 ... */
public class KernelAB {
    static MicroKernel make(String which) {
        return switch (which) {
            case "6x32" -> new VectorKernel6x32();
            case "exp" -> new Exp6x32();
            case "12x16" -> new VectorKernel12x16();
            case "5x16" -> new VectorKernel5x16();
            default -> throw new IllegalArgumentException(which);
        };
    }
    public static void main(String[] args) {
        int nk = args.length;
        MicroKernel[] ks = new MicroKernel[nk];
        boolean[] rowsOf = new boolean[nk];
        for (int i = 0; i < nk; i++) { String[] kv = args[i].split(":"); ks[i] = make(kv[0]); rowsOf[i] = kv.length > 1 && kv[1].equals("rows"); }
        int kc = 256, tiles = 4;
        double[] best = new double[nk];
        float[] a = new float[kc * 16 * tiles + 64];
        float[] b = new float[kc * 32 + 64];
        float[] acc = new float[16 * 32];
        java.util.Random r = new java.util.Random(1);
        for (int i = 0; i < a.length; i++) a[i] = r.nextFloat();
        for (int i = 0; i < b.length; i++) b[i] = r.nextFloat();
        for (int round = 0; round < 30; round++) {
            for (int q = 0; q < nk; q++) {
                MicroKernel k = ks[q];
                int mr = k.mr(), nr = k.nr();
                long reps = 20000;
                long t0 = System.nanoTime();
                for (long i = 0; i < reps; i++) {
                    int off = (int) (i % tiles) * kc * mr;
                    if (rowsOf[q]) k.tileRows(kc, a, off, kc, b, 0, nr, acc); else k.tile(kc, a, off, b, 0, nr, acc);
                }
                long t = System.nanoTime() - t0;
                if (round >= 5) best[q] = Math.max(best[q], 2.0 * kc * mr * nr * reps / t);
            }
        }
        for (int q = 0; q < nk; q++) System.out.printf("%s best %.1f GFLOP/s%n", args[q], best[q]);
    }
}
