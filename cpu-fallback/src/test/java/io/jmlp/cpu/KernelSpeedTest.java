package io.jmlp.cpu;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** {@link KernelSpeed}: every variant this machine runs is timed on panels that fit a 32 KiB L1d, on every worker. */
class KernelSpeedTest {

    @ParameterizedTest(name = "{0}")
    @EnumSource(KernelChoice.Variant.class)
    void timesTheKernelOnEveryWorkerOnPanelsThatFitL1(KernelChoice.Variant variant) {
        Optional<String> whyNot = KernelChoice.whyNotRunnable(variant);
        Assumptions.assumeTrue(whyNot.isEmpty(), () -> "kernel " + variant.id + " skipped: " + whyNot.orElse(""));
        MicroKernel kernel = KernelChoice.of(variant).wide().get();
        long touchedBytes = 4L * KernelSpeed.KC * (kernel.mr() + kernel.nr());
        assertTrue(touchedBytes <= 32 * 1024, variant.id + ": its panels take " + touchedBytes + " bytes");
        try (WorkerTeam team = new WorkerTeam(2)) {
            KernelSpeed speed = new KernelSpeed(team, KernelChoice.of(variant).wide());
            double gflops = speed.gflops(0.02);
            // All the work over the wall time from the first worker's start to the last one's end.
            assertTrue(gflops > 0 && Double.isFinite(gflops), variant.id + ": " + gflops + " GFLOP/s");
            String what = speed.describe();
            assertTrue(what.contains(kernel.mr() + "×" + kernel.nr()) && what.contains("2 threads"), what);
        }
    }
}
