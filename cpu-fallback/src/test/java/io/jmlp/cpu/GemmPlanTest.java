package io.jmlp.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jmlp.cpu.GemmPlan.AReading;
import io.jmlp.cpu.GemmPlan.BReading;
import io.jmlp.cpu.GemmPlan.BlockOrder;
import io.jmlp.cpu.GemmPlan.Orientation;
import io.jmlp.cpu.GemmPlan.Split;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link GemmPlan}: every choice it can make is reached by some shape, on every kernel this machine
 * runs, and whatever it chose, {@link Gemm} gives the bits of the arithmetic every kernel promises
 * (each element one chain of fused multiply-adds in order of k per KC block, then
 * {@code fma(C, beta, alpha·sum)}), written here as a plain loop that knows nothing of plans, and
 * the bits of the plain kernel. A plan that reads a transposed operand in place, writes a Cᵀ tile
 * the wrong way round or cuts the work so that a part is lost or done twice fails here.
 */
class GemmPlanTest {

    /** The kernels, as in {@link GemmTest}: each variant and each narrow kernel (unrunnable ones skipped with the reason). */
    static List<String> kernels() {
        return GemmTest.kernels().toList();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kernels")
    void everyChoiceIsReachedAndGivesTheExactBits(String which) {
        Supplier<MicroKernel> kernel = GemmTest.kernel(which);
        MicroKernel probe = kernel.get();
        int mr = probe.mr();
        int nr = probe.nr();
        // {m, n, k}: the seed network's forward product (wide: A packed under an in-place plan), its
        // output layer (narrow: A read in place), an output-layer weight gradient with mr columns
        // (Cᵀ fills the tile rows when nr > mr), several k blocks, odd edges, a wide flat C, a tiny one,
        // and one taller than a row block on any machine (L2 up to 4 MiB) with several k blocks.
        int[][] shapes = {
            {100, 300, 784},
            {100, 10, 150},
            {150, mr, 100},
            {131, 37, 600},
            {257, 7, 33},
            {2, 1100, 3},
            {7, 5, 3},
            {1100, 9, 300}
        };
        EnumSet<Orientation> orientations = EnumSet.noneOf(Orientation.class);
        EnumSet<AReading> aReadings = EnumSet.noneOf(AReading.class);
        EnumSet<BReading> bReadings = EnumSet.noneOf(BReading.class);
        EnumSet<Split> splits = EnumSet.noneOf(Split.class);
        EnumSet<BlockOrder> orders = EnumSet.noneOf(BlockOrder.class);
        boolean aReadInPlace = false; // an in-place plan whose blocks are narrow enough to use it
        List<String> transposedCases = new ArrayList<>();
        int seed = 11;
        for (int threads : new int[] {1, 3}) {
            try (WorkerTeam plainTeam = new WorkerTeam(1);
                    WorkerTeam team = new WorkerTeam(threads)) {
                Gemm plain = new Gemm(plainTeam, ScalarMicroKernel::new);
                Gemm gemm = new Gemm(team, kernel);
                for (int[] s : shapes) {
                    for (boolean ta : new boolean[] {false, true}) {
                        for (boolean tb : new boolean[] {false, true}) {
                            int m = s[0];
                            int n = s[1];
                            int k = s[2];
                            GemmPlan plan = GemmPlan.choose(ta, tb, m, n, k, mr, nr, gemm.mc(), threads);
                            orientations.add(plan.orientation());
                            aReadings.add(plan.a());
                            bReadings.add(plan.b());
                            splits.add(plan.split());
                            orders.add(plan.order());
                            // No block is wider than the product the kernels compute: if that is narrow, every block
                            // reads A in place.
                            int computedColumns = plan.orientation() == Orientation.TRANSPOSED ? m : n;
                            aReadInPlace |= plan.readsAInPlace(computedColumns, nr);
                            if (plan.orientation() == Orientation.TRANSPOSED) {
                                transposedCases.add(m + "×" + n + "×" + k);
                            }
                            String what = which + ", " + threads + " thread(s), " + m + "×" + n + "×" + k
                                    + (ta ? " T" : " N") + (tb ? "T" : "N") + ", " + plan;
                            int pad = (seed & 1)
                                    * 3; // odd cases: every operand strided, so in-place reads must use the leading
                            // dimensions
                            int lda = (ta ? m : k) + pad;
                            int ldb = (tb ? k : n) + pad;
                            int ldc = n + pad;
                            float[] a = random(pad + (ta ? k : m) * lda, seed++);
                            float[] b = random(pad + (tb ? n : k) * ldb, seed++);
                            float[] c0 = random(pad + m * ldc, seed++);
                            float alpha = -0.75f;
                            float beta = (seed & 2) == 0 ? 0f : 0.3f; // not a power of two: C·beta is not exact
                            float[] expected =
                                    exact(ta, tb, m, n, k, alpha, a, pad, lda, b, pad, ldb, beta, c0.clone(), pad, ldc);
                            float[] got = c0.clone();
                            gemm.multiply(ta, tb, m, n, k, alpha, a, pad, lda, b, pad, ldb, beta, got, pad, ldc);
                            assertArrayEquals(expected, got, what + ": not the bits of the plain FMA chain");
                            float[] scalar = c0.clone();
                            plain.multiply(ta, tb, m, n, k, alpha, a, pad, lda, b, pad, ldb, beta, scalar, pad, ldc);
                            assertArrayEquals(scalar, got, what + ": not the plain kernel's bits");
                        }
                    }
                }
            }
        }
        assertEquals(EnumSet.allOf(AReading.class), aReadings, which);
        assertTrue(aReadInPlace, which + ": no shape read A in place");
        assertEquals(EnumSet.allOf(Split.class), splits, which);
        assertEquals(EnumSet.allOf(BlockOrder.class), orders, which);
        // Cᵀ fills a tile better only when the tile is wider than tall: a C of n = mr < nr columns fills
        // all of Cᵀ's tile rows and only mr of nr lanes. A tile as tall as wide (or taller) never gains.
        if (nr > mr) {
            assertEquals(EnumSet.allOf(Orientation.class), orientations, which);
            assertEquals(EnumSet.allOf(BReading.class), bReadings, which);
        } else {
            assertTrue(
                    transposedCases.isEmpty(), which + " (" + mr + "×" + nr + ") computed Cᵀ for " + transposedCases);
        }
    }

    /**
     * The plans the seed network's products (batch 100) get with the AVX2 kernel, on one thread and
     * two: a change to {@link GemmPlan#choose} that moves any of them is a change of speed to measure
     * with {@code jmlp bench}, not an accident.
     */
    @Test
    void theSeedNetworksProductsGetTheirPlans() {
        String[][] expected = {
            // shape, transposes, plan on 1 thread, plan on 2 (orientation, A, B, split, block order)
            {
                "100 300 784",
                "NN",
                "DIRECT IN_PLACE_IN_NARROW_BLOCKS PACKED CALLER ROWS_OUTER",
                "DIRECT IN_PLACE_IN_NARROW_BLOCKS PACKED COLUMNS ROWS_OUTER"
            },
            {
                "100 150 300",
                "NN",
                "DIRECT IN_PLACE_IN_NARROW_BLOCKS PACKED CALLER ROWS_OUTER",
                "DIRECT IN_PLACE_IN_NARROW_BLOCKS PACKED COLUMNS ROWS_OUTER"
            },
            {
                "100 10 150",
                "NN",
                "DIRECT IN_PLACE_IN_NARROW_BLOCKS PACKED CALLER COLUMNS_OUTER",
                "DIRECT IN_PLACE_IN_NARROW_BLOCKS PACKED ROWS COLUMNS_OUTER"
            },
            {"784 300 100", "TN", "DIRECT PACKED PACKED CALLER COLUMNS_OUTER", "DIRECT PACKED PACKED ROWS COLUMNS_OUTER"
            },
            {"300 150 100", "TN", "DIRECT PACKED PACKED CALLER COLUMNS_OUTER", "DIRECT PACKED PACKED ROWS COLUMNS_OUTER"
            },
            {
                "150 10 100",
                "TN",
                "TRANSPOSED PACKED IN_PLACE CALLER COLUMNS_OUTER",
                "TRANSPOSED PACKED IN_PLACE COLUMNS COLUMNS_OUTER"
            },
            {
                "100 784 300",
                "NT",
                "DIRECT IN_PLACE_IN_NARROW_BLOCKS PACKED CALLER ROWS_OUTER",
                "DIRECT IN_PLACE_IN_NARROW_BLOCKS PACKED COLUMNS ROWS_OUTER"
            },
            {
                "100 300 150",
                "NT",
                "DIRECT IN_PLACE_IN_NARROW_BLOCKS PACKED CALLER COLUMNS_OUTER",
                "DIRECT IN_PLACE_IN_NARROW_BLOCKS PACKED COLUMNS COLUMNS_OUTER"
            },
            {
                "100 150 10",
                "NT",
                "DIRECT IN_PLACE_IN_NARROW_BLOCKS PACKED CALLER COLUMNS_OUTER",
                "DIRECT IN_PLACE_IN_NARROW_BLOCKS PACKED COLUMNS COLUMNS_OUTER"
            },
        };
        for (String[] row : expected) {
            String[] mnk = row[0].split(" ");
            int m = Integer.parseInt(mnk[0]);
            int n = Integer.parseInt(mnk[1]);
            int k = Integer.parseInt(mnk[2]);
            boolean ta = row[1].charAt(0) == 'T';
            boolean tb = row[1].charAt(1) == 'T';
            for (int workers = 1; workers <= 2; workers++) {
                GemmPlan plan = GemmPlan.choose(ta, tb, m, n, k, 5, 16, 125, workers);
                String got =
                        plan.orientation() + " " + plan.a() + " " + plan.b() + " " + plan.split() + " " + plan.order();
                assertEquals(
                        row[1 + workers], got, row[0] + " " + row[1] + " on " + workers + " worker(s), 5×16 tiles");
            }
        }
    }

    /**
     * The k blocks go outside the row blocks only when a worker's part has several row blocks (B would
     * be packed again for each); with one row block, the row block outside keeps its packed A; with
     * one k block, column blocks outside.
     */
    @Test
    void kBlocksGoOutsideTheRowBlocksOnlyWhenAPartHasSeveral() {
        // {transB ? 1 : 0, m, n, k} and the order it gets with 4×16 tiles and row blocks of 128.
        Object[][] cases = {
            {0, 1024, 1024, 1024, BlockOrder.K_OUTER},
            {1, 512, 2048, 512, BlockOrder.K_OUTER},
            {0, 100, 300, 784, BlockOrder.ROWS_OUTER},
            {0, 128, 1024, 1024, BlockOrder.ROWS_OUTER},
            {0, 1024, 1024, 256, BlockOrder.COLUMNS_OUTER}
        };
        for (int workers = 1; workers <= 2; workers++) {
            for (Object[] c : cases) {
                GemmPlan plan = GemmPlan.choose(
                        false, (int) c[0] == 1, (int) c[1], (int) c[2], (int) c[3], 4, 16, 128, workers);
                assertEquals(c[4], plan.order(), c[1] + "×" + c[2] + "×" + c[3] + " on " + workers + " worker(s)");
            }
        }
        // Split by rows, each of two workers' parts fits one row block: A kept, not B.
        GemmPlan rows = GemmPlan.choose(false, false, 200, 16, 1024, 4, 16, 128, 2);
        assertEquals(Split.ROWS, rows.split());
        assertEquals(BlockOrder.ROWS_OUTER, rows.order());
    }

    @Test
    void aRowMajorAIsReadInPlaceOnlyInBlocksOfAtMostTwoTiles() {
        GemmPlan inPlace = GemmPlan.choose(false, false, 100, 10, 150, 5, 16, 125, 1);
        assertEquals(AReading.IN_PLACE_IN_NARROW_BLOCKS, inPlace.a());
        assertTrue(inPlace.readsAInPlace(32, 16));
        assertFalse(inPlace.readsAInPlace(33, 16));
        GemmPlan packed = GemmPlan.choose(true, false, 100, 10, 150, 5, 16, 125, 1);
        assertEquals(AReading.PACKED, packed.a());
        assertFalse(packed.readsAInPlace(1, 16), "a transposed op(A) is never read in place");
    }

    /**
     * Plans are interned, and choosing one allocates nothing, even interpreted (where no JIT removes an
     * allocation): it runs on every GEMM call, and the enums' values() arrays it once read for its
     * index cost 112 bytes a call (checking only that plans are interned did not see them).
     */
    @Test
    void choosingAPlanAllocatesNothing() {
        com.sun.management.ThreadMXBean mx =
                (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        Assumptions.assumeTrue(mx.isThreadAllocatedMemorySupported(), "this JVM counts no allocation per thread");
        GemmPlan.choose(true, false, 784, 300, 100, 6, 32, 252, 2); // loads the class (its table of plans)
        long before = mx.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < 100; i++) {
            GemmPlan.choose(i % 2 == 0, i % 3 == 0, 100 + i, 10 + i, 300 + 9 * i, 6, 32, 252, 1 + i % 3);
        }
        assertEquals(0, mx.getCurrentThreadAllocatedBytes() - before, "bytes allocated by 100 plans");
        // Interned: the same choices give the same instance.
        assertSame(
                GemmPlan.choose(false, true, 100, 784, 300, 5, 16, 125, 2),
                GemmPlan.choose(false, true, 100, 784, 300, 5, 16, 125, 2));
        assertSame(
                GemmPlan.of(
                        Orientation.TRANSPOSED,
                        AReading.PACKED,
                        BReading.IN_PLACE,
                        Split.CALLER,
                        BlockOrder.COLUMNS_OUTER),
                GemmPlan.choose(true, false, 150, 10, 100, 5, 16, 125, 1));
    }

    /**
     * What every kernel and every plan must compute, bit for bit: per element, k in equal blocks of at
     * most {@link Gemm#KC} steps, each block's products summed from zero by fused multiply-adds in
     * order of k, and C = fma(C, beta, alpha·sum) for the first block (alpha·sum alone when beta = 0,
     * NaN in C included), then with beta 1 for the later ones.
     */
    static float[] exact(
            boolean ta,
            boolean tb,
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
        int kBlocks = (k + Gemm.KC - 1) / Gemm.KC;
        int kc = (k + kBlocks - 1) / kBlocks;
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                float out = c[cOff + i * ldc + j];
                for (int pc = 0; pc < k; pc += kc) {
                    float sum = 0f;
                    for (int p = pc; p < Math.min(pc + kc, k); p++) {
                        float av = ta ? a[aOff + p * lda + i] : a[aOff + i * lda + p];
                        float bv = tb ? b[bOff + j * ldb + p] : b[bOff + p * ldb + j];
                        sum = Math.fma(av, bv, sum);
                    }
                    float betaHere = pc == 0 ? beta : 1f;
                    float v = alpha * sum;
                    out = betaHere == 0f ? v : Math.fma(out, betaHere, v);
                }
                c[cOff + i * ldc + j] = out;
            }
        }
        return c;
    }

    private static float[] random(int n, long seed) {
        Random rng = new Random(seed);
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = rng.nextFloat() * 2 - 1;
        }
        return v;
    }
}
