package io.jmlp.cpu;

final class AllocProbe {
    private static final com.sun.management.ThreadMXBean MX = (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
    private static long[] ids;
    private static long calls;
    private static final java.util.Map<String, long[]> BY = new java.util.TreeMap<>();
    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> BY.forEach((k, v) -> System.err.printf("gemm alloc %-90s %6d calls %,14d bytes%n", k, v[0], v[1]))));
    }
    static long allocated() {
        if (ids == null) {
            ids = Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t == Thread.currentThread() || t.getName().startsWith("jmlp-cpu-worker-"))
                .mapToLong(Thread::getId).toArray();
        }
        long total = 0;
        for (long b : MX.getThreadAllocatedBytes(ids)) total += Math.max(0, b);
        return total;
    }
    static synchronized void record(String what, long bytes) {
        calls++;
        if (calls < 250 || calls > 700) return;
        long[] v = BY.computeIfAbsent(what, x -> new long[2]);
        v[0]++; v[1] += bytes;
    }
}
