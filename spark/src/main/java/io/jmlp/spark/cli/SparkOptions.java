package io.jmlp.spark.cli;

import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Option;

/** {@code --master} and how the session starts: as spark-submit configured it, else local, loopback only. */
final class SparkOptions {

    @Option(
            names = "--master",
            paramLabel = "URL",
            description = "Spark master, e.g. local[2], spark://host:7077, yarn. "
                    + "Default: spark-submit's, else local[*].")
    String master;

    SparkSession start(String appName) {
        SparkConf conf = new SparkConf();
        String chosen = master != null ? master : conf.get("spark.master", "local[*]");
        SparkSession.Builder builder = SparkSession.builder().appName(appName).master(chosen);
        if (chosen.startsWith("local")) {
            // One machine: nothing needs to listen beyond loopback, and the web UI is not needed.
            builder.config("spark.driver.bindAddress", "127.0.0.1")
                    .config("spark.driver.host", "127.0.0.1")
                    .config("spark.ui.enabled", "false");
        }
        builder.config("spark.ui.showConsoleProgress", "false");
        return builder.getOrCreate();
    }
}
