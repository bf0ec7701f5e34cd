package io.jmlp.spark.train;

import java.io.Serializable;

/**
 * What {@code treeAggregate} folds up in one round: the workers' states summed exactly
 * ({@link ExactSum}), and the slowest worker's compute time (to tell the Spark job's own latency
 * from the training inside it).
 */
public final class RoundSum implements Serializable {
    private static final long serialVersionUID = 1L;

    private final ExactSum values;
    private double slowestWorkerSeconds;

    private RoundSum(ExactSum values, double seconds) {
        this.values = values;
        this.slowestWorkerSeconds = seconds;
    }

    public static RoundSum empty(int length) {
        return new RoundSum(ExactSum.empty(length), 0);
    }

    public static RoundSum of(float[] workerState, double computeSeconds) {
        return new RoundSum(ExactSum.of(workerState), computeSeconds);
    }

    public RoundSum merge(RoundSum other) {
        values.merge(other.values);
        slowestWorkerSeconds = Math.max(slowestWorkerSeconds, other.slowestWorkerSeconds);
        return this;
    }

    public ExactSum values() {
        return values;
    }

    public int workers() {
        return values.contributions();
    }

    public double slowestWorkerSeconds() {
        return slowestWorkerSeconds;
    }
}
