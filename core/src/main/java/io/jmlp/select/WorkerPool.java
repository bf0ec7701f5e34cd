package io.jmlp.select;

import io.jmlp.backend.Backend;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiFunction;
import java.util.function.IntFunction;

/**
 * Runs jobs on a fixed number of worker threads, each with its own backend, opened and closed on
 * that thread: trials never share a device stream, and a backend is only touched by the thread
 * that made it (what CUDA contexts need). Workers take the next job from a shared counter; the
 * results come back in job order, and a job's result depends only on the job (its seed is part of
 * it), never on which worker ran it or when.
 */
public final class WorkerPool {
    private final int workers;
    private final IntFunction<Backend> openBackend;

    /**
     * {@code openBackend.apply(w)} opens worker {@code w}'s backend (0 ≤ w &lt; workers), once per
     * {@link #map}, on the worker's thread; it may put workers on different devices.
     */
    public WorkerPool(int workers, IntFunction<Backend> openBackend) {
        if (workers < 1) {
            throw new IllegalArgumentException("--workers must be >= 1, got " + workers);
        }
        this.workers = workers;
        this.openBackend = openBackend;
    }

    /** The default worker count: one per core, but no more than there are jobs. */
    public static int defaultWorkers(int jobs) {
        return Math.max(1, Math.min(Runtime.getRuntime().availableProcessors(), jobs));
    }

    public int workers() {
        return workers;
    }

    /** Runs {@code job} on each of {@code inputs} in parallel; returns the results in input order. The first failure is rethrown. */
    @SuppressWarnings("unchecked")
    public <I, R> List<R> map(List<I> inputs, BiFunction<Backend, I, R> job) {
        Object[] results = new Object[inputs.size()];
        AtomicInteger next = new AtomicInteger();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        List<Thread> threads = new ArrayList<>();
        int count = Math.min(workers, Math.max(1, inputs.size()));
        for (int w = 0; w < count; w++) {
            int worker = w;
            Thread t = new Thread(
                    () -> {
                        try (Backend backend = openBackend.apply(worker)) {
                            int i;
                            while (failure.get() == null && (i = next.getAndIncrement()) < inputs.size()) {
                                results[i] = job.apply(backend, inputs.get(i));
                            }
                        } catch (Throwable e) {
                            failure.compareAndSet(null, e);
                        }
                    },
                    "jmlp-worker-" + w);
            threads.add(t);
            t.start();
        }
        for (Thread t : threads) {
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                failure.compareAndSet(null, e);
            }
        }
        Throwable error = failure.get();
        if (error instanceof RuntimeException re) {
            throw re;
        }
        if (error instanceof Error err) {
            throw err;
        }
        if (error != null) {
            throw new IllegalStateException("a trial failed: " + error, error);
        }
        return (List<R>) Arrays.asList(results);
    }
}
