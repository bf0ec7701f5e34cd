package io.jmlp.select;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The pool's contract, without a backend (workers get null): results in job order, every worker index used, failures rethrown. */
class WorkerPoolTest {

    @Test
    void resultsComeBackInJobOrderAndEachWorkerOpensOnce() {
        Set<Integer> opened = ConcurrentHashMap.newKeySet();
        Set<String> threads = ConcurrentHashMap.newKeySet();
        WorkerPool pool = new WorkerPool(3, worker -> {
            assertTrue(opened.add(worker), "worker " + worker + " opened twice");
            return null;
        });
        List<Integer> jobs = IntStream.range(0, 50).boxed().toList();
        List<Integer> squares = pool.map(jobs, (backend, i) -> {
            threads.add(Thread.currentThread().getName());
            return i * i;
        });
        assertEquals(jobs.stream().map(i -> i * i).toList(), squares);
        assertEquals(Set.of(0, 1, 2), opened);
        assertTrue(threads.size() <= 3);
    }

    @Test
    void aFailingJobStopsTheMapAndIsRethrown() {
        WorkerPool pool = new WorkerPool(2, worker -> null);
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> pool.map(List.of(1, 2, 3), (backend, i) -> {
                    if (i == 2) {
                        throw new IllegalArgumentException("job 2 failed");
                    }
                    return i;
                }));
        assertEquals("job 2 failed", e.getMessage());
    }
}
