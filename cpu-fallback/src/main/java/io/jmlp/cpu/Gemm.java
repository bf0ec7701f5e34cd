package io.jmlp.cpu;

import java.util.function.Supplier;

/**
 * Row-major {@code C = alpha·op(A)·op(B) + beta·C} in the layout of BLIS/GotoBLAS: op(B) is
 * copied ("packed") in blocks of {@link #KC} × {@link #NC} into panels {@code nr} columns wide,
 * op(A) in blocks of {@code MC} × {@link #KC} into panels {@code mr} rows tall, and a
 * {@link MicroKernel} computes each {@code mr × nr} tile of C from one panel of each. Packing is
 * what makes every transpose the same problem: whichever of the four layouts A and B come in, the
 * kernel reads both panels front to back, and a panel of B (KC·nr floats) stays in L1 while the
 * panels of A stream past it from L2.
 *
 * <p>The work is cut into one part per thread of the {@link WorkerTeam}, by whole panels of C's
 * columns or rows (the cut that shares the panels out more evenly); whichever worker runs a part
 * packs what it needs into that worker's own buffers, so workers never wait for each other inside
 * a call. Edge tiles (m or n not a
 * multiple of the tile) are computed into a scratch tile from zero-padded panels and copied out.
 *
 * <p>One instance per backend; it holds the per-worker buffers (allocated once) and the arguments
 * of the call in flight, so a call allocates nothing. Not reentrant.
 */
final class Gemm implements WorkerTeam.Job {
    /** Steps of k per packed block: a B panel of KC·nr floats (32 KiB at nr = 32) fits in L1. */
    static final int KC = 256;
    /** Columns of op(B) per packed block (a multiple of every kernel's nr): KC·NC floats = 1 MiB, in L2. */
    static final int NC = 1024;
    /** Below this many multiply-adds a GEMM runs on the calling thread: waking the team costs more than it saves. */
    static final long PARALLEL_MIN = 1L << 17;

    private final WorkerTeam team;
    private final MicroKernel[] kernels;
    private final int mr;
    private final int nr;
    private final int mc;
    private final float[][] aPack;
    private final float[][] bPack;
    private final float[][] edge;

    // The call in flight (written by multiply, read by the workers after WorkerTeam publishes it).
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
    private boolean splitColumns;
    /** The kernels compute Cᵀ (see {@link #multiply}): every tile is stored transposed. */
    private boolean transposedOut;

    Gemm(WorkerTeam team, Supplier<MicroKernel> kernelFactory) {
        this.team = team;
        int workers = team.size();
        kernels = new MicroKernel[workers];
        for (int w = 0; w < workers; w++) {
            kernels[w] = kernelFactory.get();
        }
        mr = kernels[0].mr();
        nr = kernels[0].nr();
        if (NC % nr != 0) {
            throw new IllegalStateException("NC " + NC + " is not a multiple of the kernel's nr " + nr);
        }
        // MC: about 120 rows, a whole number of mr panels; the seed network's 100-row batches fit in one block.
        mc = Math.max(1, 120 / mr) * mr;
        aPack = new float[workers][mc * KC];
        bPack = new float[workers][KC * NC];
        edge = new float[workers][mr * nr];
    }

    String describe() {
        return kernels[0].describe();
    }

    /** Columns of the kernel's tile. */
    int nr() {
        return nr;
    }

    /**
     * C[cOff + i·ldc + j] = alpha·Σₚ op(A)[i, p]·op(B)[p, j] + beta·C, with op(A)[i, p] =
     * {@code a[aOff + i·lda + p]} (or {@code a[aOff + p·lda + i]} when transposed), likewise B.
     */
    void multiply(boolean transA, boolean transB, int m, int n, int k, float alpha,
                  float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                  float beta, float[] c, int cOff, int ldc) {
        if (m == 0 || n == 0) {
            return;
        }
        if (k == 0) {
            emptyProduct(m, n, alpha, beta, c, cOff, ldc);
            return;
        }
        // A C only a few columns wide (the output layer's n = 10) would fill 10 of a tile's nr lanes.
        // Its transpose Cᵀ = op(B)ᵀ·op(A)ᵀ has those few columns as rows, which fill 10 of 12 tile rows:
        // the kernels then compute Cᵀ (A and B swap places, each with its transpose flag flipped) and
        // every tile is written back transposed.
        // Only when op(A) is transposed: a row-major op(A) is read in place (see block), and as the
        // B of the transposed problem it would need the one expensive packing, a transposing one.
        transposedOut = n < nr / 2 && m > n && transA;
        if (transposedOut) {
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
        int workers = team.size();
        int columnPanels = (this.n + nr - 1) / nr;
        int rowPanels = (this.m + mr - 1) / mr;
        double fmas = (double) rowPanels * mr * columnPanels * nr * this.k;
        double packA = this.transA ? (double) this.m * this.k : 0; // a row-major op(A) is not packed
        double packB = (double) this.k * this.n;
        splitColumns = cutCost(columnPanels, workers, fmas, packB, packA) <= cutCost(rowPanels, workers, fmas, packA, packB);
        try {
            if (workers == 1 || (long) m * n * k < PARALLEL_MIN) {
                run(0, 0, 1);
            } else {
                team.run(this, workers);
            }
        } finally {
            this.a = null; // no references to the caller's arrays outlive the call
            this.b = null;
            this.c = null;
        }
    }

    /** Multiply-adds the kernel does in the time packing copies one float (32 FMA lanes a cycle against about one copy). */
    private static final double FMAS_PER_PACKED_FLOAT = 30;

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
        if (splitColumns) {
            j0 = WorkerTeam.shareStart(n, nr, part, parts);
            j1 = WorkerTeam.shareStart(n, nr, part + 1, parts);
        } else {
            i0 = WorkerTeam.shareStart(m, mr, part, parts);
            i1 = WorkerTeam.shareStart(m, mr, part + 1, parts);
        }
        if (i0 < i1 && j0 < j1) {
            block(worker, i0, i1, j0, j1);
        }
    }

    /** C[i0..i1, j0..j1) in full, by one worker. */
    private void block(int worker, int i0, int i1, int j0, int j1) {
        MicroKernel kernel = kernels[worker];
        float[] ap = aPack[worker];
        float[] bp = bPack[worker];
        float[] tile = edge[worker];
        for (int jc = j0; jc < j1; jc += NC) {
            int ncHere = Math.min(NC, j1 - jc);
            for (int pc = 0; pc < k; pc += KC) {
                int kc = Math.min(KC, k - pc);
                // The first k block applies beta; later ones add to what it wrote.
                float betaHere = pc == 0 ? beta : 1f;
                // For Cᵀ of a narrow product, B is the layer's activations, row-major and small:
                // its whole panels are read in place (packing them was most of such a call's time).
                boolean bInPlace = transposedOut && !transB;
                if (!bInPlace) {
                    packB(bp, pc, kc, jc, ncHere);
                }
                for (int ic = i0; ic < i1; ic += mc) {
                    int mcHere = Math.min(mc, i1 - ic);
                    // A row-major op(A) is read in place by the kernel (mr row streams), except for
                    // a last panel of fewer than mr rows, packed (zero-padded) when it comes up.
                    boolean inPlace = !transA;
                    if (!inPlace) {
                        packA(ap, ic, mcHere, pc, kc);
                    }
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
                            packB(bp, pc, kc, jc + jr, cols); // the last, partial panel: zero-padded copy
                            bPanel = 0;
                        }
                        for (int ir = 0; ir < mcHere; ir += mr) {
                            int rows = Math.min(mr, mcHere - ir);
                            boolean rowsInPlace = inPlace && rows == mr;
                            int aPanel = (ir / mr) * kc * mr;
                            if (inPlace && !rowsInPlace) {
                                packA(ap, ic + ir, rows, pc, kc);
                                aPanel = 0;
                            }
                            int aRows = aOff + (ic + ir) * lda + pc;
                            boolean direct = !transposedOut && rows == mr && cols == nr;
                            float[] out = direct ? c : tile;
                            int outAt = direct ? cOff + (ic + ir) * ldc + jc + jr : 0;
                            int outLd = direct ? ldc : nr;
                            float alphaHere = direct ? alpha : 1f;
                            float betaTile = direct ? betaHere : 0f;
                            if (rowsInPlace) {
                                kernel.tileRows(kc, a, aRows, lda, bFrom, bPanel, bStep, alphaHere, betaTile, out, outAt, outLd);
                            } else {
                                kernel.tile(kc, ap, aPanel, bFrom, bPanel, bStep, alphaHere, betaTile, out, outAt, outLd);
                            }
                            if (transposedOut) {
                                mergeTransposed(tile, rows, cols, betaHere, ic + ir, jc + jr);
                            } else if (!direct) {
                                mergeEdge(tile, rows, cols, betaHere, cOff + (ic + ir) * ldc + jc + jr);
                            }
                        }
                    }
                }
            }
        }
    }

    /** C = fma(C, beta, alpha·tile) on the part of an edge tile that lies inside C (the kernels' rounding). */
    private void mergeEdge(float[] tile, int rows, int cols, float betaHere, int cAt) {
        for (int r = 0; r < rows; r++) {
            int out = cAt + r * ldc;
            for (int j = 0; j < cols; j++) {
                float v = alpha * tile[r * nr + j];
                c[out + j] = betaHere == 0f ? v : Math.fma(c[out + j], betaHere, v);
            }
        }
    }

    /** As {@link #mergeEdge}, for a tile of Cᵀ at (row0, col0): its element (r, j) is C[col0 + j, row0 + r]. */
    private void mergeTransposed(float[] tile, int rows, int cols, float betaHere, int row0, int col0) {
        for (int j = 0; j < cols; j++) {
            int out = cOff + (col0 + j) * ldc + row0;
            for (int r = 0; r < rows; r++) {
                float v = alpha * tile[r * nr + j];
                c[out + r] = betaHere == 0f ? v : Math.fma(c[out + r], betaHere, v);
            }
        }
    }

    /** Packs op(A)[ic..ic+rows, pc..pc+kc) into panels of mr rows: panel q holds kc steps of mr values (zero-padded). */
    private void packA(float[] ap, int ic, int rows, int pc, int kc) {
        for (int q = 0; q * mr < rows; q++) {
            int base = q * kc * mr;
            int first = ic + q * mr;
            int live = Math.min(mr, rows - q * mr);
            if (!transA) {
                // op(A)[i, p] = a[i·lda + p]: read each row along k, write every mr-th slot.
                for (int r = 0; r < mr; r++) {
                    if (r < live) {
                        int src = aOff + (first + r) * lda + pc;
                        for (int p = 0; p < kc; p++) {
                            ap[base + p * mr + r] = a[src + p];
                        }
                    } else {
                        for (int p = 0; p < kc; p++) {
                            ap[base + p * mr + r] = 0f;
                        }
                    }
                }
            } else {
                // op(A)[i, p] = a[p·lda + i]: the mr values of one step are adjacent in memory.
                for (int p = 0; p < kc; p++) {
                    int src = aOff + (pc + p) * lda + first;
                    int dst = base + p * mr;
                    // Loops rather than System.arraycopy / Arrays.fill: for mr (6) floats a call costs more than it copies.
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

    /** Packs op(B)[pc..pc+kc, jc..jc+cols) into panels of nr columns: panel q holds kc steps of nr values (zero-padded). */
    private void packB(float[] bp, int pc, int kc, int jc, int cols) {
        for (int q = 0; q * nr < cols; q++) {
            int base = q * kc * nr;
            int first = jc + q * nr;
            int live = Math.min(nr, cols - q * nr);
            if (!transB) {
                // op(B)[p, j] = b[p·ldb + j]: each step's nr values are adjacent in memory.
                for (int p = 0; p < kc; p++) {
                    int dst = base + p * nr;
                    System.arraycopy(b, bOff + (pc + p) * ldb + first, bp, dst, live);
                    for (int j = live; j < nr; j++) {
                        bp[dst + j] = 0f;
                    }
                }
            } else {
                // op(B)[p, j] = b[j·ldb + p]: read each column of op(B) (a row of B) along k.
                for (int j = 0; j < nr; j++) {
                    if (j < live) {
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
}
