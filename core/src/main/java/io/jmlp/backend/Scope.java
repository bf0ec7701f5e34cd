package io.jmlp.backend;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Owns the tensors allocated through it and frees them all when closed, newest first, so
 * temporaries can be bound to a try-with-resources block:
 *
 * <pre>{@code
 * try (Scope scope = new Scope(backend)) {
 *     Tensor x = scope.upload(rows, cols, values);
 *     Tensor y = scope.zeros(rows, cols);
 *     ...
 * } // x and y are freed here
 * }</pre>
 */
public final class Scope implements AutoCloseable {
    private final Backend backend;
    private final Deque<Tensor> owned = new ArrayDeque<>();

    public Scope(Backend backend) {
        this.backend = backend;
    }

    public Backend backend() {
        return backend;
    }

    public Tensor zeros(int rows, int cols) {
        return track(Tensor.zeros(backend, rows, cols));
    }

    public Tensor ints(int rows, int cols) {
        return track(Tensor.allocate(backend, DType.INT32, rows, cols));
    }

    public Tensor upload(int rows, int cols, float[] values) {
        return track(Tensor.of(backend, rows, cols, values));
    }

    public Tensor uploadInts(int rows, int cols, int[] values) {
        return track(Tensor.ofInts(backend, rows, cols, values));
    }

    /** Takes ownership of a tensor made elsewhere. */
    public Tensor track(Tensor tensor) {
        owned.push(tensor);
        return tensor;
    }

    @Override
    public void close() {
        while (!owned.isEmpty()) {
            owned.pop().close();
        }
    }
}
