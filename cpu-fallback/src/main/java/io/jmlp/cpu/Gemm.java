package io.jmlp.cpu;

import java.util.Arrays;
import java.util.function.Supplier;

/**
 * Row-major {@code C = alpha·op(A)·op(B) + beta·C} in the layout of BLIS/GotoBLAS: op(B) is
 * copied ("packed") in blocks of {@code kc} × {@code nc} into panels {@code nr} columns wide,
 * op(A) in blocks of {@code mc} × {@code kc} into panels {@code mr} rows tall (sizes from the
 * machine's caches, see the constructor), and a
 * {@link MicroKernel} computes each {@code mr × nr} tile of C from one panel of each. Packing is
 * what makes every transpose the same problem: whichever of the four layouts A and B come in, the
 * kernel reads compact panels (A's as mr runs of kc values or kc runs of mr values, whichever is a
 * straight copy, see {@link #packA}), and a panel of B (kc·nr floats) stays in L1 while the panels
 * of A stream past it from L2.
 *
 * <p>Which variant of these loops a call runs — C or Cᵀ computed, each operand packed or read in
 * place, the work on the caller or cut by rows or columns — is decided once per call, in one place,
 * by {@link GemmPlan#choose}; the loops read the plan. The work is cut into one part per thread of
 * the {@link WorkerTeam}, by whole panels of C's columns or rows; whichever worker runs a part
 * packs what it needs into that worker's own buffers, so workers never wait for each other inside
 * a call. The kernel leaves each tile's sums in a per-worker scratch tile and then applies alpha and
 * beta to C ({@link MicroKernel#store}); edge tiles (m or n not a multiple of the tile), computed from
 * padded panels (see {@link #packB}), are merged into the part inside C by {@link #merge}. In the
 * k-outer order a worker's whole tiles of C may live in a buffer of its own between k blocks (see
 * {@link #C_BUFFER_FLOATS}).
 *
 * <p>One instance per backend; it holds the per-worker buffers (allocated once; a C buffer when a
 * product first needs one) and the arguments of the call in flight, so a call allocates nothing once
 * warm. Not reentrant.
 */
final class Gemm implements WorkerTeam.Job {
    /** The most steps of k per block (see the constructor). */
    static final int KC = 256;

    /**
     * The most k blocks of a row block's packed A a worker keeps for all its column blocks (k ≤ 8·KC =
     * 2048; see {@link #block}): 2 MiB a worker with mc = 252.
     */
    static final int A_BLOCKS_KEPT = 8;

    /** Floats after a packed A block that {@link MicroKernel#copySteps} may overwrite: the widest vector's lanes. */
    static final int PACK_SLACK = 16;

    /**
     * Columns of a column block in {@link GemmPlan.BlockOrder#K_OUTER} (whole panels of nr): its
     * packed k block of B (kc × 1024 floats, 1 MiB) stays in L3 while every row block passes. On two
     * Zen 3 threads at 1024³ and 512 × 2048 × 2048, 1.04–1.07× as fast as blocks of 256
     * (docs/benchmarks.md); no different on one.
     */
    static final int K_OUTER_COLUMNS = 1024;

    /**
     * The most floats (4 MiB) of the buffer in which a worker keeps the whole tiles of its part of C
     * between the k blocks of {@link GemmPlan.BlockOrder#K_OUTER}, one tile's mr × nr floats after the
     * other in the order the tiles are visited. There every k block walks the whole part, and when the
     * part is larger than L2 it comes from L3 each time: a tile's mr rows, ldc apart, are mr cache
     * misses that no hardware prefetcher foresees (OpenBLAS's kernels prefetch them; Java cannot). In
     * the buffer the tiles are one sequential stream, which the prefetcher brings in ahead; C itself is
     * read once (for beta ≠ 0) and written once. Skipping the stores into C altogether read 1.03–1.11×
     * as fast at 1024³ on one Zen 4 thread, the most this can win; the buffer read 1.07–1.12× on 512 ×
     * 2048 · 2048 × 2048, 0.97–1.16× on its input gradient and 0.98–1.10× at 1024³ (1 and 2 threads,
     * AVX-512 and AVX2 code), and 0.96–0.97× on a part that fits L2 (600 × 300, k = 784), which
     * therefore stays in place (docs/benchmarks.md, Zen 4, 2026-12-04). The same sums are stored
     * with the same roundings, only into the buffer, so C's bits do not change (tested).
     */
    static final int C_BUFFER_FLOATS = 1 << 20;

    private final WorkerTeam team;
    private final MicroKernel[] kernels;
    private final int mr;
    private final int nr;
    private final int mc;
    private final int kcMax;
    private final int nc;
    /** The column block of {@link GemmPlan.BlockOrder#K_OUTER}: {@link #K_OUTER_COLUMNS}, whole panels, at least nc. */
    private final int ncKOuter;
    /** Floats of one packed A block (mc × kc at most): the stride of the k blocks a worker keeps packed. */
    private final int aBlockFloats;

    private final String blocking;
    private final float[][] aPack;
    private final float[][] bPack;
    /** Per worker, the sums of the tile in hand (mr × nr), before they are applied to C. */
    private final float[][] tiles;
    /** At most this many floats in a worker's C buffer; 0: never buffered (the tests' oracle). */
    private final int cBufferMax;
    /** A part of C buffered has more floats than this: L2, as the machine reports it. */
    private final long cBufferFrom;
    /** Per worker, its C buffer ({@link #C_BUFFER_FLOATS}), grown on the first product that needs it, then reused. */
    private final float[][] cBuffers;

    // The call in flight (written by multiply, read by the workers after WorkerTeam publishes it): its
    // plan, and the problem as the kernels compute it (for a TRANSPOSED plan, Cᵀ: A and B swapped).
    private GemmPlan plan;
    private boolean transA;
    private boolean transB;
    private int m;
    private int n;
    private int k;
    private float alpha;
    private float beta;
    private float[] a;
    private int aOff;
    private int lda;
    private float[] b;
    private int bOff;
    private int ldb;
    private float[] c;
    private int cOff;
    private int ldc;

    Gemm(WorkerTeam team, Supplier<MicroKernel> kernelFactory) {
        this(team, kernelFactory, CacheSizes.ofThisMachine());
    }

    /**
     * Blocking: k is cut into equal blocks of at most {@link #KC} steps (equal, so no short last
     * block pays a tile store for little work). An A block (mc·kc floats), which every B
     * micro-panel streams past, and the C block it adds to (mc·nc floats), which stays in cache
     * while all of k is summed into it, take a quarter of L2 each, as the machine reports it.
     * kc is the same on every machine and for every kernel because it alone decides the order of
     * the sums: so every kernel and every machine computes the same bits (tested), and the tile
     * shape and block sizes only decide the speed. At kc = 256 a B micro-panel is 16 KiB at
     * nr = 16 and 32 KiB at nr = 32, within L1d.
     */
    Gemm(WorkerTeam team, Supplier<MicroKernel> kernelFactory, CacheSizes caches) {
        this(team, kernelFactory, caches, C_BUFFER_FLOATS);
    }

    /** As above, with at most {@code cBufferMax} floats of C buffered per worker (0: C's tiles always stored in place). */
    Gemm(WorkerTeam team, Supplier<MicroKernel> kernelFactory, CacheSizes caches, int cBufferMax) {
        this.team = team;
        this.cBufferMax = cBufferMax;
        this.cBufferFrom = caches.l2() / 4;
        int workers = team.size();
        kernels = new MicroKernel[workers];
        for (int w = 0; w < workers; w++) {
            kernels[w] = kernelFactory.get();
        }
        mr = kernels[0].mr();
        nr = kernels[0].nr();
        kcMax = KC;
        mc = rowBlock(mr, caches);
        nc = columnBlock(mr, nr, caches);
        blocking = describeBlocking(mr, nr, caches);
        aBlockFloats = mc * kcMax;
        aPack = new float[workers][A_BLOCKS_KEPT * aBlockFloats + PACK_SLACK];
        ncKOuter = Math.max(nc, K_OUTER_COLUMNS / nr * nr); // as describeBlocking says
        bPack = new float[workers][kcMax * ncKOuter];
        tiles = new float[workers][mr * nr];
        cBuffers = new float[workers][0];
    }

    private static int rowBlock(int mr, CacheSizes caches) {
        return (int) Math.max(mr, caches.l2() / 4 / (4L * KC) / mr * mr);
    }

    /**
     * Whole panels of nr columns: packB fills the column block panel by panel, and bPack holds
     * kc·nc floats (a 24-wide kernel's 256 columns would be 10⅔ panels; it would get 240: one such
     * kernel, measured and removed, overran bPack before this rule, docs/benchmarks.md Zen 3).
     */
    private static int columnBlock(int mr, int nr, CacheSizes caches) {
        int columns = (int) Math.max(256, caches.l2() / 4 / (4L * rowBlock(mr, caches)) / 64 * 64);
        return Math.max(nr, columns / nr * nr);
    }

    /** The blocking a kernel of {@code mr} × {@code nr} tiles gets from {@code caches}, as {@link #blocking()} says it. */
    static String describeBlocking(int mr, int nr, CacheSizes caches) {
        int nc = columnBlock(mr, nr, caches);
        return "kc ≤ " + KC + ", mc " + rowBlock(mr, caches) + ", nc " + nc + " ("
                + Math.max(nc, K_OUTER_COLUMNS / nr * nr)
                + " when B's k blocks serve several row blocks, C's tiles then in a buffer if a part exceeds L2) ("
                + caches.describe() + ")";
    }

    String describe() {
        return kernels[0].describe();
    }

    /** The block sizes and the caches they came from, for {@code jmlp bench}. */
    String blocking() {
        return blocking;
    }

    /** Rows of a row block (the plan's {@code mc}). */
    int mc() {
        return mc;
    }

    /** Rows of the kernel's tile. */
    int mr() {
        return mr;
    }

    /** Columns of the kernel's tile. */
    int nr() {
        return nr;
    }

    /**
     * C[cOff + i·ldc + j] = alpha·Σₚ op(A)[i, p]·op(B)[p, j] + beta·C, with op(A)[i, p] =
     * {@code a[aOff + i·lda + p]} (or {@code a[aOff + p·lda + i]} when transposed), likewise B.
     */
    void multiply(
            boolean transA,
            boolean transB,
            int m,
            int n,
            int k,
            float alpha,
            float[] a,
            int aOff,
            int lda,
            float[] b,
            int bOff,
            int ldb,
            float beta,
            float[] c,
            int cOff,
            int ldc) {
        if (m == 0 || n == 0) {
            return;
        }
        if (k == 0) {
            emptyProduct(m, n, alpha, beta, c, cOff, ldc);
            return;
        }
        plan = GemmPlan.choose(transA, transB, m, n, k, mr, nr, mc, team.size());
        if (plan.orientation() == GemmPlan.Orientation.TRANSPOSED) {
            this.transA = !transB;
            this.transB = !transA;
            this.m = n;
            this.n = m;
            this.a = b;
            this.aOff = bOff;
            this.lda = ldb;
            this.b = a;
            this.bOff = aOff;
            this.ldb = lda;
        } else {
            this.transA = transA;
            this.transB = transB;
            this.m = m;
            this.n = n;
            this.a = a;
            this.aOff = aOff;
            this.lda = lda;
            this.b = b;
            this.bOff = bOff;
            this.ldb = ldb;
        }
        this.k = k;
        this.alpha = alpha;
        this.beta = beta;
        this.c = c;
        this.cOff = cOff;
        this.ldc = ldc;
        try {
            if (plan.split() == GemmPlan.Split.CALLER) {
                run(0, 0, 1);
            } else {
                team.run(this, team.size());
            }
        } finally {
            this.a = null; // no references to the caller's arrays outlive the call
            this.b = null;
            this.c = null;
        }
    }

    /** k = 0: the product is an empty sum, C = alpha·0 + beta·C (beta = 0: C := 0, even over NaN), as the reference computes it. */
    private static void emptyProduct(int m, int n, float alpha, float beta, float[] c, int cOff, int ldc) {
        float zero = alpha * 0f;
        for (int i = 0; i < m; i++) {
            int row = cOff + i * ldc;
            for (int j = 0; j < n; j++) {
                c[row + j] = beta == 0f ? zero : zero + beta * c[row + j];
            }
        }
    }

    @Override
    public void run(int worker, int part, int parts) {
        int i0 = 0;
        int i1 = m;
        int j0 = 0;
        int j1 = n;
        switch (plan.split()) {
            case COLUMNS -> {
                j0 = WorkerTeam.shareStart(n, nr, part, parts);
                j1 = WorkerTeam.shareStart(n, nr, part + 1, parts);
            }
            case ROWS -> {
                i0 = WorkerTeam.shareStart(m, mr, part, parts);
                i1 = WorkerTeam.shareStart(m, mr, part + 1, parts);
            }
            case CALLER -> {} // one part: all of C
        }
        if (i0 < i1 && j0 < j1) {
            block(worker, i0, i1, j0, j1);
        }
    }

    /** C[i0..i1, j0..j1) in full, by one worker, as the plan says (the reasons for each choice are in {@link GemmPlan}). */
    private void block(int worker, int i0, int i1, int j0, int j1) {
        boolean bInPlace = plan.b() == GemmPlan.BReading.IN_PLACE;
        MicroKernel kernel = kernels[worker];
        float[] ap = aPack[worker];
        float[] bp = bPack[worker];
        int kBlocks = (k + kcMax - 1) / kcMax;
        int kcEven =
                (k + kBlocks - 1) / kBlocks; // equal blocks: no short last block to pay a tile store for little work
        // The order of the blocks is the plan's (GemmPlan.BlockOrder says why): in ROWS_OUTER and
        // COLUMNS_OUTER all of k is summed into a block of C (mc × nc) before the next, so the block
        // stays in L2 between k blocks; in K_OUTER each packed k block of B serves every row block.
        if (plan.order() == GemmPlan.BlockOrder.ROWS_OUTER) { // every k block of a row block's A kept in ap
            for (int ic = i0; ic < i1; ic += mc) {
                int mcHere = Math.min(mc, i1 - ic);
                boolean aKept = false;
                for (int jc = j0; jc < j1; jc += nc) {
                    int ncHere = Math.min(nc, j1 - jc);
                    boolean aInPlace = plan.readsAInPlace(ncHere, nr);
                    for (int kb = 0, pc = 0; pc < k; kb++, pc += kcEven) {
                        int kc = Math.min(kcEven, k - pc);
                        if (!bInPlace) {
                            packB(kernel, bp, pc, kc, jc, ncHere);
                        }
                        int aBase = kb * aBlockFloats;
                        if (!aInPlace && !aKept) {
                            packA(kernel, ap, aBase, ic, mcHere, pc, kc);
                        }
                        tiles(worker, aInPlace, aBase, ic, mcHere, jc, ncHere, pc, kc, null, 0, false);
                    }
                    // A narrow block reads A in place and packs its partial panel over ap's first block.
                    aKept = !aInPlace;
                }
            }
            return;
        }
        if (plan.order() == GemmPlan.BlockOrder.K_OUTER) {
            for (int jc = j0; jc < j1; jc += ncKOuter) {
                int ncHere = Math.min(ncKOuter, j1 - jc);
                int panels = (ncHere + nr - 1) / nr;
                float[] cBuffer = cBuffer(worker, i1 - i0, panels);
                boolean aInPlace = plan.readsAInPlace(ncHere, nr);
                for (int pc = 0; pc < k; pc += kcEven) {
                    int kc = Math.min(kcEven, k - pc);
                    if (!bInPlace) {
                        packB(kernel, bp, pc, kc, jc, ncHere);
                    }
                    for (int ic = i0; ic < i1; ic += mc) {
                        int mcHere = Math.min(mc, i1 - ic);
                        if (!aInPlace) {
                            packA(kernel, ap, 0, ic, mcHere, pc, kc);
                        }
                        // A row block's tiles follow those of the row blocks above it (mc is whole tiles).
                        int cBufferAt = (ic - i0) * panels * nr;
                        tiles(worker, aInPlace, 0, ic, mcHere, jc, ncHere, pc, kc, cBuffer, cBufferAt, pc + kc >= k);
                    }
                }
            }
            return;
        }
        int packedB = -1; // the column block and k block bp holds, likewise ap
        int packedBk = -1;
        int packedA = -1;
        int packedAk = -1;
        // The price of summing all of k into a C block, B repacked for every row block, is one packed
        // float per mc multiply-adds; with one k block B is packed once per column block.
        for (int jc = j0; jc < j1; jc += nc) {
            int ncHere = Math.min(nc, j1 - jc);
            boolean aInPlace = plan.readsAInPlace(ncHere, nr);
            for (int ic = i0; ic < i1; ic += mc) {
                int mcHere = Math.min(mc, i1 - ic);
                for (int pc = 0; pc < k; pc += kcEven) {
                    int kc = Math.min(kcEven, k - pc);
                    if (!bInPlace && (packedB != jc || packedBk != pc)) {
                        packB(kernel, bp, pc, kc, jc, ncHere);
                        packedB = jc;
                        packedBk = pc;
                    }
                    if (!aInPlace && (packedA != ic || packedAk != pc)) {
                        packA(kernel, ap, 0, ic, mcHere, pc, kc);
                        packedA = ic;
                        packedAk = pc;
                    }
                    tiles(worker, aInPlace, 0, ic, mcHere, jc, ncHere, pc, kc, null, 0, false);
                    if (aInPlace) {
                        packedA = -1; // its partial panel was packed over ap
                    }
                }
            }
        }
    }

    /**
     * The worker's C buffer for a part of {@code rows} rows and {@code panels} panels of columns, or
     * null where C's tiles are stored in place: a plan that computes Cᵀ (its tiles are merged
     * transposed), a part that fits L2 (it stays there between k blocks), or one larger than the
     * buffer may be.
     */
    private float[] cBuffer(int worker, int rows, int panels) {
        long floats = (long) ((rows + mr - 1) / mr * mr) * panels * nr;
        if (plan.orientation() == GemmPlan.Orientation.TRANSPOSED || floats <= cBufferFrom || floats > cBufferMax) {
            return null;
        }
        if (cBuffers[worker].length < floats) {
            cBuffers[worker] = new float[(int) floats];
        }
        return cBuffers[worker];
    }

    /**
     * The tiles of C[ic..ic+mcHere, jc..jc+ncHere) over the k block [pc, pc+kc): B's panels from the
     * worker's bp (or in place), A's from its ap at {@code aBase} (or its rows in place, the last,
     * partial panel packed at ap's start). With a {@code cBuffer}, the block's whole tiles are kept
     * there from {@code cBufferAt} on, tile after tile in the order of this loop, and written to C
     * after the {@code lastK} block.
     */
    private void tiles(
            int worker,
            boolean aInPlace,
            int aBase,
            int ic,
            int mcHere,
            int jc,
            int ncHere,
            int pc,
            int kc,
            float[] cBuffer,
            int cBufferAt,
            boolean lastK) {
        boolean bInPlace = plan.b() == GemmPlan.BReading.IN_PLACE;
        boolean transposedOut = plan.orientation() == GemmPlan.Orientation.TRANSPOSED;
        MicroKernel kernel = kernels[worker];
        float[] ap = aPack[worker];
        float[] bp = bPack[worker];
        float[] tile = tiles[worker];
        float betaHere = pc == 0 ? beta : 1f; // the first k block applies beta; later ones add to what it wrote
        // One loop of the kernel for every tile of the block, edge tiles included: the constant-stride
        // one only when both operands' panels are packed. An edge tile's padded copy has the packed
        // strides, but a loop that only edge tiles took would run a few times a step, so it stayed in
        // the interpreter or C1 for hundreds of steps, where the Vector API runs its Java fallbacks
        // (a new array per vector operation: 0.5 MB a step at 512-512, batch 512; docs/benchmarks.md).
        boolean packedLoop = !bInPlace && (transA || !aInPlace);
        int tilesDown = (mcHere + mr - 1) / mr; // tiles per panel of the block, the stride of the buffer's panels
        for (int jr = 0; jr < ncHere; jr += nr) {
            int cols = Math.min(nr, ncHere - jr);
            float[] bFrom = bp;
            int bPanel = (jr / nr) * kc * nr;
            int bStep = nr;
            if (bInPlace && cols == nr) {
                bFrom = b;
                bPanel = bOff + pc * ldb + jc + jr;
                bStep = ldb;
            } else if (bInPlace) {
                packB(kernel, bp, pc, kc, jc + jr, cols); // the last, partial panel: padded copy
                bPanel = 0;
            }
            for (int ir = 0; ir < mcHere; ir += mr) {
                int rows = Math.min(mr, mcHere - ir);
                if (aInPlace && rows == mr) {
                    kernel.tileRows(kc, a, aOff + (ic + ir) * lda + pc, lda, bFrom, bPanel, bStep, tile);
                } else {
                    int aPanel = aBase + (ir / mr) * panelFloats(kc);
                    if (aInPlace) {
                        packA(kernel, ap, 0, ic + ir, rows, pc, kc); // the last, partial panel: zero-padded copy
                        aPanel = 0;
                    }
                    if (transA && packedLoop) {
                        kernel.tilePacked(kc, ap, aPanel, bFrom, bPanel, tile);
                    } else if (transA) {
                        kernel.tile(kc, ap, aPanel, bFrom, bPanel, bStep, tile);
                    } else if (packedLoop) { // a panel of mr rows of kc steps each, KC floats apart (see packA)
                        kernel.tileRowsPacked(kc, ap, aPanel, bFrom, bPanel, tile);
                    } else {
                        kernel.tileRows(kc, ap, aPanel, KC, bFrom, bPanel, bStep, tile);
                    }
                }
                int cAt = cOff + (ic + ir) * ldc + jc + jr;
                if (transposedOut) {
                    mergeTransposed(tile, rows, cols, betaHere, ic + ir, jc + jr);
                } else if (rows == mr && cols == nr && cBuffer != null) {
                    int t = cBufferAt + ((jr / nr) * tilesDown + ir / mr) * (mr * nr);
                    if (pc == 0 && beta != 0f) { // beta·C needs C, read once
                        for (int r = 0; r < mr; r++) {
                            kernel.copyToPanels(c, cAt + r * ldc, 1, cBuffer, t + r * nr, 0);
                        }
                    }
                    kernel.store(tile, alpha, betaHere, cBuffer, t, nr);
                    if (lastK) {
                        for (int r = 0; r < mr; r++) {
                            kernel.copyToPanels(cBuffer, t + r * nr, 1, c, cAt + r * ldc, 0);
                        }
                    }
                } else if (rows == mr && cols == nr) {
                    kernel.store(tile, alpha, betaHere, c, cAt, ldc);
                } else {
                    merge(tile, rows, cols, betaHere, cAt);
                }
            }
        }
    }

    /**
     * As {@link MicroKernel#store}, on the part of an edge tile's sums that lies inside C: C =
     * fma(C, beta, alpha·sum); beta = 0 overwrites C without reading it, NaN there included.
     */
    private void merge(float[] tile, int rows, int cols, float betaHere, int cAt) {
        for (int r = 0; r < rows; r++) {
            int out = cAt + r * ldc;
            for (int j = 0; j < cols; j++) {
                float v = alpha * tile[r * nr + j];
                c[out + j] = betaHere == 0f ? v : Math.fma(c[out + j], betaHere, v);
            }
        }
    }

    /** As {@link #merge}, for a tile of Cᵀ at (row0, col0): its element (r, j) is C[col0 + j, row0 + r]. */
    private void mergeTransposed(float[] tile, int rows, int cols, float betaHere, int row0, int col0) {
        for (int j = 0; j < cols; j++) {
            int out = cOff + (col0 + j) * ldc + row0;
            for (int r = 0; r < rows; r++) {
                float v = alpha * tile[r * nr + j];
                c[out + r] = betaHere == 0f ? v : Math.fma(c[out + r], betaHere, v);
            }
        }
    }

    /** Floats of one packed panel of A ({@link #packA}): mr rows {@link #KC} floats apart, or kc steps of mr values. */
    private int panelFloats(int kc) {
        return transA ? kc * mr : KC * mr;
    }

    /**
     * Packs op(A)[ic..ic+rows, pc..pc+kc) into panels of mr rows (zero-padded), each
     * {@link #panelFloats} floats, in the layout that is a straight copy of A's own: for a row-major
     * op(A), panel q holds its mr rows one after the other, kc values each, the rows {@link #KC}
     * floats apart whatever kc is (the kernel reads it with {@link MicroKernel#tileRows}, lda = KC: a
     * constant stride, which the kernels' fast loop needs); for a transposed op(A), whose mr values
     * of one step are adjacent in memory, kc steps of mr values ({@link MicroKernel#tile}). Interleaving a
     * row-major A into steps of mr values instead took one scalar store per float: on an AVX-512
     * core, where the kernel does 32 multiply-adds a cycle, that was a third of a 1024³ product.
     */
    private void packA(MicroKernel kernel, float[] ap, int aBase, int ic, int rows, int pc, int kc) {
        for (int q = 0; q * mr < rows; q++) {
            int base = aBase + q * panelFloats(kc);
            int first = ic + q * mr;
            int live = Math.min(mr, rows - q * mr);
            if (!transA) {
                // op(A)[i, p] = a[i·lda + p]: each row's kc values are one run, copied as it is.
                for (int r = 0; r < live; r++) {
                    System.arraycopy(a, aOff + (first + r) * lda + pc, ap, base + r * KC, kc);
                }
                for (int r = live; r < mr; r++) {
                    Arrays.fill(ap, base + r * KC, base + r * KC + kc, 0f);
                }
            } else {
                // op(A)[i, p] = a[p·lda + i]: the mr values of one step are adjacent in memory.
                if (live == mr) { // panels are packed in order, so a vector's overrun lands where the next is written
                    kernel.copySteps(a, aOff + pc * lda + first, lda, kc, ap, base);
                    continue;
                }
                for (int p = 0; p < kc; p++) {
                    int src = aOff + (pc + p) * lda + first;
                    int dst = base + p * mr;
                    // The last, partial panel: loops, because for fewer than mr floats a call costs more than it
                    // copies.
                    for (int r = 0; r < live; r++) {
                        ap[dst + r] = a[src + r];
                    }
                    for (int r = live; r < mr; r++) {
                        ap[dst + r] = 0f;
                    }
                }
            }
        }
    }

    /**
     * Packs op(B)[pc..pc+kc, jc..jc+cols) into panels of nr columns: panel q holds kc steps of nr
     * values. A last, partial panel is padded with zeros, or, for a row-major op(B), with whatever
     * follows each row in b: the padding only ever reaches tile columns past C's edge, which
     * {@link #merge} does not store.
     */
    private void packB(MicroKernel kernel, float[] bp, int pc, int kc, int jc, int cols) {
        int fullPanels = cols / nr;
        int live = cols - fullPanels * nr; // columns of the last, partial panel (0: none)
        if (!transB) {
            // op(B)[p, j] = b[p·ldb + j]: B is read row by row, each row once and front to back, and
            // its nr-wide pieces go to the panels side by side. (Panel by panel instead, the reads
            // step down B's rows nr floats at a time: on a B larger than L2, a cache miss per step.)
            int tail = fullPanels * kc * nr;
            for (int p = 0; p < kc; p++) {
                int src = bOff + (pc + p) * ldb + jc;
                int dst = p * nr;
                kernel.copyToPanels(b, src, fullPanels, bp, dst, kc * nr);
                src += fullPanels * nr;
                if (live > 0) {
                    int t = tail + p * nr;
                    if (src + nr <= b.length) {
                        // One vector copy: the lanes past the live columns get what follows in b, whose
                        // products land only in tile columns that merge never stores (they need not be zero).
                        kernel.copyToPanels(b, src, 1, bp, t, 0);
                    } else {
                        for (int j = 0; j < live; j++) {
                            bp[t + j] = b[src + j];
                        }
                        for (int j = live; j < nr; j++) {
                            bp[t + j] = 0f;
                        }
                    }
                }
            }
            return;
        }
        // op(B)[p, j] = b[j·ldb + p]: each column of op(B) is a row of B, read along k.
        for (int q = 0; q * nr < cols; q++) {
            int base = q * kc * nr;
            int first = jc + q * nr;
            int liveHere = Math.min(nr, cols - q * nr);
            if (liveHere == nr) {
                kernel.transposeToPanel(b, bOff + first * ldb + pc, ldb, kc, bp, base);
                continue;
            }
            // The last, partial panel: zero-padded, one float at a time.
            for (int j = 0; j < nr; j++) {
                if (j < liveHere) {
                    int src = bOff + (first + j) * ldb + pc;
                    for (int p = 0; p < kc; p++) {
                        bp[base + p * nr + j] = b[src + p];
                    }
                } else {
                    for (int p = 0; p < kc; p++) {
                        bp[base + p * nr + j] = 0f;
                    }
                }
            }
        }
    }
}
