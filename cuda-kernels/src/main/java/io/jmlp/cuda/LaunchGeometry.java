package io.jmlp.cuda;

/**
 * The grid and block of one kernel launch (one-dimensional: every kernel in our {@code .cu} files
 * indexes a flat range of items). Two shapes exist:
 * <ul>
 *   <li>{@link #perItem}: one thread per item (element, row or column) in blocks of {@link #THREADS},
 *       the last block partly idle; kernels return early for indices past the end.</li>
 *   <li>{@link #oneBlock}: exactly one block of {@link #REDUCE_THREADS} threads, for the reductions and
 *       losses, which sum in shared memory without atomics so their float sums are deterministic.</li>
 * </ul>
 *
 * @param blocks  grid size in blocks (x dimension), 0 when there is nothing to launch
 * @param threads threads per block
 */
public record LaunchGeometry(int blocks, int threads) {
    /** Threads per block of the per-item kernels: a multiple of the warp size that every CUDA GPU runs at full occupancy. */
    public static final int THREADS = 256;
    /** Block size of the one-block kernels; {@code REDUCE_THREADS} in {@code common.cuh} and their {@code __launch_bounds__}. */
    public static final int REDUCE_THREADS = 256;
    /** The largest grid x-dimension of every GPU since compute capability 3.0. */
    public static final long MAX_BLOCKS = Integer.MAX_VALUE;

    public LaunchGeometry {
        if (blocks < 0 || threads < 1 || threads > 1024) {
            throw new IllegalArgumentException("bad launch geometry: " + blocks + " blocks of " + threads + " threads");
        }
    }

    /** One thread per item in [0, items); kernels take the item count as an int, so items must fit one. */
    public static LaunchGeometry perItem(long items) {
        if (items < 0 || items > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(
                    "a kernel launch covers 0.." + Integer.MAX_VALUE + " items, got " + items);
        }
        long blocks = (items + THREADS - 1) / THREADS;
        return new LaunchGeometry((int) blocks, THREADS);
    }

    /** One block of {@link #REDUCE_THREADS}; launched even for no items, since those kernels also write their output. */
    public static LaunchGeometry oneBlock() {
        return new LaunchGeometry(1, REDUCE_THREADS);
    }

    /** Whether the launch would run no thread at all (and is skipped). */
    public boolean isEmpty() {
        return blocks == 0;
    }

    /** The number of threads launched. */
    public long totalThreads() {
        return (long) blocks * threads;
    }
}
