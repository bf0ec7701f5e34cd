package io.jmlp.backend;

/**
 * Element type of a device buffer. Both types are four bytes wide, so element offsets and
 * byte offsets convert the same way on every backend.
 */
public enum DType {
    /** IEEE-754 single precision: activations, parameters, gradients, regression targets. */
    FLOAT32,
    /** Signed 32-bit integers: class labels and row indices for {@link Backend#gatherRows}. */
    INT32;

    public int bytes() {
        return 4;
    }
}
