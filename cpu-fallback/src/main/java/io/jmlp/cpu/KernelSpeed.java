package io.jmlp.cpu;

import java.util.Arrays;
import java.util.function.Supplier;

/**
 * The GEMM micro-kernel alone, on every worker at once, on panels that stay in L1: what a product
 * could reach here if packing, blocking and the loads and stores of C cost nothing. {@code jmlp
 * bench} prints it beside the products, so a product's distance from OpenBLAS splits in two: the
 * kernel's (this against OpenBLAS's whole product) and the rest's (the product against this).
 *
 * <p>Each worker runs the loop a packed product of a row-major A runs ({@link
 * MicroKernel#tileRowsPacked}) the same number of times on panels of its own; the figure is all the
 * multiply-adds over the wall time from the first start to the last end, so a worker that the OS
 * did not run alongside the others lowers it, as it would lower a product.
 */
final class KernelSpeed implements WorkerTeam.Job {
    /**
     * Steps of k a call: A's and B's panels, kc·(mr + nr) floats a worker (19 KiB for 6 × 32, 10 KiB
     * for 4 × 16; A's rows are {@link Gemm#KC} apart, as packed), fit a 32 KiB L1d.
     */
    static final int KC = 128;

    private static final long CALIBRATION_NANOS = 20_000_000;

    private final WorkerTeam team;
    private final MicroKernel[] kernels;
    private final float[][] a;
    private final float[][] b;
    private final float[][] tiles;
    private final long[] started;
    private final long[] ended;
    private long calls;

    KernelSpeed(WorkerTeam team, Supplier<MicroKernel> kernelFactory) {
        this.team = team;
        int workers = team.size();
        kernels = new MicroKernel[workers];
        a = new float[workers][];
        b = new float[workers][];
        tiles = new float[workers][];
        for (int w = 0; w < workers; w++) {
            MicroKernel kernel = kernelFactory.get();
            kernels[w] = kernel;
            a[w] = new float[kernel.mr() * Gemm.KC];
            b[w] = new float[KC * kernel.nr()];
            Arrays.fill(a[w], 0.5f); // normal numbers: the sums never reach subnormals or infinity
            Arrays.fill(b[w], 0.25f);
            tiles[w] = new float[kernel.mr() * kernel.nr()];
        }
        started = new long[workers];
        ended = new long[workers];
    }

    /** GFLOP/s of all workers together, each running the kernel for about {@code seconds}. */
    double gflops(double seconds) {
        // Calibrate on the caller: how many calls take `seconds` (this also compiles the loop if a
        // product has not yet).
        long n = 1_000;
        long nanos;
        while (true) {
            long t0 = System.nanoTime();
            runCalls(0, n);
            nanos = System.nanoTime() - t0;
            if (nanos >= CALIBRATION_NANOS) {
                break;
            }
            n *= 2;
        }
        calls = Math.max(1, (long) (n * (seconds * 1e9 / nanos)));
        Arrays.fill(started, Long.MAX_VALUE);
        Arrays.fill(ended, Long.MIN_VALUE);
        team.run(this, team.size());
        long first = Arrays.stream(started).min().orElseThrow();
        long last = Arrays.stream(ended).max().orElseThrow();
        MicroKernel k = kernels[0];
        return 2.0 * k.mr() * k.nr() * KC * calls * team.size() / (last - first);
    }

    @Override
    public void run(int worker, int part, int parts) {
        long t0 = System.nanoTime();
        runCalls(worker, calls);
        long t1 = System.nanoTime();
        started[part] = t0;
        ended[part] = t1;
    }

    private void runCalls(int worker, long n) {
        MicroKernel kernel = kernels[worker];
        float[] aw = a[worker];
        float[] bw = b[worker];
        float[] tile = tiles[worker];
        for (long i = 0; i < n; i++) {
            kernel.tileRowsPacked(KC, aw, 0, bw, 0, tile);
        }
    }

    /** What is timed, for {@code jmlp bench}. */
    String describe() {
        MicroKernel k = kernels[0];
        return k.mr() + "×" + k.nr() + " tiles, kc " + KC + ", panels in L1, "
                + (team.size() == 1 ? "1 thread" : team.size() + " threads at once");
    }
}
