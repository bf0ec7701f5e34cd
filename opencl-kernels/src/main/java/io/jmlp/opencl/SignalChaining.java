package io.jmlp.opencl;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Whether the JVM keeps its own signal handlers once an OpenCL platform has installed its own.
 *
 * <p>PoCL compiles kernels with LLVM, and LLVM installs crash handlers over the JVM's for SIGSEGV,
 * SIGBUS, SIGILL, SIGFPE, SIGUSR2, SIGINT and others ({@code -Xcheck:jni} then reports "SIGSEGV
 * handler modified!", the new handler in libLLVM). HotSpot raises SIGSEGV itself, in normal
 * operation: every thread running compiled code stops at a safepoint (a GC) by faulting on a
 * protected page. LLVM's handler is installed with SA_RESETHAND, so when two threads fault at once
 * the second meets the default action and the process dies with signal 11, leaving no hs_err file:
 * 3 JVMs in 10 in a stress run on PoCL, 0 in 20 with the remedy (docs/opencl.md).
 *
 * <p>The remedy is the JVM's signal chaining: {@code libjsig.so}, preloaded, keeps the JVM's
 * handlers installed and passes a library's handler only the signals the JVM does not handle
 * itself. The {@code jmlp} launcher and the build preload it; an application that embeds jmlp and
 * uses PoCL must start its JVM with {@code LD_PRELOAD=$JAVA_HOME/lib/libjsig.so}, and is warned once
 * when it has not ({@link #warning}).
 */
final class SignalChaining {
    /** The OpenCL platform name of PoCL, whose LLVM replaces the handlers (seen with PoCL 3.1 / LLVM 15). */
    static final String POCL_PLATFORM = "Portable Computing Language";

    private static final Path MAPS = Path.of("/proc/self/maps");

    private SignalChaining() {}

    /** The warning for this process, or empty: see {@link #warning(String, String, String)}. */
    static Optional<String> warningForThisProcess(String platformName) {
        String maps;
        try {
            maps = Files.readString(MAPS);
        } catch (IOException | UnsupportedOperationException e) {
            return Optional.empty(); // not Linux: no /proc, and no PoCL-on-LLVM case that was seen
        }
        return warning(platformName, maps, System.getProperty("java.home"));
    }

    /**
     * The warning when a platform known to replace the JVM's signal handlers is in use and libjsig is
     * not among the process's mapped libraries ({@code procSelfMaps}: the text of /proc/self/maps);
     * empty otherwise.
     */
    static Optional<String> warning(String platformName, String procSelfMaps, String javaHome) {
        if (!POCL_PLATFORM.equals(platformName) || procSelfMaps.contains("/libjsig.so")) {
            return Optional.empty();
        }
        return Optional.of("OpenCL platform '" + platformName + "' (PoCL) compiles kernels with LLVM, which"
                + " replaces the JVM's signal handlers: the JVM can then die with SIGSEGV at a garbage"
                + " collection. Start java with LD_PRELOAD=" + Path.of(javaHome, "lib", "libjsig.so")
                + " (the jmlp launcher does), or use another backend; see docs/opencl.md");
    }
}
