package io.jmlp.cli;

import java.lang.management.ManagementFactory;

/**
 * Heap bytes allocated by the threads that train (the calling thread and the cpu backend's
 * workers), from HotSpot's per-thread allocation counters: how {@code jmlp bench} shows that a
 * training step allocates nothing once warm. The threads are looked up once, so reading the
 * counters later costs one small array.
 */
final class HeapAllocation {
    private final com.sun.management.ThreadMXBean mx;
    private final long[] ids;

    private HeapAllocation(com.sun.management.ThreadMXBean mx, long[] ids) {
        this.mx = mx;
        this.ids = ids;
    }

    /** Call on the training thread once the backend exists (its worker threads are then running). */
    static HeapAllocation ofTrainingThreads() {
        if (!(ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean mx)
                || !mx.isThreadAllocatedMemoryEnabled()) {
            return new HeapAllocation(null, new long[0]);
        }
        long[] ids = Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t == Thread.currentThread() || t.getName().startsWith("jmlp-cpu-worker-"))
                .mapToLong(Thread::getId)
                .toArray();
        return new HeapAllocation(mx, ids);
    }

    /** Bytes these threads have allocated so far; −1 where the JVM does not count. */
    long allocated() {
        if (mx == null) {
            return -1;
        }
        long total = 0;
        for (long bytes : mx.getThreadAllocatedBytes(ids)) {
            total += Math.max(0, bytes);
        }
        return total;
    }
}
