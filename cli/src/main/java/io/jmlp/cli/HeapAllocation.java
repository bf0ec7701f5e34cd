package io.jmlp.cli;

import java.lang.management.ManagementFactory;

/**
 * Heap bytes allocated so far by the threads that train (the calling thread and the cpu backend's
 * workers), from HotSpot's per-thread allocation counters: how {@code jmlp bench} shows that a
 * training step allocates nothing once warm.
 */
final class HeapAllocation {
    private HeapAllocation() {
    }

    /** Bytes allocated by this thread and every {@code jmlp-cpu-worker-*} thread; −1 where the JVM does not count. */
    static long trainingThreads() {
        if (!(ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean mx) || !mx.isThreadAllocatedMemoryEnabled()) {
            return -1;
        }
        long total = mx.getThreadAllocatedBytes(Thread.currentThread().getId());
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().startsWith("jmlp-cpu-worker-")) {
                total += Math.max(0, mx.getThreadAllocatedBytes(t.getId()));
            }
        }
        return total;
    }
}
