package io.jmlp.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Sizes as sysfs writes them, and blocking that stays sane whatever the caches report. */
class CacheSizesTest {

    @Test
    void parsesSysfsSizes() {
        assertEquals(48 * 1024, CacheSizes.parseSize("48K"));
        assertEquals(2 * 1024 * 1024, CacheSizes.parseSize("2M"));
        assertEquals(512, CacheSizes.parseSize("512"));
    }

    @Test
    void thisMachinesCachesAreReadOrTheTypicalOnesStandIn() {
        CacheSizes caches = CacheSizes.ofThisMachine();
        assertTrue(caches.l1d() >= 8 * 1024 && caches.l2() >= caches.l1d(), caches.describe());
    }

    @Test
    void blockingFollowsTheCaches() {
        try (WorkerTeam team = new WorkerTeam(1)) {
            Gemm small = new Gemm(team, ScalarMicroKernel::new, new CacheSizes(32 * 1024, 512 * 1024, true));
            assertTrue(
                    small.blocking().startsWith("kc ≤ 256, mc 128, nc 256 "),
                    small.blocking()); // 128 KiB / 1 KiB per row
            Gemm tiny = new Gemm(team, ScalarMicroKernel::new, new CacheSizes(1024, 2048, true));
            assertTrue(
                    tiny.blocking().startsWith("kc ≤ 256, mc 4, nc 256 "),
                    tiny.blocking()); // at least a panel, never zero
        }
    }

    /**
     * Column blocks are whole panels of the kernel's nr columns, or packB overruns its buffer (a
     * 24-wide kernel, since removed, did: 256 columns are 10⅔ of its panels).
     */
    @Test
    void columnBlocksAreWholePanels() {
        CacheSizes caches = new CacheSizes(32 * 1024, 512 * 1024, true);
        for (int nr : new int[] {4, 8, 16, 24, 32, 48}) {
            String blocking = Gemm.describeBlocking(4, nr, caches);
            int nc = Integer.parseInt(blocking.replaceAll(".*, nc (\\d+) .*", "$1"));
            int kOuterColumns = Integer.parseInt(blocking.replaceAll(".*\\((\\d+) when .*", "$1"));
            assertEquals(0, nc % nr, nr + " columns a panel: " + blocking);
            assertEquals(0, kOuterColumns % nr, nr + " columns a panel: " + blocking);
            assertTrue(nc >= 240 && kOuterColumns >= nc, blocking);
        }
    }
}
