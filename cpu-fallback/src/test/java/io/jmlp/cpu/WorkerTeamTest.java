package io.jmlp.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jmlp.backend.Tensor;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;

/** The persistent team: every worker runs each job once, failures come back to the caller, close ends the threads. */
class WorkerTeamTest {

    @Test
    void everyPartRunsOnceAndOnlyTheTeamsThreadsRunThem() {
        try (WorkerTeam team = new WorkerTeam(3)) {
            Set<Thread> seen = ConcurrentHashMap.newKeySet();
            for (int round = 0; round < 2000; round++) {
                int parts = 1 + round % 7;
                AtomicIntegerArray runs = new AtomicIntegerArray(parts);
                team.run(
                        (worker, part, total) -> {
                            assertEquals(parts, total);
                            assertTrue(worker >= 0 && worker < 3);
                            runs.incrementAndGet(part);
                            seen.add(Thread.currentThread());
                        },
                        parts);
                for (int p = 0; p < parts; p++) {
                    assertEquals(1, runs.get(p), "part " + p + " in round " + round);
                }
            }
            assertTrue(seen.size() <= 3, "the caller and the same two helpers, not new threads per job");
            assertTrue(seen.contains(Thread.currentThread()), "the caller works too");
        }
    }

    @Test
    void theCallerTakesOverPartsWhileAHelperIsHeldUp() {
        try (WorkerTeam team = new WorkerTeam(2)) {
            // A helper's part blocks until the caller has run two parts: the job only finishes in
            // time if the caller claims more than "its share" (a descheduled helper must not stall it).
            Thread caller = Thread.currentThread();
            CountDownLatch callerParts = new CountDownLatch(2);
            AtomicBoolean timedOut = new AtomicBoolean();
            AtomicIntegerArray runs = new AtomicIntegerArray(3);
            team.run(
                    (worker, part, parts) -> {
                        runs.incrementAndGet(part);
                        if (Thread.currentThread() == caller) {
                            callerParts.countDown();
                        } else {
                            try {
                                timedOut.compareAndSet(false, !callerParts.await(5, TimeUnit.SECONDS));
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                            }
                        }
                    },
                    3);
            assertFalse(timedOut.get(), "the caller waited for the held-up helper instead of taking its parts");
            for (int p = 0; p < 3; p++) {
                assertEquals(1, runs.get(p));
            }
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
            IllegalStateException thrown = assertThrows(
                    IllegalStateException.class,
                    () -> team.run(
                            (worker, part, parts) -> {
                                if (part == 1) {
                                    throw boom;
                                }
                            },
                            2));
            assertSame(boom, thrown);
            AtomicIntegerArray runs = new AtomicIntegerArray(2);
            team.run((worker, part, parts) -> runs.incrementAndGet(part), 2);
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
