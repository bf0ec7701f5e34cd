package io.jmlp.cpu;

/**
 * Whether the Vector API can be used. Kept apart from {@link VectorMicroKernel} so that asking
 * never loads a class that links against {@code jdk.incubator.vector}, which is absent unless the
 * JVM was started with {@code --add-modules jdk.incubator.vector}.
 */
final class VectorSupport {
    static final String MODULE = "jdk.incubator.vector";

    private VectorSupport() {
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
