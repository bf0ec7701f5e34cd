package io.jmlp.backend;

import java.util.Objects;

/**
 * A 2-D row-major view {@code [rows × cols]} of a {@link DeviceBuffer}, starting at an element
 * offset. A tensor made by {@link #allocate} owns its buffer and frees it on {@link #close()};
 * views made by {@link #rows}, {@link #view} or {@link #reshape} share the buffer and never free
 * it. Vectors are {@code [1 × n]}; a scalar is {@code [1 × 1]}.
 */
public final class Tensor implements AutoCloseable {
    private final Backend backend;
    private final DeviceBuffer buffer;
    private final long offset;
    private final int rows;
    private final int cols;
    private final boolean owner;

    private Tensor(Backend backend, DeviceBuffer buffer, long offset, int rows, int cols, boolean owner) {
        if (rows < 0 || cols < 0) {
            throw new IllegalArgumentException("tensor shape must be non-negative, got [" + rows + " × " + cols + "]");
        }
        if (offset < 0 || offset + (long) rows * cols > buffer.length()) {
            throw new IllegalArgumentException("view [" + rows + " × " + cols + "] at offset " + offset
                    + " does not fit a buffer of " + buffer.length() + " elements");
        }
        this.backend = backend;
        this.buffer = buffer;
        this.offset = offset;
        this.rows = rows;
        this.cols = cols;
        this.owner = owner;
    }

    /** Allocates a zero-filled tensor that owns its memory. */
    public static Tensor allocate(Backend backend, DType dtype, int rows, int cols) {
        DeviceBuffer buffer = backend.allocate(dtype, (long) rows * cols);
        return new Tensor(backend, buffer, 0, rows, cols, true);
    }

    /** Allocates a zero-filled {@code float32} tensor. */
    public static Tensor zeros(Backend backend, int rows, int cols) {
        return allocate(backend, DType.FLOAT32, rows, cols);
    }

    /** Uploads {@code rows × cols} floats (row-major) into a new tensor. */
    public static Tensor of(Backend backend, int rows, int cols, float[] values) {
        checkLength(rows, cols, values.length);
        Tensor t = zeros(backend, rows, cols);
        backend.write(t, values, 0);
        return t;
    }

    /** Uploads {@code rows × cols} ints (row-major) into a new {@code int32} tensor. */
    public static Tensor ofInts(Backend backend, int rows, int cols, int[] values) {
        checkLength(rows, cols, values.length);
        Tensor t = allocate(backend, DType.INT32, rows, cols);
        backend.write(t, values, 0);
        return t;
    }

    private static void checkLength(int rows, int cols, int length) {
        if ((long) rows * cols != length) {
            throw new IllegalArgumentException(
                    "[" + rows + " × " + cols + "] needs " + (long) rows * cols + " values, got " + length);
        }
    }

    public Backend backend() {
        return backend;
    }

    public DeviceBuffer buffer() {
        return buffer;
    }

    public DType dtype() {
        return buffer.dtype();
    }

    /** Offset of element (0, 0) in the buffer, in elements. */
    public long offset() {
        return offset;
    }

    public int rows() {
        return rows;
    }

    public int cols() {
        return cols;
    }

    /** Number of elements, {@code rows × cols}. */
    public long size() {
        return (long) rows * cols;
    }

    /** Rows {@code [first, first + count)} as a view. */
    public Tensor rows(int first, int count) {
        if (first < 0 || count < 0 || first + count > rows) {
            throw new IllegalArgumentException(
                    "rows [" + first + ", " + (first + count) + ") outside [0, " + rows + ")");
        }
        return new Tensor(backend, buffer, offset + (long) first * cols, count, cols, false);
    }

    /** A view of {@code rows × cols} elements starting {@code elementOffset} elements into this tensor. */
    public Tensor view(long elementOffset, int rows, int cols) {
        if (elementOffset < 0 || elementOffset + (long) rows * cols > size()) {
            throw new IllegalArgumentException(
                    "view [" + rows + " × " + cols + "] at " + elementOffset + " does not fit inside " + this);
        }
        return new Tensor(backend, buffer, offset + elementOffset, rows, cols, false);
    }

    /** The same elements seen with another shape of equal size. */
    public Tensor reshape(int rows, int cols) {
        if ((long) rows * cols != size()) {
            throw new IllegalArgumentException("cannot reshape " + this + " to [" + rows + " × " + cols + "]");
        }
        return new Tensor(backend, buffer, offset, rows, cols, false);
    }

    /** Copies the elements to a new host array (blocks until pending work on the backend is done). */
    public float[] toHost() {
        requireType(DType.FLOAT32);
        float[] out = new float[Math.toIntExact(size())];
        backend.read(this, out, 0);
        return out;
    }

    /** Copies an {@code int32} tensor to a new host array. */
    public int[] toHostInts() {
        requireType(DType.INT32);
        int[] out = new int[Math.toIntExact(size())];
        backend.read(this, out, 0);
        return out;
    }

    /** The single value of a {@code [1 × 1]} float tensor. */
    public float scalar() {
        if (size() != 1) {
            throw new IllegalStateException("scalar() needs a [1 × 1] tensor, got " + this);
        }
        return toHost()[0];
    }

    /**
     * A copy of this tensor on {@code target}, owned by the caller. Moves through host memory,
     * which every backend pair supports; a copy onto the same backend stays on the device.
     */
    public Tensor to(Backend target) {
        Tensor copy = allocate(target, dtype(), rows, cols);
        if (target == backend) {
            backend.copy(this, copy);
        } else if (dtype() == DType.FLOAT32) {
            target.write(copy, toHost(), 0);
        } else {
            target.write(copy, toHostInts(), 0);
        }
        return copy;
    }

    /** Frees the buffer if this tensor owns it; views do nothing. */
    @Override
    public void close() {
        if (owner) {
            buffer.close();
        }
    }

    private void requireType(DType type) {
        if (dtype() != type) {
            throw new IllegalStateException("expected a " + type + " tensor, got " + this);
        }
    }

    /** True if both tensors are views on the same buffer at the same offset and shape. */
    public boolean sameView(Tensor other) {
        return other != null
                && buffer == other.buffer
                && offset == other.offset
                && rows == other.rows
                && cols == other.cols;
    }

    @Override
    public String toString() {
        return dtype().name().toLowerCase() + "[" + rows + " × " + cols + "]@" + backend.name()
                + (offset != 0 ? "+" + offset : "");
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Tensor t && sameView(t) && backend == t.backend;
    }

    @Override
    public int hashCode() {
        return Objects.hash(System.identityHashCode(buffer), offset, rows, cols);
    }
}
