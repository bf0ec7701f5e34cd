package io.jmlp.tests.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jmlp.backend.Backend;
import io.jmlp.backend.DType;
import io.jmlp.backend.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The tensors of one op call, handed out in the order the call asks for them: each a new tensor
 * filled with a sentinel (so {@link #assertUntouched} can tell whether the op wrote anything), on
 * the backend under test or, from {@link #foreign}, on another backend. It can also hand out the
 * {@code n}-th tensor already closed ({@link #closing}), or replay the tensors of an earlier call
 * ({@link #replaying}), for calls made after the backend was closed.
 */
final class OpArgs implements AutoCloseable {
    static final float SENTINEL = 0.375f;
    static final int INT_SENTINEL = 1;

    private final Backend backend;
    private final Backend other;
    private final int closedIndex;
    private final List<Tensor> replay;
    private final List<Tensor> handedOut = new ArrayList<>();

    private OpArgs(Backend backend, Backend other, int closedIndex, List<Tensor> replay) {
        this.backend = backend;
        this.other = other;
        this.closedIndex = closedIndex;
        this.replay = replay;
    }

    /** New tensors on {@code backend}; {@link #foreign} ones on {@code other}. */
    static OpArgs on(Backend backend, Backend other) {
        return new OpArgs(backend, other, -1, null);
    }

    /** As {@link #on}, but the tensor number {@code index} (0-based) is closed before it is handed out. */
    static OpArgs closing(Backend backend, Backend other, int index) {
        return new OpArgs(backend, other, index, null);
    }

    /** Hands out the tensors {@code earlier} handed out, in the same order. */
    static OpArgs replaying(OpArgs earlier) {
        return new OpArgs(earlier.backend, earlier.other, -1, List.copyOf(earlier.handedOut));
    }

    /** A float32 tensor on the backend under test. */
    Tensor f(int rows, int cols) {
        return next(backend, DType.FLOAT32, rows, cols);
    }

    /** An int32 tensor on the backend under test. */
    Tensor i(int rows, int cols) {
        return next(backend, DType.INT32, rows, cols);
    }

    /** A float32 tensor on the other backend. */
    Tensor foreign(int rows, int cols) {
        return next(other, DType.FLOAT32, rows, cols);
    }

    /** An int32 tensor on the other backend. */
    Tensor foreignInts(int rows, int cols) {
        return next(other, DType.INT32, rows, cols);
    }

    /** How many tensors the call has asked for so far. */
    int count() {
        return handedOut.size();
    }

    private Tensor next(Backend on, DType dtype, int rows, int cols) {
        if (replay != null) {
            Tensor t = replay.get(handedOut.size());
            handedOut.add(t);
            return t;
        }
        Tensor t = Tensor.allocate(on, dtype, rows, cols);
        int size = rows * cols;
        if (dtype == DType.FLOAT32) {
            float[] values = new float[size];
            Arrays.fill(values, SENTINEL);
            on.write(t, values, 0);
        } else {
            int[] values = new int[size];
            Arrays.fill(values, INT_SENTINEL);
            on.write(t, values, 0);
        }
        if (handedOut.size() == closedIndex) {
            t.close();
        }
        handedOut.add(t);
        return t;
    }

    /** Every tensor handed out still holds the sentinel in every element. */
    void assertUntouched(String what) {
        for (int n = 0; n < handedOut.size(); n++) {
            Tensor t = handedOut.get(n);
            String message = what + ": argument tensor #" + n + " " + t + " was written";
            if (t.dtype() == DType.FLOAT32) {
                for (float v : t.toHost()) {
                    assertEquals(SENTINEL, v, message);
                }
            } else {
                for (int v : t.toHostInts()) {
                    assertEquals(INT_SENTINEL, v, message);
                }
            }
        }
    }

    @Override
    public void close() {
        if (replay == null) {
            handedOut.forEach(Tensor::close);
        }
    }
}
