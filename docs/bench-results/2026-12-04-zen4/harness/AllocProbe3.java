package io.jmlp.cpu;

/** Bytes allocated inside Gemm.multiply per call shape, from call FROM on, the probe's own allocation excluded (a preallocated table). */
final class AllocProbe3 {
    private static final com.sun.management.ThreadMXBean MX = (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
    private static final long FROM = Long.getLong("probe.from", 1000);
    private static long[] ids;
    private static final long[] one = new long[1];
    private static long calls;
    private static final int[][] keys = new int[64][];
    private static final long[][] vals = new long[64][2];
    private static int used;
    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            for (int i = 0; i < used; i++) System.err.printf("gemm %dx%dx%d %s%s: %d calls, %d bytes%n", keys[i][0], keys[i][1], keys[i][2], keys[i][3] == 1 ? "T" : "N", keys[i][4] == 1 ? "T" : "N", vals[i][0], vals[i][1]);
        }));
    }
    static long allocated() {
        // the caller thread only (the helper's parts run the same code; its counter would need an array read)
        return MX.getCurrentThreadAllocatedBytes();
    }
    static void record(int m, int n, int k, boolean ta, boolean tb, long bytes) {
        calls++;
        if (calls < FROM) return;
        long self = 0; // getCurrentThreadAllocatedBytes allocates nothing
        int i = 0;
        for (; i < used; i++) {
            int[] q = keys[i];
            if (q[0] == m && q[1] == n && q[2] == k && q[3] == (ta ? 1 : 0) && q[4] == (tb ? 1 : 0)) break;
        }
        if (i == used) { keys[used++] = new int[] {m, n, k, ta ? 1 : 0, tb ? 1 : 0}; }
        vals[i][0]++;
        vals[i][1] += bytes - self;
    }
}
