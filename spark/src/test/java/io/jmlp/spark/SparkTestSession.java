package io.jmlp.spark;

import org.apache.spark.sql.SparkSession;

/**
 * The one SparkSession every test class of the module shares (Surefire runs them in one JVM):
 * Spark's start-up costs seconds, so it is paid once. {@code local[2,2]}: two cores, and a failed
 * task is retried once (local mode's default is no retry), which the fault-injection test needs.
 * Loopback only, no UI.
 */
public final class SparkTestSession {
    private static SparkSession session;

    private SparkTestSession() {}

    public static synchronized SparkSession get() {
        if (session == null) {
            session = SparkSession.builder()
                    .master("local[2,2]")
                    .appName("jmlp-spark-tests")
                    .config("spark.driver.bindAddress", "127.0.0.1")
                    .config("spark.driver.host", "127.0.0.1")
                    .config("spark.ui.enabled", "false")
                    .config("spark.ui.showConsoleProgress", "false")
                    .config("spark.sql.shuffle.partitions", "2")
                    .getOrCreate();
            Runtime.getRuntime().addShutdownHook(new Thread(session::stop));
        }
        return session;
    }
}
