package io.jmlp.cpu;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * A fixed team of threads that share one job at a time, made once per {@link CpuBackend} and
 * reused by every op: a parallel stream or an executor per call would allocate and hand work
 * between threads through queues on every GEMM, tens of times per training step.
 *
 * <p>The calling thread is worker 0 and {@code size − 1} daemon threads are the others. A job is
 * cut into {@code parts}; {@link #run} publishes it, wakes the helpers, and then every worker,
 * the caller included, claims parts until none is left, so a helper that the OS has not scheduled
 * yet (another process on the core) delays nothing: the caller does its part too. {@code run}
 * returns when every part is done and allocates nothing, so a training step that calls it stays
 * allocation-free. A helper with nothing to do spins for {@link #SPIN_NANOS} (ops follow each
 * other within microseconds during training, and waking a parked thread costs tens of them) and
 * then parks.
 *
 * <p>Claims are made on one atomic word holding (generation, next part, number of parts), so a
 * helper that wakes late can never claim a part of a later job with the earlier job in hand, nor
 * count a part of the earlier job as one of the later job's (which would leave the caller waiting
 * for a count it has already passed).
 */
final class WorkerTeam implements AutoCloseable {

    /** One parallel piece of work: {@code worker} (0 ≤ worker < size, for per-thread buffers) does part {@code part} of {@code parts}. */
    interface Job {
        void run(int worker, int part, int parts);
    }

    private static final long SPIN_NANOS = 100_000;

    private final int size;
    private final Thread[] helpers;
    /** Bits 32–63: the job's generation; 16–31: the next part to claim; 0–15: the number of parts. */
    private final AtomicLong claims = new AtomicLong();

    private static final int MAX_PARTS = 0xFFFF;
    private final AtomicInteger done = new AtomicInteger();
    private volatile Job job;
    private volatile boolean closed;
    private volatile Thread waiter;
    private volatile Throwable failure;
    private int generation;

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
     * Runs the {@code parts} parts of {@code job} on the team and waits for all of them; rethrows
     * the first failure. Not reentrant: a job must not call {@code run} itself.
     */
    void run(Job job, int parts) {
        if (closed) {
            throw new IllegalStateException("the cpu backend's worker threads were shut down (backend closed)");
        }
        if (parts < 1 || parts > MAX_PARTS) {
            throw new IllegalArgumentException("a job has 1 to " + MAX_PARTS + " parts, got " + parts);
        }
        if (size == 1 || parts == 1) {
            for (int p = 0; p < parts; p++) {
                job.run(0, p, parts);
            }
            return;
        }
        failure = null;
        waiter = Thread.currentThread();
        this.job = job;
        done.set(0);
        generation++;
        claims.set((long) generation << 32 | parts); // publishes job and done to helpers that read claims
        for (Thread t : helpers) {
            LockSupport.unpark(t);
        }
        work(0, generation);
        awaitParts(parts);
        this.job = null;
        Throwable first = failure;
        if (first != null) {
            if (first instanceof RuntimeException r) {
                throw r;
            }
            if (first instanceof Error e) {
                throw e;
            }
            throw new IllegalStateException("a cpu worker failed", first);
        }
    }

    /** Claims and runs parts of generation {@code gen} until none is left. */
    private void work(int worker, int gen) {
        while (true) {
            long c = claims.get();
            if ((int) (c >>> 32) != gen) {
                return; // a later job: this one is finished
            }
            int part = (int) (c >>> 16) & MAX_PARTS;
            int total = (int) c & MAX_PARTS;
            if (part >= total) {
                return;
            }
            if (!claims.compareAndSet(c, c + (1L << 16))) {
                continue; // another worker claimed first, or a new job was published: look again
            }
            // The claim holds an unfinished part of this generation, so the caller has not moved on:
            // job is still this generation's job.
            try {
                job.run(worker, part, total);
            } catch (Throwable t) {
                failure = t;
            }
            if (done.incrementAndGet() == total && worker != 0) {
                LockSupport.unpark(waiter);
            }
        }
    }

    private void awaitParts(int total) {
        long start = System.nanoTime();
        while (done.get() < total) {
            if (System.nanoTime() - start < SPIN_NANOS) {
                Thread.onSpinWait();
            } else {
                LockSupport.parkNanos(this, 50_000);
            }
        }
    }

    private void helperLoop(int id) {
        int seen = 0;
        while (true) {
            long start = System.nanoTime();
            int gen;
            while ((gen = (int) (claims.get() >>> 32)) == seen && !closed) {
                if (System.nanoTime() - start < SPIN_NANOS) {
                    Thread.onSpinWait();
                } else {
                    LockSupport.park(this);
                }
            }
            if (closed) {
                return;
            }
            seen = gen;
            work(id, gen);
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

    /** Where part {@code part} of {@code parts} starts in {@code count} items shared out in whole blocks of {@code grain}. */
    static int shareStart(int count, int grain, int part, int parts) {
        int blocks = (count + grain - 1) / grain;
        long first = (long) blocks * part / parts;
        return (int) Math.min(count, first * grain);
    }
}
