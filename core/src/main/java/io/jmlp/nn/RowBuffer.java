package io.jmlp.nn;

import io.jmlp.backend.Backend;
import io.jmlp.backend.DType;
import io.jmlp.backend.Tensor;

/**
 * A layer's workspace for up to {@code capacity} rows of {@code cols} columns, grown to the largest
 * batch seen and then reused: after the first step of each batch size, no training step allocates.
 */
final class RowBuffer implements AutoCloseable {
    private final Backend backend;
    private final DType dtype;
    private final int cols;
    private Tensor storage;
    /** The view last handed out, reused while the row count stays the same (a view per step would be garbage per step). */
    private Tensor view;

    RowBuffer(Backend backend, DType dtype, int cols) {
        this.backend = backend;
        this.dtype = dtype;
        this.cols = cols;
    }

    RowBuffer(Backend backend, int cols) {
        this(backend, DType.FLOAT32, cols);
    }

    /** The first {@code n} rows, growing the storage if it holds fewer. */
    Tensor rows(int n) {
        if (storage == null || storage.rows() < n) {
            if (storage != null) {
                storage.close();
            }
            storage = Tensor.allocate(backend, dtype, n, cols);
            view = null;
        }
        if (view == null || view.rows() != n) {
            view = storage.rows(0, n);
        }
        return view;
    }

    @Override
    public void close() {
        if (storage != null) {
            storage.close();
            storage = null;
            view = null;
        }
    }
}
