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
        CommandLine cli = new CommandLine(new SparkMain());
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            commandLine.getErr().println("jmlp spark: " + (e.getMessage() != null ? e.getMessage() : e.toString()));
            if (System.getenv("JMLP_VERBOSE") != null) {
                e.printStackTrace(commandLine.getErr());
            }
            return 1;
        });
        System.exit(cli.execute(args));
    }
}
