package io.jmlp.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class LaunchGeometryTest {

    @Test
    void perItemLaunchesTheFewestWholeBlocksThatCoverEveryItem() {
        assertTrue(LaunchGeometry.perItem(0).isEmpty());
        assertEquals(new LaunchGeometry(1, 256), LaunchGeometry.perItem(1));
        assertEquals(new LaunchGeometry(1, 256), LaunchGeometry.perItem(256));
        assertEquals(new LaunchGeometry(2, 256), LaunchGeometry.perItem(257));
        assertEquals(new LaunchGeometry(118, 256), LaunchGeometry.perItem(100 * 300)); // the seed network's first layer
        LaunchGeometry largest = LaunchGeometry.perItem(Integer.MAX_VALUE);
        assertEquals(8_388_608, largest.blocks());
        assertTrue(largest.totalThreads() >= Integer.MAX_VALUE && largest.blocks() <= LaunchGeometry.MAX_BLOCKS);
        for (long items : new long[] {1, 7, 255, 256, 257, 1000, 47_040_000}) {
            LaunchGeometry g = LaunchGeometry.perItem(items);
            assertTrue(g.totalThreads() >= items && g.totalThreads() - items < g.threads(), items + " → " + g);
        }
    }

    @Test
    void itemCountsKernelsCannotIndexAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> LaunchGeometry.perItem(-1));
        assertThrows(IllegalArgumentException.class, () -> LaunchGeometry.perItem(Integer.MAX_VALUE + 1L));
        assertThrows(IllegalArgumentException.class, () -> new LaunchGeometry(1, 2048));
    }

    @Test
    void reductionsRunAsOneBlockOfTheirCompiledSize() {
        assertEquals(new LaunchGeometry(1, LaunchGeometry.REDUCE_THREADS), LaunchGeometry.oneBlock());
        assertEquals(0, LaunchGeometry.REDUCE_THREADS % 32, "whole warps");
        assertEquals(
                0,
                LaunchGeometry.REDUCE_THREADS & (LaunchGeometry.REDUCE_THREADS - 1),
                "the tree sum halves a power of two");
    }
}
