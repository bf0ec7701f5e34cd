package io.jmlp.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** The narrow kernel each variant gets, by core and by {@code -Djmlp.cpu.narrow}, and the cpuinfo reading behind it. */
class KernelChoiceTest {
    private static final CpuCore ZEN4 = new CpuCore("AuthenticAMD", 25);
    private static final CpuCore ZEN5 = new CpuCore("AuthenticAMD", 26);
    private static final CpuCore INTEL = new CpuCore("GenuineIntel", 6);

    @Test
    void narrowKernelByVariantAndCore() {
        assertEquals(List.of(), new KernelChoice(KernelChoice.Variant.SCALAR, "r", "auto", ZEN4).companions);
        List<KernelChoice.Companion> avx2 =
                List.of(new KernelChoice.Companion("10x8", 1, false), new KernelChoice.Companion("5x16", 9, true));
        assertEquals(avx2, new KernelChoice(KernelChoice.Variant.V4X16, "r", "auto", ZEN4).companions);
        assertEquals(avx2, new KernelChoice(KernelChoice.Variant.V5X16, "r", "auto", ZEN4).companions);
        assertEquals(avx2, new KernelChoice(KernelChoice.Variant.V6X16, "r", "", INTEL).companions);
        List<KernelChoice.Companion> avx512 = List.of(new KernelChoice.Companion("12x16", 1, false));
        assertEquals(avx512, new KernelChoice(KernelChoice.Variant.V6X32, "r", "auto", ZEN5).companions);
        assertEquals(avx512, new KernelChoice(KernelChoice.Variant.V6X32, "r", "auto", INTEL).companions);
        assertEquals(avx512, new KernelChoice(KernelChoice.Variant.V6X32, "r", "auto", CpuCore.UNKNOWN).companions);
        KernelChoice zen4 = new KernelChoice(KernelChoice.Variant.V6X32, "r", "auto", ZEN4);
        assertEquals(List.of(new KernelChoice.Companion("5x16", 1, false)), zen4.companions);
        assertTrue(zen4.reason.contains("5×16"), zen4.reason); // jmlp devices and bench say why
        KernelChoice laptop = new KernelChoice(KernelChoice.Variant.V4X16, "r", "auto", INTEL);
        assertTrue(laptop.reason.contains("10×8") && laptop.reason.contains("5×16"), laptop.reason);
    }

    /**
     * Which kernel computes each of the output layer's products (n = 10 or 8), on the companions auto
     * gives AVX2 and Zen 4: each rule is a measured choice (docs/benchmarks.md).
     */
    @Test
    void eachNarrowProductGoesToTheCompanionItsRuleNames() {
        Assumptions.assumeTrue(VectorSupport.available(), "needs jdk.incubator.vector");
        Assumptions.assumeTrue(VectorSupport.maxBits() >= 256, "needs 256-bit vectors");
        try (CpuBackend avx2 = new CpuBackend(1, new KernelChoice(KernelChoice.Variant.V4X16, "r", "auto", INTEL))) {
            assertEquals("10×8", tile(avx2.gemmFor(false, 100, 8)), "forward, 8 wide");
            assertEquals("5×16", tile(avx2.gemmFor(false, 100, 10)), "forward, 10 wide");
            assertEquals("5×16", tile(avx2.gemmFor(true, 150, 10)), "weight gradient, 10 wide");
            assertEquals("4×16", tile(avx2.gemmFor(true, 150, 8)), "weight gradient, 8 wide: the wide kernel on Cᵀ");
            assertEquals("4×16", tile(avx2.gemmFor(false, 100, 17)), "wider than a tile");
            assertEquals("4×16", tile(avx2.gemmFor(false, 10, 10)), "not taller than wide");
        }
        Assumptions.assumeTrue(VectorSupport.maxBits() >= 512, "the 512-bit wide kernel needs AVX-512");
        try (CpuBackend zen4 = new CpuBackend(1, new KernelChoice(KernelChoice.Variant.V6X32, "r", "auto", ZEN4));
                CpuBackend intel =
                        new CpuBackend(1, new KernelChoice(KernelChoice.Variant.V6X32, "r", "auto", INTEL))) {
            assertEquals("6×32", tile(zen4.gemmFor(true, 150, 10)), "not the 5×16: see KernelChoice");
            assertEquals("5×16", tile(zen4.gemmFor(false, 100, 10)));
            assertEquals("6×32", tile(intel.gemmFor(true, 150, 10)));
            assertEquals("12×16", tile(intel.gemmFor(false, 100, 10)));
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
        KernelChoice forced = new KernelChoice(KernelChoice.Variant.V5X16, "r", "5x16", INTEL);
        assertEquals(List.of(new KernelChoice.Companion("5x16", 1, false)), forced.companions);
        assertTrue(forced.reason.contains("-Djmlp.cpu.narrow"), forced.reason);
        IllegalArgumentException bad = assertThrows(
                IllegalArgumentException.class, () -> new KernelChoice(KernelChoice.Variant.V5X16, "r", "7x7", INTEL));
        assertTrue(
                bad.getMessage().contains("-Djmlp.cpu.narrow")
                        && bad.getMessage().contains("'7x7'"),
                bad.getMessage());
    }

    @Test
    void cpuinfoOfTheFirstProcessor() {
        String zen4 = "processor\t: 0\nvendor_id\t: AuthenticAMD\ncpu family\t: 25\nmodel\t\t: 17\n\n"
                + "processor\t: 1\nvendor_id\t: GenuineIntel\ncpu family\t: 6\n";
        assertEquals(ZEN4, CpuCore.parse(zen4));
        assertTrue(CpuCore.parse(zen4).halvesWideVectors());
        assertFalse(CpuCore.parse("vendor_id : AuthenticAMD\ncpu family : 26\n").halvesWideVectors());
        assertFalse(CpuCore.parse("vendor_id : GenuineIntel\ncpu family : 6\n").halvesWideVectors());
        assertFalse(CpuCore.parse("").halvesWideVectors());
    }
}
