package io.jmlp.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link Gemm} against a plain triple loop in double: every transpose combination, sizes that are
 * and are not multiples of the tile and of the KC/MC/NC blocks, strided operands, alpha and beta,
 * on one and on three threads, with every micro-kernel variant this machine runs (and every narrow
 * kernel on every shape); the others are skipped with the reason. Error bound: (k + 2)·u·Σ|terms|.
 */
class GemmTest {
    private static final double U = 0x1.0p-24;

    /** {m, n, k}: degenerate, below one tile, odd, several blocks of k (kc ≤ 256), narrow C (computed as Cᵀ), a wide
     * edge, several row and column blocks over one k block (packed panels reused across blocks). */
    private static final int[][] SHAPES = {
        {1, 1, 1},
        {5, 3, 2},
        {7, 33, 65},
        {13, 70, 300},
        {131, 37, 600},
        {100, 10, 150},
        {257, 7, 33},
        {2, 1100, 3},
        {260, 300, 100}
    };

    /**
     * The kernel {@code "variant"} or {@code "id narrow"} (a narrow kernel, on every shape); a kernel
     * this machine cannot run natively is skipped with the reason.
     */
    static Supplier<MicroKernel> kernel(String which) {
        String[] parts = which.split(" ");
        if (parts.length > 1) {
            KernelChoice.Variant needs =
                    KernelChoice.narrowBits(parts[0]) == 512 ? KernelChoice.Variant.V6X32 : KernelChoice.Variant.V5X16;
            Optional<String> whyNot = KernelChoice.whyNotRunnable(needs);
            Assumptions.assumeTrue(whyNot.isEmpty(), () -> "kernel " + which + " skipped: " + whyNot.orElse(""));
            return () -> VectorSupport.narrowKernel(parts[0]);
        }
        KernelChoice.Variant variant = Arrays.stream(KernelChoice.Variant.values())
                .filter(v -> v.id.equals(parts[0]))
                .findFirst()
                .orElseThrow();
        Optional<String> whyNot = KernelChoice.whyNotRunnable(variant);
        Assumptions.assumeTrue(whyNot.isEmpty(), () -> "kernel " + which + " skipped: " + whyNot.orElse(""));
        return KernelChoice.of(variant).wide();
    }

    /** Every variant, and every narrow kernel that is not also a variant (5x16 is both). */
    static Stream<String> kernels() {
        return Stream.concat(
                Arrays.stream(KernelChoice.Variant.values()).map(v -> v.id),
                KernelChoice.NARROW_KERNELS.stream()
                        .filter(id ->
                                Arrays.stream(KernelChoice.Variant.values()).noneMatch(v -> v.id.equals(id)))
                        .map(id -> id + " narrow"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kernels")
    void everyTransposeAndOddSizeMatchesTheNaiveProduct(String which) {
        for (int threads : new int[] {1, 3}) {
            try (WorkerTeam team = new WorkerTeam(threads)) {
                Gemm gemm = new Gemm(team, kernel(which));
                int seed = 1;
                for (int[] s : SHAPES) {
                    for (boolean ta : new boolean[] {false, true}) {
                        for (boolean tb : new boolean[] {false, true}) {
                            check(gemm, s[0], s[1], s[2], ta, tb, 1f, 0f, seed++, 0);
                            check(gemm, s[0], s[1], s[2], ta, tb, -0.75f, 0.5f, seed++, 3);
                        }
                    }
                }
            }
        }
    }

    /**
     * Every kernel sums each element as one chain of fused multiply-adds in order of k within a KC
     * block, and {@link Gemm} applies alpha and beta alike: so every variant, narrow or wide, on one
     * thread or three, must give the plain kernel's C bit for bit. A kernel that reorders, drops or
     * double-counts a term, or a merge that rounds differently, fails here even within the error bound.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("kernels")
    void everyKernelComputesThePlainKernelsBitsExactly(String which) {
        int[][] shapes = {
            {100, 300, 784},
            {100, 10, 150},
            {784, 300, 100},
            {7, 33, 65},
            {131, 37, 600},
            {257, 7, 33},
            {260, 300, 100},
            // k blocks of 250 steps and column blocks past 240 on every worker: a kernel whose width does not
            // divide 256 fills its packed B buffer only when the column block is whole panels (Gemm.columnBlock)
            {9, 1000, 1000}
        };
        try (WorkerTeam team = new WorkerTeam(3)) {
            assertPlainKernelsBits(new Gemm(team, kernel(which)), shapes, 0.75f, 7, which);
        }
    }

    /**
     * Blocks of C small enough (a 64 KiB L2) that every call has several row, column and k blocks,
     * a narrow last column block among them (276 = 256 + 20 columns: A read in place there), on one
     * thread or three: the same bits as the plain kernel with this machine's blocking (and C stored in
     * place). Blocking in m and n decides only which packed panels are reused, never the order of a
     * sum; several row blocks and k blocks in a part take the k-outer order, whose whole tiles of C
     * live in the workers' C buffers between k blocks (beta = 0.3: C read into them once).
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("kernels")
    void smallBlocksInEveryDimensionGiveThePlainKernelsBits(String which) {
        int[][] shapes = {{50, 600, 700}, {40, 276, 600}, {37, 300, 513}, {150, 520, 600}};
        CacheSizes small = new CacheSizes(32 * 1024, 64 * 1024, true);
        for (int threads : new int[] {1, 3}) {
            try (WorkerTeam team = new WorkerTeam(threads)) {
                Gemm gemm = new Gemm(team, kernel(which), small);
                assertPlainKernelsBits(
                        gemm, shapes, 1.25f, 11, which + ", " + threads + " thread(s), " + gemm.blocking());
            }
        }
    }

    /**
     * {@code gemm} against the plain kernel on one thread with this machine's blocking and C's tiles
     * always stored in place (no C buffer), on every shape {m, n, k} and transpose, C =
     * alpha·op(A)·op(B) + 0.3·C on seeded inputs: bit for bit.
     */
    private static void assertPlainKernelsBits(Gemm gemm, int[][] shapes, float alpha, int seed, String what) {
        try (WorkerTeam plainTeam = new WorkerTeam(1)) {
            Gemm plain = new Gemm(plainTeam, ScalarMicroKernel::new, CacheSizes.ofThisMachine(), 0);
            for (int[] s : shapes) {
                for (boolean ta : new boolean[] {false, true}) {
                    for (boolean tb : new boolean[] {false, true}) {
                        int m = s[0];
                        int n = s[1];
                        int k = s[2];
                        float[] a = random(m * k, seed++);
                        float[] b = random(k * n, seed++);
                        float[] expected = random(m * n, seed++);
                        float[] got = expected.clone();
                        plain.multiply(
                                ta, tb, m, n, k, alpha, a, 0, ta ? m : k, b, 0, tb ? k : n, 0.3f, expected, 0, n);
                        gemm.multiply(ta, tb, m, n, k, alpha, a, 0, ta ? m : k, b, 0, tb ? k : n, 0.3f, got, 0, n);
                        assertArrayEquals(
                                expected,
                                got,
                                what + " on " + m + "×" + n + "×" + k + (ta ? " T" : " N") + (tb ? "T" : "N"));
                    }
                }
            }
        }
    }

    /**
     * {@link MicroKernel#copySteps} copies every run exactly, including the last runs of a source
     * that ends within a vector of them (where a whole vector would read past its end), and writes
     * nothing beyond {@link Gemm#PACK_SLACK} floats after the last run.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("kernels")
    void copyStepsCopiesEveryRunAndStaysWithinTheSlack(String which) {
        MicroKernel kernel = kernel(which).get();
        int mr = kernel.mr();
        for (int stride : new int[] {mr, mr + 1, 37}) {
            int steps = 9;
            float[] src = random((steps - 1) * stride + mr, 11); // the last run ends at the array's end
            int dstOff = 5;
            float[] dst = new float[dstOff + steps * mr + Gemm.PACK_SLACK + 8];
            Arrays.fill(dst, -1f);
            kernel.copySteps(src, 0, stride, steps, dst, dstOff);
            for (int s = 0; s < steps; s++) {
                for (int r = 0; r < mr; r++) {
                    assertEquals(src[s * stride + r], dst[dstOff + s * mr + r], which + ": run " + s + ", value " + r);
                }
            }
            for (int i = 0; i < dstOff; i++) {
                assertEquals(-1f, dst[i], which + ": wrote before the first run");
            }
            for (int i = dstOff + steps * mr + Gemm.PACK_SLACK; i < dst.length; i++) {
                assertEquals(-1f, dst[i], which + ": wrote past the slack");
            }
        }
    }

    /**
     * Every tile of a block of C goes through one of the kernel's loops, the general or the
     * constant-stride one, edge tiles included: a loop only edge tiles took ran a few times a step,
     * stayed in the interpreter or C1 for hundreds of steps and allocated there (the Vector API's Java
     * fallbacks). Each transpose, with edges in rows and columns, A and B read in place (narrow
     * products, and their Cᵀ) and packed; on one worker and at most 240 columns (within Gemm's
     * smallest column block, whole panels of at most 256 columns), so that each product is one block (narrow and wide blocks of one product read
     * A differently, and take different loops, each for all of its tiles).
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("kernels")
    void everyTileOfABlockTakesTheSameLoop(String which) {
        Supplier<MicroKernel> kernel = kernel(which);
        Set<String> loops = ConcurrentHashMap.newKeySet();
        int[][] shapes = {
            {100, 10, 150},
            {103, 10, 150},
            {103, 7, 150},
            {150, 10, 103},
            {157, 3, 100},
            {13, 70, 300},
            {131, 37, 600},
            {7, 230, 784},
            {260, 230, 100}
        };
        try (WorkerTeam team = new WorkerTeam(1)) {
            Gemm gemm = new Gemm(team, () -> new LoopRecorder(kernel.get(), loops));
            for (int[] s : shapes) {
                int m = s[0];
                int n = s[1];
                int k = s[2];
                for (int t = 0; t < 4; t++) {
                    boolean transA = (t & 1) != 0;
                    boolean transB = (t & 2) != 0;
                    loops.clear();
                    gemm.multiply(
                            transA,
                            transB,
                            m,
                            n,
                            k,
                            1f,
                            random(m * k, 31),
                            0,
                            transA ? m : k,
                            random(k * n, 32),
                            0,
                            transB ? k : n,
                            0f,
                            new float[m * n],
                            0,
                            n);
                    String product = m + "×" + n + "×" + k + (transA ? " Aᵀ" : "") + (transB ? " Bᵀ" : "");
                    assertEquals(1, loops.size(), () -> which + ", loops of " + product + ": " + loops);
                }
            }
        }
    }

    /** A kernel that notes which of its loops ran. */
    private record LoopRecorder(MicroKernel inner, Set<String> loops) implements MicroKernel {
        @Override
        public int mr() {
            return inner.mr();
        }

        @Override
        public int nr() {
            return inner.nr();
        }

        @Override
        public void tile(int kc, float[] a, int aOff, float[] b, int bOff, int ldb, float[] acc) {
            loops.add("tile");
            inner.tile(kc, a, aOff, b, bOff, ldb, acc);
        }

        @Override
        public void tileRows(int kc, float[] a, int aOff, int lda, float[] b, int bOff, int ldb, float[] acc) {
            loops.add("tileRows");
            inner.tileRows(kc, a, aOff, lda, b, bOff, ldb, acc);
        }

        @Override
        public void tilePacked(int kc, float[] a, int aOff, float[] b, int bOff, float[] acc) {
            loops.add("tilePacked");
            inner.tilePacked(kc, a, aOff, b, bOff, acc);
        }

        @Override
        public void tileRowsPacked(int kc, float[] a, int aOff, float[] b, int bOff, float[] acc) {
            loops.add("tileRowsPacked");
            inner.tileRowsPacked(kc, a, aOff, b, bOff, acc);
        }

        @Override
        public void copyToPanels(float[] src, int srcOff, int panels, float[] dst, int dstOff, int panelStride) {
            inner.copyToPanels(src, srcOff, panels, dst, dstOff, panelStride);
        }

        @Override
        public void copySteps(float[] src, int srcOff, int srcStride, int steps, float[] dst, int dstOff) {
            inner.copySteps(src, srcOff, srcStride, steps, dst, dstOff);
        }

        @Override
        public void transposeToPanel(float[] src, int srcOff, int srcStride, int kc, float[] dst, int dstOff) {
            inner.transposeToPanel(src, srcOff, srcStride, kc, dst, dstOff);
        }

        @Override
        public void store(float[] acc, float alpha, float beta, float[] c, int cOff, int ldc) {
            inner.store(acc, alpha, beta, c, cOff, ldc);
        }

        @Override
        public String describe() {
            return "loop recorder around " + inner.describe();
        }
    }

    /**
     * A partial last panel of a row-major B is padded with what follows each row in memory, which
     * here is NaN (B is a view with a longer row stride, the gap filled with NaN): the padding's
     * products must stay in the tile columns past C's edge, so C is exactly what the plain kernel
     * computes from a B without the gap, and finite.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("kernels")
    void paddingOfAPartialPanelNeverReachesC(String which) {
        try (WorkerTeam plainTeam = new WorkerTeam(1);
                WorkerTeam team = new WorkerTeam(2)) {
            Gemm plain = new Gemm(plainTeam, ScalarMicroKernel::new);
            Gemm gemm = new Gemm(team, kernel(which));
            for (int[] s : new int[][] {{100, 10, 150}, {13, 37, 9}, {40, 70, 300}}) {
                int m = s[0];
                int n = s[1];
                int k = s[2];
                int ldb = n + 40; // room for a whole vector of NaN past every row
                float[] a = random(m * k, 21);
                float[] dense = random(k * n, 22);
                float[] b = new float[k * ldb];
                Arrays.fill(b, Float.NaN);
                for (int p = 0; p < k; p++) {
                    System.arraycopy(dense, p * n, b, p * ldb, n);
                }
                // 0.3 is not a power of two, so a C·beta rounded before the add (no FMA) shows in the bits.
                for (float beta : new float[] {0f, 0.3f}) {
                    float[] expected = random(m * n, 23);
                    float[] got = expected.clone();
                    plain.multiply(false, false, m, n, k, 1f, a, 0, k, dense, 0, n, beta, expected, 0, n);
                    gemm.multiply(false, false, m, n, k, 1f, a, 0, k, b, 0, ldb, beta, got, 0, n);
                    assertArrayEquals(expected, got, which + " on " + m + "×" + n + "×" + k + ", beta " + beta);
                }
            }
        }
    }

    /**
     * {@link MicroKernel#transposeToPanel} puts column j of the panel's every step where the plain
     * loop does, for step counts that are whole blocks of the kernel's lanes, a block and some, and
     * fewer than one, from a source whose rows end at the array's end; and writes nothing outside the
     * panel.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("kernels")
    void transposeToPanelTransposesEveryStep(String which) {
        MicroKernel kernel = kernel(which).get();
        int nr = kernel.nr();
        for (int kc : new int[] {16, 37, 5}) {
            for (int extra : new int[] {0, 3}) {
                int stride = kc + extra;
                int srcOff = 2;
                float[] src = random(srcOff + (nr - 1) * stride + kc, 13); // the last row ends at the array's end
                int dstOff = 7;
                float[] dst = new float[dstOff + kc * nr + 8];
                Arrays.fill(dst, -1f);
                kernel.transposeToPanel(src, srcOff, stride, kc, dst, dstOff);
                for (int p = 0; p < kc; p++) {
                    for (int j = 0; j < nr; j++) {
                        assertEquals(
                                src[srcOff + j * stride + p],
                                dst[dstOff + p * nr + j],
                                which + ", kc " + kc + ", stride " + stride + ": step " + p + ", column " + j);
                    }
                }
                for (int i = 0; i < dstOff; i++) {
                    assertEquals(-1f, dst[i], which + ": wrote before the panel");
                }
                for (int i = dstOff + kc * nr; i < dst.length; i++) {
                    assertEquals(-1f, dst[i], which + ": wrote past the panel");
                }
            }
        }
    }

    @Test
    void betaZeroIgnoresNaNInC() {
        try (WorkerTeam team = new WorkerTeam(2)) {
            Gemm gemm = new Gemm(team, KernelChoice.auto().wide());
            int m = 13;
            int n = 41;
            int k = 9;
            float[] a = random(m * k, 1);
            float[] b = random(k * n, 2);
            float[] c = new float[m * n];
            Arrays.fill(c, Float.NaN);
            gemm.multiply(false, false, m, n, k, 1f, a, 0, k, b, 0, n, 0f, c, 0, n);
            for (float v : c) {
                assertTrue(Float.isFinite(v), "beta = 0 must overwrite C, NaN included");
            }
        }
    }

    @Test
    void emptyInnerDimensionScalesC() {
        try (WorkerTeam team = new WorkerTeam(1)) {
            Gemm gemm = new Gemm(team, KernelChoice.auto().wide());
            float[] c = {1f, Float.NaN, 3f, 4f};
            gemm.multiply(false, false, 2, 2, 0, 1f, new float[0], 0, 0, new float[0], 0, 2, 0f, c, 0, 2);
            assertEquals(0f, c[1]);
            float[] d = {1f, 2f, 3f, 4f};
            gemm.multiply(false, false, 2, 2, 0, 1f, new float[0], 0, 0, new float[0], 0, 2, 2f, d, 0, 2);
            assertEquals(8f, d[3]);
        }
    }

    /**
     * C = alpha·op(A)·op(B) + beta·C where every operand sits {@code pad} elements into its array
     * with a leading dimension {@code pad} wider than the matrix: a wrong stride or offset reads
     * the 1e30 fillers and fails by far.
     */
    private static void check(
            Gemm gemm, int m, int n, int k, boolean ta, boolean tb, float alpha, float beta, int seed, int pad) {
        int aRows = ta ? k : m;
        int aCols = ta ? m : k;
        int bRows = tb ? n : k;
        int bCols = tb ? k : n;
        int lda = aCols + pad;
        int ldb = bCols + pad;
        int ldc = n + pad;
        float[] a = strided(random(aRows * aCols, seed), aRows, aCols, lda, pad);
        float[] b = strided(random(bRows * bCols, seed + 100), bRows, bCols, ldb, pad);
        float[] c = strided(random(m * n, seed + 200), m, n, ldc, pad);
        float[] before = c.clone();
        gemm.multiply(ta, tb, m, n, k, alpha, a, pad, lda, b, pad, ldb, beta, c, pad, ldc);
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double sum = 0;
                double abs = 0;
                for (int p = 0; p < k; p++) {
                    double av = ta ? a[pad + p * lda + i] : a[pad + i * lda + p];
                    double bv = tb ? b[pad + j * ldb + p] : b[pad + p * ldb + j];
                    sum += av * bv;
                    abs += Math.abs(av * bv);
                }
                double old = before[pad + i * ldc + j];
                double expected = alpha * sum + (beta == 0f ? 0 : beta * old);
                double bound = (k + 2) * U * (Math.abs(alpha) * abs + Math.abs(beta * old)) + 1e-30;
                double got = c[pad + i * ldc + j];
                int row = i;
                int col = j;
                assertTrue(
                        Math.abs(got - expected) <= bound,
                        () -> String.format(
                                "%d×%d×%d %s%s: C[%d,%d] = %s, expected %s ± %s",
                                m, n, k, ta ? "T" : "N", tb ? "T" : "N", row, col, got, expected, bound));
            }
        }
        // Nothing outside C's view changed.
        for (int e = 0; e < c.length; e++) {
            int r = (e - pad) / ldc;
            int col = (e - pad) % ldc;
            boolean inside = e >= pad && r < m && col < n;
            if (!inside) {
                assertEquals(before[e], c[e], "element " + e + " outside C was written");
            }
        }
    }

    private static float[] strided(float[] dense, int rows, int cols, int ld, int pad) {
        float[] out = new float[pad + rows * ld + pad];
        Arrays.fill(out, 1e30f);
        for (int r = 0; r < rows; r++) {
            System.arraycopy(dense, r * cols, out, pad + r * ld, cols);
        }
        return out;
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
