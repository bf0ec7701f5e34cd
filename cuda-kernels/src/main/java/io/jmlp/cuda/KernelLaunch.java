package io.jmlp.cuda;

import io.jmlp.backend.Tensor;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * One kernel launch as data: the kernel's name, its geometry and its arguments in order. The
 * backend builds these and a {@link DeviceQueue} runs them, so tests without a GPU can check every
 * launch against the kernel's parameter list in the built PTX.
 *
 * <p>A tensor is passed as one pointer, to its element (0, 0): our {@code .cu} kernels take plain
 * pointers, and the view's offset is added on the host.
 */
final class KernelLaunch {

    /** The type of one argument, as the PTX declares the parameter. */
    enum Kind {
        /** A device pointer: {@code .param .u64}. */
        POINTER("u64"),
        /** A 32-bit int: {@code .param .u32}. */
        INT("u32"),
        /** A float: {@code .param .f32}. */
        FLOAT("f32"),
        /** An unsigned 64-bit integer (Philox seeds and streams): {@code .param .u64}. */
        LONG("u64");

        final String ptxType;

        Kind(String ptxType) {
            this.ptxType = ptxType;
        }
    }

    /**
     * One argument. For a pointer, {@code memory} and {@code byteOffset}; for a number, {@code value}
     * (an int, a float's bits, or a long).
     */
    record Arg(Kind kind, DeviceMemory memory, long byteOffset, long value) {}

    private final String kernel;
    private final LaunchGeometry geometry;
    private final List<Arg> args = new ArrayList<>();

    private KernelLaunch(String kernel, LaunchGeometry geometry) {
        this.kernel = kernel;
        this.geometry = geometry;
    }

    /** A launch of one thread per item. */
    static KernelLaunch perItem(String kernel, long items) {
        return new KernelLaunch(kernel, LaunchGeometry.perItem(items));
    }

    /** A launch of one block of {@link LaunchGeometry#REDUCE_THREADS}. */
    static KernelLaunch oneBlock(String kernel) {
        return new KernelLaunch(kernel, LaunchGeometry.oneBlock());
    }

    KernelLaunch tensor(Tensor t) {
        CudaBuffer buffer = (CudaBuffer) t.buffer();
        return pointer(buffer.memory(), t.offset() * t.dtype().bytes());
    }

    KernelLaunch pointer(DeviceMemory memory, long byteOffset) {
        args.add(new Arg(Kind.POINTER, memory, byteOffset, 0));
        return this;
    }

    KernelLaunch i(int value) {
        args.add(new Arg(Kind.INT, null, 0, value));
        return this;
    }

    KernelLaunch i(boolean value) {
        return i(value ? 1 : 0);
    }

    KernelLaunch f(float value) {
        args.add(new Arg(Kind.FLOAT, null, 0, Float.floatToRawIntBits(value)));
        return this;
    }

    KernelLaunch ulong(long value) {
        args.add(new Arg(Kind.LONG, null, 0, value));
        return this;
    }

    String kernel() {
        return kernel;
    }

    LaunchGeometry geometry() {
        return geometry;
    }

    List<Arg> args() {
        return Collections.unmodifiableList(args);
    }

    @Override
    public String toString() {
        return kernel + "<<<" + geometry.blocks() + ", " + geometry.threads() + ">>>(" + args.size() + " args)";
    }
}
