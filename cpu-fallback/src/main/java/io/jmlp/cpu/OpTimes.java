package io.jmlp.cpu;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where a {@link CpuBackend}'s time goes, by kind of op: wall-clock nanoseconds summed over the
 * calls of each kind, for {@code jmlp bench}'s split of a training step (GEMM against the rest).
 * Off unless turned on ({@link CpuBackend#opTimes()}), and then two {@code System.nanoTime()}
 * calls per op, about 50 ns against the microseconds each op takes. Ops run on the calling
 * thread (the worker team's parts included), so the sum is time the caller spent in them.
 */
public final class OpTimes {
    /** The kinds, in the order a training step meets them. */
    public enum Kind {
        GATHER("gather rows"),
        GEMM("GEMM"),
        BIAS_ACTIVATION("bias + activation (forward and backward)"),
        BATCH_NORM("batch norm (forward and backward)"),
        LOSS("loss, softmax, correct count"),
        BIAS_GRADIENT("bias gradients (column sums)"),
        OPTIMIZER("optimizer update, max-norm"),
        OTHER("fill, copy, scale, axpy, norms, dropout, finite check");

        final String label;

        Kind(String label) {
            this.label = label;
        }
    }

    private final long[] nanos = new long[Kind.values().length];
    private volatile boolean on;

    OpTimes() {}

    /** Starts (or stops) timing; the sums so far are kept until {@link #reset()}. */
    public void enable(boolean enabled) {
        on = enabled;
    }

    public void reset() {
        java.util.Arrays.fill(nanos, 0);
    }

    /** Seconds per kind, by {@link Kind} label, in step order. */
    public Map<String, Double> seconds() {
        Map<String, Double> out = new LinkedHashMap<>();
        for (Kind k : Kind.values()) {
            out.put(k.label, nanos[k.ordinal()] / 1e9);
        }
        return out;
    }

    long start() {
        return on ? System.nanoTime() : 0L;
    }

    void stop(Kind kind, long started) {
        if (on) {
            nanos[kind.ordinal()] += System.nanoTime() - started;
        }
    }
}
