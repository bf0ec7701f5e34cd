package io.jmlp.cpu;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * A fixed team of threads that share one job at a time, made once per {@link CpuBackend} and
 * reused by every op: a parallel stream or an executor per call would allocate and hand work
 * between threads through queues on every GEMM, tens of times per training step.
 *
 * <p>The calling thread is worker 0 and {@code size − 1} daemon threads are the others. {@link #run}
 * publishes the job, wakes the helpers, does worker 0's share itself and returns when every share
 * is done; it allocates nothing, so a training step that calls it stays allocation-free. A helper
 * that has nothing to do spins for {@link #SPIN_NANOS} (ops follow each other within microseconds
 * during training, and waking a parked thread costs tens of them) and then parks.
 */
final class WorkerTeam implements AutoCloseable {

    /** One parallel piece of work: worker {@code worker} of {@code workers} does its share. */
    interface Job {
        void run(int worker, int workers);
    }

    private static final long SPIN_NANOS = 100_000;

    private final int size;
    private final Thread[] helpers;
    private final AtomicInteger pending = new AtomicInteger();
    private volatile Job job;
    private volatile long generation;
    private volatile boolean closed;
    private volatile Thread waiter;
    private volatile Throwable failure;

    WorkerTeam(int size) {
        if (size < 1) {
            throw new IllegalArgumentException("a worker team needs at least one thread, got " + size);
        }
        this.size = size;
        this.helpers = new Thread[size - 1];
        for (int i = 0; i < helpers.length; i++) {
            int id = i + 1;
            Thread t = new Thread(() -> helperLoop(id), "jmlp-cpu-worker-" + id);
            t.setDaemon(true); // never keeps the JVM alive, even if a backend is not closed
            helpers[i] = t;
            t.start();
        }
    }

    /** Threads in the team, the caller included. */
    int size() {
        return size;
    }

    /**
     * Runs {@code job} on every worker and waits for all of them; rethrows the first failure. Not
     * reentrant: a job must not call {@code run} itself.
     */
    void run(Job job) {
        if (closed) {
            throw new IllegalStateException("the cpu backend's worker threads were shut down (backend closed)");
        }
        if (size == 1) {
            job.run(0, 1);
            return;
        }
        failure = null;
        waiter = Thread.currentThread();
        this.job = job;
        pending.set(size - 1);
        generation = generation + 1; // the volatile write that publishes job and pending
        for (Thread t : helpers) {
            LockSupport.unpark(t);
        }
        Throwable mine = null;
        try {
            job.run(0, size);
        } catch (Throwable t) {
            mine = t;
        }
        awaitHelpers();
        this.job = null;
        Throwable theirs = failure;
        if (mine != null || theirs != null) {
            Throwable first = mine != null ? mine : theirs;
            if (first instanceof RuntimeException r) {
                throw r;
            }
            if (first instanceof Error e) {
                throw e;
            }
            throw new IllegalStateException("a cpu worker failed", first);
        }
    }

    private void awaitHelpers() {
        long start = System.nanoTime();
        while (pending.get() != 0) {
            if (System.nanoTime() - start < SPIN_NANOS) {
                Thread.onSpinWait();
            } else {
                LockSupport.parkNanos(this, 50_000);
            }
        }
    }

    private void helperLoop(int id) {
        long seen = 0;
        while (true) {
            long start = System.nanoTime();
            while (generation == seen && !closed) {
                if (System.nanoTime() - start < SPIN_NANOS) {
                    Thread.onSpinWait();
                } else {
                    LockSupport.park(this);
                }
            }
            if (closed) {
                return;
            }
            seen = generation;
            try {
                job.run(id, size);
            } catch (Throwable t) {
                failure = t;
            }
            if (pending.decrementAndGet() == 0) {
                LockSupport.unpark(waiter);
            }
        }
    }

    /** Stops the helper threads and waits (briefly) for them to end. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (Thread t : helpers) {
            LockSupport.unpark(t);
        }
        for (Thread t : helpers) {
            try {
                t.join(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** The share {@code [from, to)} of {@code count} items that worker {@code worker} of {@code workers} takes, in whole blocks of {@code grain}. */
    static int shareStart(int count, int grain, int worker, int workers) {
        int blocks = (count + grain - 1) / grain;
        long first = (long) blocks * worker / workers;
        return (int) Math.min(count, first * grain);
    }
}
