package io.jmlp.cuda;

import io.jmlp.backend.DeviceBuffer;
import io.jmlp.backend.accelerator.Kernel;
import io.jmlp.backend.accelerator.KernelArguments;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * One kernel launch as data: the kernel's name, its geometry and its arguments in order. The
 * backend builds these ({@link KernelArguments}) and {@link #run()} hands them to a {@link DeviceQueue},
 * so tests without a GPU can check every launch against the kernel's parameter list in the built PTX.
 *
 * <p>A tensor is passed as one pointer, to its element (0, 0): our {@code .cu} kernels take plain
 * pointers, and the view's offset is added on the host.
 */
final class KernelLaunch implements KernelArguments {

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
    private final DeviceQueue queue;
    private final List<Arg> args = new ArrayList<>();

    /**
     * A launch of {@code kernel} on {@code queue}: one thread per item in blocks of
     * {@link LaunchGeometry#THREADS}, or, for a one-group kernel, one block of
     * {@link LaunchGeometry#REDUCE_THREADS}.
     */
    KernelLaunch(Kernel kernel, long items, DeviceQueue queue) {
        this.kernel = kernel.nameOn(Kernel.Device.CUDA);
        this.geometry =
                kernel.shape() == Kernel.Shape.ONE_GROUP ? LaunchGeometry.oneBlock() : LaunchGeometry.perItem(items);
        this.queue = queue;
    }

    @Override
    public KernelLaunch tensorAt(DeviceBuffer buffer, long offset) {
        return pointer(CudaBackend.memory(buffer), offset * buffer.dtype().bytes());
    }

    @Override
    public KernelLaunch buffer(DeviceBuffer buffer) {
        return pointer(CudaBackend.memory(buffer), 0);
    }

    private KernelLaunch pointer(DeviceMemory memory, long byteOffset) {
        args.add(new Arg(Kind.POINTER, memory, byteOffset, 0));
        return this;
    }

    @Override
    public KernelLaunch i(int value) {
        args.add(new Arg(Kind.INT, null, 0, value));
        return this;
    }

    @Override
    public KernelLaunch f(float value) {
        args.add(new Arg(Kind.FLOAT, null, 0, Float.floatToRawIntBits(value)));
        return this;
    }

    @Override
    public KernelLaunch ulong(long value) {
        args.add(new Arg(Kind.LONG, null, 0, value));
        return this;
    }

    /** Queues the launch; one that covers no item is skipped. */
    @Override
    public void run() {
        if (!geometry.isEmpty()) {
            queue.launch(this);
        }
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
