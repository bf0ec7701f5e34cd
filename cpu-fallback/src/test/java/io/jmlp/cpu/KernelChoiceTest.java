package io.jmlp.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** The narrow kernel each variant gets, by core and by {@code -Djmlp.cpu.narrow}, and the cpuinfo reading behind it. */
class KernelChoiceTest {
    private static final CpuCore ZEN4 = new CpuCore("AuthenticAMD", 25);
    private static final CpuCore ZEN5 = new CpuCore("AuthenticAMD", 26);
    private static final CpuCore INTEL = new CpuCore("GenuineIntel", 6);

    @Test
    void narrowKernelByVariantAndCore() {
        assertNull(new KernelChoice(KernelChoice.Variant.SCALAR, "r", "auto", ZEN4).narrowId);
        assertEquals("10x8", new KernelChoice(KernelChoice.Variant.V4X16, "r", "auto", ZEN4).narrowId);
        assertEquals("10x8", new KernelChoice(KernelChoice.Variant.V5X16, "r", "auto", ZEN4).narrowId);
        assertEquals("10x8", new KernelChoice(KernelChoice.Variant.V6X16, "r", "", INTEL).narrowId);
        assertEquals("12x16", new KernelChoice(KernelChoice.Variant.V6X32, "r", "auto", ZEN5).narrowId);
        assertEquals("12x16", new KernelChoice(KernelChoice.Variant.V6X32, "r", "auto", INTEL).narrowId);
        assertEquals("12x16", new KernelChoice(KernelChoice.Variant.V6X32, "r", "auto", CpuCore.UNKNOWN).narrowId);
        KernelChoice zen4 = new KernelChoice(KernelChoice.Variant.V6X32, "r", "auto", ZEN4);
        assertEquals("5x16", zen4.narrowId);
        assertTrue(zen4.reason.contains("5×16"), zen4.reason); // jmlp devices and bench say why
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
        assertEquals("5x16", forced.narrowId);
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
