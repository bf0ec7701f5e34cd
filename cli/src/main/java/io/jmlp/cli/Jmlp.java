package io.jmlp.cli;

import io.jmlp.backend.BackendUnavailableException;
import io.jmlp.train.TrainingDivergedException;
import java.io.IOException;
import java.io.UncheckedIOException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The {@code jmlp} command. Library code never exits or prints; this class turns failures into messages and exit codes. */
@Command(
        name = "jmlp",
        mixinStandardHelpOptions = true,
        versionProvider = Jmlp.Version.class,
        description = "Train multilayer perceptrons on CPU, OpenCL or CUDA with one trainer and one set of results.",
        subcommands = {
            TrainCommand.class,
            PredictCommand.class,
            EvalCommand.class,
            CvCommand.class,
            SearchCommand.class,
            BoundaryCommand.class,
            ExportCommand.class,
            DevicesCommand.class,
            BenchCommand.class,
            LrFindCommand.class,
            GradcheckCommand.class,
            CommandLine.HelpCommand.class
        })
public final class Jmlp implements Runnable {

    @Option(
            names = {"-v", "--verbose"},
            scope = CommandLine.ScopeType.INHERIT,
            description = "Log what the library does (backend probing, selection) and print stack traces of errors.")
    void setVerbose(boolean verbose) {
        Jmlp.verbose = verbose;
        if (verbose) {
            // Read by slf4j-simple when the first logger is made, which happens after parsing.
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "info");
        }
    }

    static boolean verbose;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command line and returns the exit code: 0 ok, 1 failed, 2 bad usage. */
    public static int run(String... args) {
        return configure(new CommandLine(new Jmlp())).execute(args);
    }

    /** Installs the error handling: user errors as one line, bugs with their stack trace. */
    static CommandLine configure(CommandLine cli) {
        // A mistyped or repeated flag: the one line saying what is wrong and where help is, not the whole usage.
        cli.setParameterExceptionHandler((error, args) -> {
            CommandLine command = error.getCommandLine();
            command.getErr().println(command.getColorScheme().errorText("jmlp: " + error.getMessage()));
            CommandLine.UnmatchedArgumentException.printSuggestions(error, command.getErr());
            command.getErr()
                    .println("see `jmlp "
                            + (command.getCommandName().equals("jmlp") ? "" : command.getCommandName() + " ")
                            + "--help` for the options");
            return 2;
        });
        // picocli hands only Exceptions to the handler below; an OutOfMemoryError would reach the user as
        // the JVM's bare stack trace. By the time it gets here the stack that held the memory has unwound,
        // so there is room to say what to do. (Nothing is half-written: outputs are written at the end,
        // and an empty run directory is removed as for any failure, by RunOutputs.)
        CommandLine.IExecutionStrategy runLast = new CommandLine.RunLast();
        cli.setExecutionStrategy(parseResult -> {
            try {
                return runLast.execute(parseResult);
            } catch (OutOfMemoryError error) {
                cli.getErr().println(cli.getColorScheme().errorText("jmlp: " + outOfMemory(error)));
                if (verbose) {
                    error.printStackTrace(cli.getErr());
                }
                return 1;
            }
        });
        cli.setExecutionExceptionHandler((error, commandLine, parseResult) -> {
            commandLine.getErr().println(commandLine.getColorScheme().errorText("jmlp: " + describe(error)));
            if (verbose || !isUserError(error)) {
                error.printStackTrace(commandLine.getErr());
            }
            return 1;
        });
        return cli;
    }

    /** What to do when the heap ran out: the JVM's limit, and how to raise it (the launcher passes JMLP_JAVA_OPTS to java). */
    static String outOfMemory(OutOfMemoryError error) {
        return String.format(
                java.util.Locale.ROOT,
                "out of memory (%s): the JVM's heap, at most %,d MiB here, is full. Give it more with"
                        + " JMLP_JAVA_OPTS=-Xmx<size> ./jmlp … (e.g. -Xmx4g; java -Xmx4g -jar jmlp.jar … without the"
                        + " launcher), or use less data",
                error.getMessage() != null ? error.getMessage() : "OutOfMemoryError",
                Runtime.getRuntime().maxMemory() / (1024 * 1024));
    }

    /** Errors whose message tells the user what to do; anything else is a bug and gets its stack trace. */
    private static boolean isUserError(Throwable error) {
        return error instanceof IllegalArgumentException
                || error instanceof IOException
                || error instanceof UncheckedIOException
                || error instanceof BackendUnavailableException
                || error instanceof TrainingDivergedException;
    }

    private static String describe(Throwable error) {
        if (isUserError(error) && error.getMessage() != null) {
            return error.getMessage();
        }
        return "internal error (" + error + "); please report it with the stack trace below";
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = Jmlp.class.getPackage().getImplementationVersion();
            return new String[] {
                "jmlp " + (version != null ? version : "(development build)"),
                "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + ")"
            };
        }
    }
}
