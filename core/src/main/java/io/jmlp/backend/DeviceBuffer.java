package io.jmlp.backend;

/**
 * A block of device memory owned by one backend. Each backend subclasses it with its own handle
 * (a Java array, a {@code cl_mem}, a {@code CUdeviceptr}); code outside the backend only passes it
 * around inside {@link Tensor}s. Closing frees the memory once; a second close does nothing.
 */
public abstract class DeviceBuffer implements AutoCloseable {
    private final DType dtype;
    private final long length;
    private final LiveBuffers live;
    private boolean closed;

    /** Registers the new buffer with {@code live}; subclasses call this after allocating. */
    protected DeviceBuffer(DType dtype, long length, LiveBuffers live) {
        if (length < 0) {
            throw new IllegalArgumentException("buffer length must be >= 0, got " + length);
        }
        this.dtype = dtype;
        this.length = length;
        this.live = live;
        live.allocated(this);
    }

    public final DType dtype() {
        return dtype;
    }

    /** Length in elements (not bytes). */
    public final long length() {
        return length;
    }

    public final boolean isClosed() {
        return closed;
    }

    /** The owning backend's buffer registry (which also knows whether that backend was closed). */
    final LiveBuffers liveBuffers() {
        return live;
    }

    @Override
    public final synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        release();
        live.released(this);
    }

    /** Frees the native memory; called exactly once. */
    protected abstract void release();
}
