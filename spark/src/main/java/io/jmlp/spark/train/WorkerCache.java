package io.jmlp.spark.train;

import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The executor JVM's live workers: per (run, partition), the backend, the model and the shard
 * already uploaded to it, so a round costs only its steps and the state transfer — not a backend
 * start, a model build and a shard upload. Purely a cache: a worker's round result depends only on
 * what the round broadcasts and on the shard, so a lost entry (a new executor, an evicted run) is
 * rebuilt from Spark's cached shard with the same outcome. Entries of a run are closed when the
 * driver ends it ({@link #release}, which reaches the executors of {@code local} mode, the driver's
 * own JVM) or, on a cluster, when no task of that run has touched them for {@link #IDLE_MILLIS}.
 */
public final class WorkerCache {
    private static final Logger log = LoggerFactory.getLogger(WorkerCache.class);
    /** A run whose workers saw no task this long is over (or its driver died): its devices are freed. */
    static final long IDLE_MILLIS = 10 * 60 * 1000L;

    private static final Map<String, Entry> ENTRIES = new ConcurrentHashMap<>();

    private record Entry(String runId, ShardWorker worker, long[] lastUsed) {}

    private WorkerCache() {}

    /** The worker of {@code runId}'s partition {@code partition}, made by {@code create} the first time. */
    static ShardWorker get(String runId, int partition, Supplier<ShardWorker> create) {
        evictIdle(runId);
        Entry entry =
                ENTRIES.computeIfAbsent(runId + "/" + partition, k -> new Entry(runId, create.get(), new long[1]));
        entry.lastUsed()[0] = System.currentTimeMillis();
        return entry.worker();
    }

    /** Closes every worker of {@code runId} in this JVM. */
    public static void release(String runId) {
        for (Iterator<Map.Entry<String, Entry>> it = ENTRIES.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<String, Entry> e = it.next();
            if (e.getValue().runId().equals(runId)) {
                it.remove();
                e.getValue().worker().close();
            }
        }
    }

    /** How many workers this JVM holds (for tests). */
    static int size() {
        return ENTRIES.size();
    }

    private static void evictIdle(String activeRun) {
        long now = System.currentTimeMillis();
        for (Iterator<Map.Entry<String, Entry>> it = ENTRIES.entrySet().iterator(); it.hasNext(); ) {
            Entry e = it.next().getValue();
            if (!e.runId().equals(activeRun) && now - e.lastUsed()[0] > IDLE_MILLIS) {
                it.remove();
                log.info("closing the idle worker of run {}", e.runId());
                e.worker().close();
            }
        }
    }
}
