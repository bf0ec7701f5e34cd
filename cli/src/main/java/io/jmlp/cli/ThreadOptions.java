package io.jmlp.cli;

import io.jmlp.cpu.CpuProvider;
import picocli.CommandLine.Option;

/** {@code --threads N}: the cpu backend's thread count, handed to it through {@code -Djmlp.threads} (which the provider reads). */
final class ThreadOptions {

    @Option(
            names = "--threads",
            paramLabel = "N",
            description = "Threads of the cpu backend. Default: -Djmlp.threads, else $JMLP_THREADS, else every core.")
    Integer threads;

    /** Call before opening a backend. */
    void apply() {
        if (threads == null) {
            CpuProvider
                    .configuredThreads(); // a bad -Djmlp.threads or $JMLP_THREADS fails now, before any data is loaded
            return;
        }
        if (threads < 1) {
            throw new IllegalArgumentException("--threads must be >= 1, got " + threads);
        }
        String previous = System.getProperty(CpuProvider.THREADS_PROPERTY);
        System.setProperty(CpuProvider.THREADS_PROPERTY, Integer.toString(threads));
        try {
            CpuProvider.configuredThreads();
        } catch (IllegalArgumentException e) {
            if (previous == null) {
                System.clearProperty(CpuProvider.THREADS_PROPERTY);
            } else {
                System.setProperty(CpuProvider.THREADS_PROPERTY, previous);
            }
            throw new IllegalArgumentException(
                    e.getMessage().replace("-D" + CpuProvider.THREADS_PROPERTY, "--threads"));
        }
    }

    /** The count the cpu backend will use. */
    static int effective() {
        return CpuProvider.configuredThreads();
    }
}
