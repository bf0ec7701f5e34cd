package io.jmlp.spark.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code jmlp spark …}: jmlp on Apache Spark. Run by {@code ./jmlp spark} (local mode, Spark from
 * Maven) or by {@code spark-submit --class io.jmlp.spark.cli.SparkMain spark/target/jmlp-spark.jar}
 * on a cluster, with the same subcommands.
 */
@Command(
        name = "jmlp spark",
        mixinStandardHelpOptions = true,
        subcommands = {
            SparkTrainCommand.class,
            SparkSearchCommand.class,
            SparkCompareCommand.class,
            CommandLine.HelpCommand.class
        },
        description = "Train and search multilayer perceptrons on Apache Spark.")
public final class SparkMain {

    public static void main(String[] args) {
        System.exit(configure(new CommandLine(new SparkMain())).execute(args));
    }

    /** Installs the error handling: one line per failure (the stack trace too with $JMLP_VERBOSE). */
    static CommandLine configure(CommandLine cli) {
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            commandLine.getErr().println("jmlp spark: " + (e.getMessage() != null ? e.getMessage() : e.toString()));
            if (System.getenv("JMLP_VERBOSE") != null) {
                e.printStackTrace(commandLine.getErr());
            }
            return 1;
        });
        // The handler above sees Exceptions only: the driver running out of heap (collecting a large data
        // set, say) would print the JVM's bare trace. (An executor's OutOfMemoryError reaches the driver
        // as a failed job, an Exception, with Spark's message.)
        CommandLine.IExecutionStrategy runLast = new CommandLine.RunLast();
        cli.setExecutionStrategy(parseResult -> {
            try {
                return runLast.execute(parseResult);
            } catch (OutOfMemoryError e) {
                cli.getErr()
                        .printf(
                                java.util.Locale.ROOT,
                                "jmlp spark: out of memory (%s): the driver's heap, at most %,d MiB here, is full. Give it"
                                        + " more: spark-submit --driver-memory 4g …, or JMLP_JAVA_OPTS=-Xmx4g ./jmlp spark … in"
                                        + " local mode%n",
                                e.getMessage(),
                                Runtime.getRuntime().maxMemory() / (1024 * 1024));
                return 1;
            }
        });
        return cli;
    }
}
