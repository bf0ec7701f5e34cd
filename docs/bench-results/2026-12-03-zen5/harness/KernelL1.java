package io.jmlp.cpu;

/** In-L1 speed of one micro-kernel: tile() on a kc=256 panel pair repeatedly. */
public class KernelL1 {
    public static void main(String[] args) {
        String which = args.length > 0 ? args[0] : "6x32";
        MicroKernel k = switch (which) {
            case "6x32" -> new VectorKernel6x32();
            case "12x16" -> new VectorKernel12x16();
            case "5x16" -> new VectorKernel5x16();
            case "6x16" -> new VectorKernel6x16();
            case "10x8" -> new VectorKernel10x8(); case "4x16" -> new VectorKernel4x16(); case "3x24" -> new VectorKernel3x24(); case "2x32" -> new VectorKernel2x32();
            default -> throw new IllegalArgumentException(which);
        };
        boolean rowsMode = args.length > 1 && args[1].equals("rows");
        int kc = 256, mr = k.mr(), nr = k.nr();
        int tiles = 4; // several A panels against one B panel, like Gemm's inner loop
        float[] a = new float[kc * mr * tiles + 64];
        float[] b = new float[kc * nr + 64];
        float[] acc = new float[mr * nr];
        java.util.Random r = new java.util.Random(1);
        for (int i = 0; i < a.length; i++) a[i] = r.nextFloat();
        for (int i = 0; i < b.length; i++) b[i] = r.nextFloat();
        double best = 0;
        for (int round = 0; round < 12; round++) {
            long reps = 20000;
            long t0 = System.nanoTime();
            for (long i = 0; i < reps; i++) {
                if (rowsMode) k.tileRows(kc, a, (int) (i % tiles) * kc * mr, Gemm.KC, b, 0, nr, acc);
                else k.tile(kc, a, (int) (i % tiles) * kc * mr, b, 0, nr, acc);
            }
            long t = System.nanoTime() - t0;
            double gf = 2.0 * kc * mr * nr * reps / t;
            best = Math.max(best, gf);
            if (round >= 8) System.out.printf("%s round %d: %.1f GFLOP/s%n", which, round, gf);
        }
        System.out.printf("%s best %.1f GFLOP/s (acc[0]=%f)%n", which, best, acc[0]);
    }
}
