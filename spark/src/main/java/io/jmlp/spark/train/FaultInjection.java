package io.jmlp.spark.train;

import org.apache.spark.TaskContext;

/**
 * A test hook: makes the first attempt of one round's task on one partition throw, so a test can
 * check that Spark's retry computes the same bits. Off unless a test arms it; it works in
 * {@code local} mode, where the tasks run in the test's JVM.
 */
public final class FaultInjection {
    private static volatile int failRound = -1;
    private static volatile int failPartition = -1;

    private FaultInjection() {}

    /** Arms the hook: round {@code round}'s first attempt on {@code partition} throws. */
    public static void failFirstAttempt(int round, int partition) {
        failRound = round;
        failPartition = partition;
    }

    public static void disarm() {
        failRound = -1;
        failPartition = -1;
    }

    static void beforeRound(int round, int partition) {
        TaskContext task = TaskContext.get();
        if (round == failRound && partition == failPartition && task != null && task.attemptNumber() == 0) {
            throw new IllegalStateException(
                    "injected failure: round " + round + ", partition " + partition + ", first attempt");
        }
    }
}
