package io.jmlp.cli;

import io.jmlp.cpu.CpuProvider;
import picocli.CommandLine.Option;

/** {@code --threads N}: the cpu backend's thread count, handed to it through {@code -Djmlp.threads} (which the provider reads). */
final class ThreadOptions {

    @Option(names = "--threads", paramLabel = "N",
            description = "Threads of the cpu backend. Default: -Djmlp.threads, else $JMLP_THREADS, else every core.")
    Integer threads;

    /** Call before opening a backend. */
    void apply() {
        if (threads == null) {
            return;
        }
        if (threads < 1) {
            throw new IllegalArgumentException("--threads must be >= 1, got " + threads);
        }
        System.setProperty(CpuProvider.THREADS_PROPERTY, Integer.toString(threads));
    }

    /** The count the cpu backend will use. */
    static int effective() {
        return CpuProvider.configuredThreads();
    }
}
