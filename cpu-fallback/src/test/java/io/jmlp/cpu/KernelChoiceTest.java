package io.jmlp.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** The narrow kernel each variant gets, by core and by {@code -Djmlp.cpu.narrow}, and the cpuinfo reading behind it. */
class KernelChoiceTest {
    @Test
    void narrowKernelByVariantAndCore() {
        assertEquals(List.of(), new KernelChoice(KernelChoice.Variant.SCALAR, "r", "auto").companions);
        List<KernelChoice.Companion> avx2 =
                List.of(new KernelChoice.Companion("10x8", 1, false), new KernelChoice.Companion("5x16", 9, true));
        assertEquals(avx2, new KernelChoice(KernelChoice.Variant.V4X16, "r", "auto").companions);
        assertEquals(avx2, new KernelChoice(KernelChoice.Variant.V5X16, "r", "auto").companions);
        assertEquals(avx2, new KernelChoice(KernelChoice.Variant.V6X16, "r", "").companions);
        List<KernelChoice.Companion> avx512 =
                List.of(new KernelChoice.Companion("12x16", 1, false), new KernelChoice.Companion("10x16", 1, false));
        assertEquals(avx512, new KernelChoice(KernelChoice.Variant.V6X32, "r", "auto").companions);
        KernelChoice laptop = new KernelChoice(KernelChoice.Variant.V4X16, "r", "auto");
        assertTrue(laptop.reason.contains("10×8") && laptop.reason.contains("5×16"), laptop.reason);
    }

    /**
     * Which kernel computes each of the output layer's products (n = 10 or 8), on the companions auto
     * gives AVX2 and AVX-512: each rule is a measured choice (docs/benchmarks.md).
     */
    @Test
    void eachNarrowProductGoesToTheCompanionItsRuleNames() {
        Assumptions.assumeTrue(VectorSupport.available(), "needs jdk.incubator.vector");
        Assumptions.assumeTrue(VectorSupport.maxBits() >= 256, "needs 256-bit vectors");
        try (CpuBackend avx2 = new CpuBackend(1, new KernelChoice(KernelChoice.Variant.V4X16, "r", "auto"))) {
            assertEquals("10×8", tile(avx2.gemmFor(false, 100, 8)), "forward, 8 wide");
            assertEquals("5×16", tile(avx2.gemmFor(false, 100, 10)), "forward, 10 wide");
            assertEquals("5×16", tile(avx2.gemmFor(true, 150, 10)), "weight gradient, 10 wide");
            assertEquals("4×16", tile(avx2.gemmFor(true, 150, 8)), "weight gradient, 8 wide: the wide kernel on Cᵀ");
            assertEquals("4×16", tile(avx2.gemmFor(false, 100, 17)), "wider than a tile");
            assertEquals("4×16", tile(avx2.gemmFor(false, 10, 10)), "not taller than wide");
        }
        Assumptions.assumeTrue(VectorSupport.maxBits() >= 512, "the 512-bit wide kernel needs AVX-512");
        assertEquals("6×32", avx512Tile(true, 150, 10), "weight gradient: the wide kernel on Cᵀ");
        assertEquals("10×16", avx512Tile(false, 100, 10), "100 rows: ten 10-row tiles, not 8⅓ 12-row ones");
        assertEquals("12×16", avx512Tile(false, 96, 10), "96 rows: eight 12-row tiles");
        assertEquals("12×16", avx512Tile(false, 120, 10), "both fill 120 rows: the first");
    }

    /**
     * Every product of a width takes the kernel chosen for the first one of that width: the last,
     * partial batch of an epoch runs the full batches' kernel (by its own fill it took another, which
     * ran once an epoch, uncompiled, allocating 33 MB a call), and so does a taller evaluation batch.
     */
    @Test
    void everyProductOfAWidthKeepsTheFirstOnesKernel() {
        Assumptions.assumeTrue(VectorSupport.available(), "needs jdk.incubator.vector");
        Assumptions.assumeTrue(VectorSupport.maxBits() >= 512, "the 512-bit kernels' fill rule needs AVX-512");
        try (CpuBackend avx512 = new CpuBackend(1, new KernelChoice(KernelChoice.Variant.V6X32, "r", "auto"))) {
            assertEquals(
                    "12×16", tile(avx512.gemmFor(false, 512, 10)), "512 rows: 43 12-row tiles, not 52 10-row ones");
            assertEquals(
                    "12×16",
                    tile(avx512.gemmFor(false, 320, 10)),
                    "the last 320 of 8,000 rows: the full batches' kernel");
            assertEquals("12×16", tile(avx512.gemmFor(false, 1000, 10)), "an evaluation's 1,000 rows: the same");
            assertEquals("6×32", tile(avx512.gemmFor(true, 512, 10)), "op(A) transposed is a kind of its own");
            assertEquals("10×16", tile(avx512.gemmFor(false, 100, 12)), "and so is another width (100 rows)");
        }
    }

    /** The tile that a fresh AVX-512 backend's first product of this shape gets. */
    private static String avx512Tile(boolean transposeA, int rows, int cols) {
        try (CpuBackend avx512 = new CpuBackend(1, new KernelChoice(KernelChoice.Variant.V6X32, "r", "auto"))) {
            return tile(avx512.gemmFor(transposeA, rows, cols));
        }
    }

    /** The tile of a GEMM's kernel, as its description names it ("… 5×16 micro-kernel"). */
    private static String tile(Gemm gemm) {
        java.util.regex.Matcher m =
                java.util.regex.Pattern.compile("(\\d+×\\d+)").matcher(gemm.describe());
        assertTrue(m.find(), gemm.describe());
        return m.group(1);
    }

    /**
     * The class of defect behind the 5×16 kernel's half speed on JDK 25 with AVX2: C2 loaded every
     * broadcast of a step before its first FMA, the step needed 17 of 16 registers, and an accumulator
     * went to the stack. Whatever the JIT schedules, the kernel auto picks must fit.
     */
    @Test
    void theKernelAutoPicksFitsItsStepInTheRegisterFile() {
        for (int bits : new int[] {256, 512}) {
            KernelChoice.Variant v = KernelChoice.autoFor(bits).variant;
            assertEquals(bits, v.bits, "auto on " + bits + "-bit vectors picked " + v.id);
            assertTrue(
                    v.registersIfEveryBroadcastIsHoisted() <= KernelChoice.vectorRegisters(bits),
                    v.id + " needs " + v.registersIfEveryBroadcastIsHoisted() + " of "
                            + KernelChoice.vectorRegisters(bits) + " registers");
        }
        assertEquals(17, KernelChoice.Variant.V5X16.registersIfEveryBroadcastIsHoisted());
        assertEquals(KernelChoice.Variant.SCALAR, KernelChoice.autoFor(128).variant);
        assertTrue(KernelChoice.autoFor(256).reason.contains("14 of 16"), KernelChoice.autoFor(256).reason);
    }

    @Test
    void forcedNarrowKernelIsTakenOrRefusedByName() {
        Assumptions.assumeTrue(VectorSupport.available(), "needs jdk.incubator.vector");
        KernelChoice forced = new KernelChoice(KernelChoice.Variant.V5X16, "r", "5x16");
        assertEquals(List.of(new KernelChoice.Companion("5x16", 1, false)), forced.companions);
        assertTrue(forced.reason.contains("-Djmlp.cpu.narrow"), forced.reason);
        IllegalArgumentException bad = assertThrows(
                IllegalArgumentException.class, () -> new KernelChoice(KernelChoice.Variant.V5X16, "r", "7x7"));
        assertTrue(
                bad.getMessage().contains("-Djmlp.cpu.narrow")
                        && bad.getMessage().contains("'7x7'"),
                bad.getMessage());
    }

    /**
     * Auto keeps every kernel of a JVM at one vector width, the elementwise loops' (the preferred
     * width): vectors of both widths through the Vector API's shared methods leave some loops compiled
     * without the JIT's intrinsics (KernelChoice's class comment). A forced mix says so.
     */
    @Test
    void autoNeverMixesVectorWidths() {
        for (int bits : new int[] {256, 512}) {
            KernelChoice auto = KernelChoice.autoFor(bits);
            assertEquals(bits, auto.variant.bits);
            for (KernelChoice.Companion c : auto.companions) {
                assertEquals(bits, KernelChoice.narrowBits(c.id()), "auto at " + bits + " bits: companion " + c.id());
            }
        }
        assertEquals("", KernelChoice.mixedWidths(512, 512));
        assertEquals("", KernelChoice.mixedWidths(0, 512));
        assertTrue(KernelChoice.mixedWidths(256, 512).contains("mixes 256- and 512-bit"));
        KernelChoice forced = new KernelChoice(KernelChoice.Variant.V6X32, "r", "5x16");
        assertTrue(forced.reason.contains("mixes 256- and 512-bit"), forced.reason);
    }
}
