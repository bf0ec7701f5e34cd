package io.jmlp.cpu;

/**
 * How {@link Gemm} computes one call: which product the kernels compute (C or Cᵀ), how they read
 * op(A) and op(B) (packed into panels, or in place), and how the work is shared over the threads.
 * {@link #choose} is the one place where these are decided, each choice with its reason; Gemm's
 * loops only read the plan. No choice changes a bit of the result: every element is the same chain
 * of fused multiply-adds in order of k, applied to C the same way, whatever the plan (tested by
 * {@code GemmPlanTest}, which reaches every choice). The plan decides only the speed.
 *
 * <p>A and B here are the operands as the kernels see them, after {@link #orientation}: for
 * {@link Orientation#TRANSPOSED} they are the caller's B and A, with their transposes flipped.
 *
 * <p>The plans are interned (one instance per combination), so choosing one allocates nothing and
 * a training step stays free of garbage.
 */
record GemmPlan(Orientation orientation, AReading a, BReading b, Split split, BlockOrder order) {

    /** Which product the kernels compute. */
    enum Orientation {
        /** C = op(A)·op(B), tile by tile. */
        DIRECT,
        /**
         * Cᵀ = op(B)ᵀ·op(A)ᵀ: A and B swap places, each with its transpose flag flipped, and every
         * tile is written back into C transposed.
         */
        TRANSPOSED
    }

    /** How the kernels read op(A). */
    enum AReading {
        /** Copied into panels of mr rows (zero-padded), each panel reused for every nr columns of the block. */
        PACKED,
        /**
         * op(A) is row-major: in a block of C at most {@link #narrowBlockColumns} columns wide the
         * kernel reads mr whole rows of A in place ({@link MicroKernel#tileRows}; a last panel of
         * fewer than mr rows is packed, zero-padded); a wider block packs A as {@link #PACKED} does.
         * Per block, because a part's last column block can be narrow when the call is not.
         */
        IN_PLACE_IN_NARROW_BLOCKS
    }

    /** How the kernels read op(B). */
    enum BReading {
        /** Copied into panels of nr columns (padded, see Gemm.packB), once per column block and k block. */
        PACKED,
        /**
         * op(B) is row-major: each whole panel of nr columns is read in place with B's row length as
         * its k-step stride; a last panel of fewer than nr columns is packed, padded.
         */
        IN_PLACE
    }

    /** How the work is shared out. Rows and columns are those of the product the kernels compute. */
    enum Split {
        /** The whole call on the calling thread. */
        CALLER,
        /** One part per worker, by whole panels of mr rows. */
        ROWS,
        /** One part per worker, by whole panels of nr columns. */
        COLUMNS
    }

    /**
     * In which order a worker walks the blocks (mc × nc) of its part of C. In the first two all of k
     * is summed into a block before the next, so the block stays in L2 between k blocks; in the third
     * each k block goes to every row block before the next.
     */
    enum BlockOrder {
        /** Column blocks outside, row blocks inside: with one k block, a packed B block serves every row block. */
        COLUMNS_OUTER,
        /**
         * Row blocks outside: with several k blocks, B is packed again for every block of C in either
         * order, and a row block's packed A (every k block of it, at most {@link Gemm#A_BLOCKS_KEPT})
         * is kept for all its column blocks instead of packed again for each.
         */
        ROWS_OUTER,
        /**
         * Column blocks ({@link Gemm#K_OUTER_COLUMNS} wide) outside, then k blocks, then row blocks
         * (GotoBLAS's order): each k block of a column block's B is packed once for all the row blocks,
         * A once per column block, and C's blocks take one k block at a time, coming back from L3
         * between them. The other two orders pack B again for every row block, which at 1024³ was an
         * eighth of the time on a Zen 3 core (docs/benchmarks.md); a C block coming back costs a few
         * cache lines per tile per k block.
         */
        K_OUTER
    }

    /** Below this many multiply-adds a GEMM runs on the calling thread: waking the team costs more than it saves. */
    static final long PARALLEL_MIN = 1L << 17;

    /** Multiply-adds the kernel does in the time packing copies one float (32 FMA lanes a cycle against about one copy). */
    private static final double FMAS_PER_PACKED_FLOAT = 30;

    // The number of each choice, read once: values() returns a new array on every call, and index()
    // runs on every GEMM, where those four arrays were 112 bytes a call (999 bytes a training step at
    // 512-512, batch 512, docs/benchmarks.md) whenever C2 did not inline them away.
    private static final int A_READINGS = AReading.values().length;
    private static final int B_READINGS = BReading.values().length;
    private static final int SPLITS = Split.values().length;
    private static final int BLOCK_ORDERS = BlockOrder.values().length;

    private static final GemmPlan[] ALL =
            new GemmPlan[Orientation.values().length * A_READINGS * B_READINGS * SPLITS * BLOCK_ORDERS];

    static {
        for (Orientation o : Orientation.values()) {
            for (AReading a : AReading.values()) {
                for (BReading b : BReading.values()) {
                    for (Split s : Split.values()) {
                        for (BlockOrder order : BlockOrder.values()) {
                            ALL[index(o, a, b, s, order)] = new GemmPlan(o, a, b, s, order);
                        }
                    }
                }
            }
        }
    }

    private static int index(Orientation o, AReading a, BReading b, Split s, BlockOrder order) {
        int i = o.ordinal();
        i = i * A_READINGS + a.ordinal();
        i = i * B_READINGS + b.ordinal();
        i = i * SPLITS + s.ordinal();
        return i * BLOCK_ORDERS + order.ordinal();
    }

    /** The interned plan of these choices. */
    static GemmPlan of(Orientation o, AReading a, BReading b, Split s, BlockOrder order) {
        return ALL[index(o, a, b, s, order)];
    }

    /**
     * The widest column block of C (in floats) that reads a row-major op(A) in place: two tiles.
     * Up to there packing A would cost about what it saves; wider blocks reuse each packed A panel
     * for every nr columns, so packing is cheap, and it spares the in-place reads their cache
     * conflicts when lda is a power of two (1024³: rows 4 KiB apart fall into a sixteenth of L2's sets).
     */
    static int narrowBlockColumns(int nr) {
        return 2 * nr;
    }

    /** Whether a column block {@code blockColumns} wide reads op(A) in place under this plan (see {@link AReading}). */
    boolean readsAInPlace(int blockColumns, int nr) {
        return a == AReading.IN_PLACE_IN_NARROW_BLOCKS && blockColumns <= narrowBlockColumns(nr);
    }

    /**
     * The plan for C[m × n] = op(A)·op(B) with inner size k (k > 0, m, n > 0), for kernels of
     * {@code mr × nr} tiles, row blocks of {@code mc} rows and a team of {@code workers} threads.
     */
    static GemmPlan choose(boolean transA, boolean transB, int m, int n, int k, int mr, int nr, int mc, int workers) {
        // Orientation. A C only a few columns wide (the output layer's n = 10) would fill 10 of a
        // tile's nr lanes. Its transpose Cᵀ = op(B)ᵀ·op(A)ᵀ has those few columns as rows, which fill
        // 10 of 10 tile rows at mr = 5 (10 of 12 at mr = 6): when Cᵀ fills its tiles better, the
        // kernels compute Cᵀ. Only when op(A) is transposed: a row-major op(A) is read in place (see
        // AReading), and as the B of the transposed problem it would need the one expensive packing,
        // a transposing one.
        boolean transposed = transA && m > n && n < nr && filled(n, mr) > filled(n, nr);
        Orientation orientation = transposed ? Orientation.TRANSPOSED : Orientation.DIRECT;
        // The problem the kernels see.
        boolean opATransposed = transposed ? !transB : transA;
        boolean opBTransposed = transposed ? !transA : transB;
        int rows = transposed ? n : m;
        int cols = transposed ? m : n;

        // A. A row-major op(A) of a narrow product is read in place by the kernel (mr row streams):
        // there packing would cost about what it saves (narrowBlockColumns says up to where). A
        // transposed op(A) has its mr values of one step adjacent only once packed.
        AReading a = opATransposed ? AReading.PACKED : AReading.IN_PLACE_IN_NARROW_BLOCKS;

        // B. For Cᵀ of a narrow product, B is the layer's activations, row-major and small: its whole
        // panels are read in place (packing them was most of such a call's time). Everywhere else B
        // is packed: a panel of B (kc·nr floats) is what stays in L1 while A's panels stream past.
        BReading b = transposed && !opBTransposed ? BReading.IN_PLACE : BReading.PACKED;

        // Split. Small products stay on the caller; otherwise C is cut into one part per worker by
        // whole panels of its columns or its rows, whichever cut leaves the busiest worker the least
        // to do (cutCost): each worker packs its share of the operand that is cut, and all of the other.
        Split split;
        if (workers == 1 || (long) m * n * k < PARALLEL_MIN) {
            split = Split.CALLER;
        } else {
            int columnPanels = (cols + nr - 1) / nr;
            int rowPanels = (rows + mr - 1) / mr;
            double fmas = (double) rowPanels * mr * columnPanels * nr * k;
            // A narrow product reads a row-major op(A) in place: no packing to count.
            double packA = a == AReading.PACKED || cols > narrowBlockColumns(nr) ? (double) rows * k : 0;
            double packB = (double) k * cols;
            boolean columns = cutCost(columnPanels, workers, fmas, packB, packA)
                    <= cutCost(rowPanels, workers, fmas, packA, packB);
            split = columns ? Split.COLUMNS : Split.ROWS;
        }
        // Block order. With several k blocks and several row blocks in a worker's part, the k blocks go
        // outside the row blocks so that B is packed once, not once per row block: at 1024³, 1.08×
        // as fast on one Zen 3 thread and 1.04× on two (docs/benchmarks.md). With several k blocks
        // and one row block (up to what a worker keeps packed), the row block goes outside so that its
        // A is packed once, not once per column block: at 1024³ on one thread, A packed once instead
        // of four times, 6–9 % faster than COLUMNS_OUTER (docs/benchmarks.md, Zen 5).
        int kBlocks = (k + Gemm.KC - 1) / Gemm.KC;
        int partRows = split == Split.ROWS ? ((rows + mr - 1) / mr + workers - 1) / workers * mr : rows;
        BlockOrder order;
        if (kBlocks > 1 && partRows > mc) {
            order = BlockOrder.K_OUTER;
        } else if (kBlocks > 1 && kBlocks <= Gemm.A_BLOCKS_KEPT) {
            order = BlockOrder.ROWS_OUTER;
        } else {
            order = BlockOrder.COLUMNS_OUTER;
        }
        return of(orientation, a, b, split, order);
    }

    /** The fraction of a tile's rows (or columns) of {@code size} that {@code extent} rows (columns) fill. */
    private static double filled(int extent, int size) {
        return (double) extent / ((extent + size - 1) / size * size);
    }

    /**
     * The time, in packed floats, of the busiest worker when C is cut along one dimension into
     * {@code cutPanels} whole panels: its share of the (padded) multiply-adds and of the packing of
     * the operand that is cut ({@code cutPacking} floats in all), plus all of the packing of the
     * other operand ({@code sharedPacking}), which every worker does for itself.
     */
    private static double cutCost(int cutPanels, int workers, double fmas, double cutPacking, double sharedPacking) {
        double share = (double) ((cutPanels + workers - 1) / workers) / cutPanels;
        return share * (fmas / FMAS_PER_PACKED_FLOAT + cutPacking) + sharedPacking;
    }
}
