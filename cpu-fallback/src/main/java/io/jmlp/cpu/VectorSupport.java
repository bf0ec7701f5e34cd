package io.jmlp.cpu;

import jdk.incubator.vector.FloatVector;

/**
 * Whether the Vector API can be used, and the only place that names its kernel classes. Kept apart
 * from them so that asking {@link #available()} never loads a class that links against
 * {@code jdk.incubator.vector}, which is absent unless the JVM was started with
 * {@code --add-modules jdk.incubator.vector}; every other method here is called only after it said yes.
 */
final class VectorSupport {
    static final String MODULE = "jdk.incubator.vector";

    private VectorSupport() {}

    static boolean available() {
        return ModuleLayer.boot().findModule(MODULE).isPresent();
    }

    /** The widest vectors the JIT compiles to machine vectors here (256 with AVX2, 512 with AVX-512). */
    static int maxBits() {
        return FloatVector.SPECIES_PREFERRED.vectorBitSize();
    }

    static MicroKernel kernel(KernelChoice.Variant variant) {
        return switch (variant) {
            case V4X16 -> new VectorKernel4x16();
            case V5X16 -> new VectorKernel5x16();
            case V6X16 -> new VectorKernel6x16();
            case V6X32 -> new VectorKernel6x32();
            case SCALAR -> throw new IllegalArgumentException("the plain kernel is not a Vector API one");
        };
    }

    /** The kernel for C at most one tile wide, by its id in {@link KernelChoice#NARROW_KERNELS}. */
    static MicroKernel narrowKernel(String id) {
        return switch (id) {
            case "12x16" -> new VectorKernel12x16();
            case "10x16" -> new VectorKernel10x16();
            case "10x8" -> new VectorKernel10x8();
            case "5x16" -> new VectorKernel5x16();
            default -> throw new IllegalArgumentException("no narrow kernel '" + id + "'");
        };
    }

    /** The Vector API loops; the plain ones for vectors longer than the per-column arrays are {@linkplain RowKernels#WRAP wrapped}. */
    static RowKernels rowKernels() {
        return FloatVector.SPECIES_PREFERRED.length() <= RowKernels.WRAP
                ? new VectorRowKernels()
                : new RowKernels.Scalar();
    }
}
