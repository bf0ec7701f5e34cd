package io.jmlp.cpu;

import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether the Vector API can be used. Kept apart from {@link VectorMicroKernel} so that asking
 * never loads a class that links against {@code jdk.incubator.vector}, which is absent unless the
 * JVM was started with {@code --add-modules jdk.incubator.vector}.
 */
final class VectorSupport {
    static final String MODULE = "jdk.incubator.vector";
    private static final Logger log = LoggerFactory.getLogger(VectorSupport.class);
    private static final AtomicBoolean missingReported = new AtomicBoolean();

    private VectorSupport() {
    }

    /**
     * Says once per JVM, at WARN, that the module is missing: a library user's JVM lacks the flag
     * unless they add it, and the plain-Java kernels are 5× slower (docs/benchmarks.md), which
     * should not go unnoticed.
     */
    static void warnOnceIfMissing() {
        if (!available() && missingReported.compareAndSet(false, true)) {
            log.warn("{} is not enabled, so the cpu backend runs its plain-Java kernels, about 5x slower; start the JVM with "
                    + "--add-modules {} (the jmlp README shows where for Maven, Gradle and java)", MODULE, MODULE);
        }
    }

    static boolean available() {
        return ModuleLayer.boot().findModule(MODULE).isPresent();
    }

    /** The Vector API kernel, or null when its vectors are too short to beat the plain one. */
    static MicroKernel kernel() {
        return VectorMicroKernel.usable() ? new VectorMicroKernel() : null;
    }

    /** The Vector API kernel for products at most one vector wide, under the same condition. */
    static MicroKernel narrowKernel() {
        return VectorMicroKernel.usable() ? new VectorNarrowKernel() : null;
    }

    /** The Vector API elementwise loops, under the same condition as the GEMM kernel. */
    static RowKernels rowKernels() {
        return VectorMicroKernel.usable() ? new VectorRowKernels() : null;
    }
}
