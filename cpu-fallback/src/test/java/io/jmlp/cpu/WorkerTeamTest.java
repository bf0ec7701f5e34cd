package io.jmlp.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jmlp.backend.Tensor;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;

/** The persistent team: every worker runs each job once, failures come back to the caller, close ends the threads. */
class WorkerTeamTest {

    @Test
    void everyWorkerRunsEachJobOnceAndTheSameThreadsServeEveryJob() {
        try (WorkerTeam team = new WorkerTeam(3)) {
            Set<Thread> seen = ConcurrentHashMap.newKeySet();
            for (int round = 0; round < 2000; round++) {
                AtomicIntegerArray runs = new AtomicIntegerArray(3);
                team.run((worker, workers) -> {
                    assertEquals(3, workers);
                    runs.incrementAndGet(worker);
                    seen.add(Thread.currentThread());
                });
                for (int w = 0; w < 3; w++) {
                    assertEquals(1, runs.get(w), "worker " + w + " in round " + round);
                }
            }
            assertEquals(3, seen.size(), "the caller and the same two helpers, not new threads per job");
        }
    }

    @Test
    void sharesCoverTheRangeInWholeBlocks() {
        int count = 1001;
        int covered = 0;
        for (int w = 0; w < 3; w++) {
            int from = WorkerTeam.shareStart(count, 16, w, 3);
            int to = WorkerTeam.shareStart(count, 16, w + 1, 3);
            assertEquals(covered, from);
            assertTrue(from % 16 == 0);
            covered = to;
        }
        assertEquals(count, covered);
    }

    @Test
    void aHelperFailureIsRethrownAndTheTeamStillWorks() {
        try (WorkerTeam team = new WorkerTeam(2)) {
            IllegalStateException boom = new IllegalStateException("boom");
            IllegalStateException thrown = assertThrows(IllegalStateException.class, () -> team.run((worker, workers) -> {
                if (worker == 1) {
                    throw boom;
                }
            }));
            assertSame(boom, thrown);
            AtomicIntegerArray runs = new AtomicIntegerArray(2);
            team.run((worker, workers) -> runs.incrementAndGet(worker));
            assertEquals(1, runs.get(1));
        }
    }

    @Test
    void closingTheBackendEndsItsThreadsAndFreesEveryBuffer() throws InterruptedException {
        CpuBackend backend = new CpuBackend(2);
        Tensor kept = Tensor.zeros(backend, 3, 3);
        Tensor.zeros(backend, 5, 5).close();
        assertEquals(1, backend.liveBuffers());
        backend.close();
        assertEquals(0, backend.liveBuffers(), "close releases what is still open");
        assertTrue(kept.buffer().isClosed());
        Thread.sleep(50);
        boolean alive = Thread.getAllStackTraces().keySet().stream()
                .anyMatch(t -> t.getName().startsWith("jmlp-cpu-worker-") && t.isAlive());
        assertFalse(alive, "worker threads still running after close");
        backend.close(); // a second close does nothing
    }
}
