package io.jmlp.nn;

/**
 * A tensor a layer needs in the model's flat buffers: a trainable parameter or a piece of state.
 *
 * @param name    the layer-local name, PyTorch's where one exists ("weight", "bias", "running_mean")
 * @param rows    shape, row-major
 * @param cols    shape, row-major
 * @param decayed whether L1/L2/weight decay apply (weights yes; biases, batch-norm and PReLU parameters no)
 * @param random  filled by the model's {@link WeightInit} with fan-in {@code rows}, fan-out {@code cols};
 *                otherwise every element is {@code constant}
 * @param constant the initial value when not random
 */
public record ParameterSpec(String name, int rows, int cols, boolean decayed, boolean random, float constant) {

    /** A weight matrix {@code [fanIn × fanOut]}, randomly initialised and regularised. */
    public static ParameterSpec weights(String name, int fanIn, int fanOut) {
        return new ParameterSpec(name, fanIn, fanOut, true, true, 0f);
    }

    /** A {@code [rows × cols]} tensor starting at {@code value} everywhere, not regularised. */
    public static ParameterSpec constant(String name, int rows, int cols, float value) {
        return new ParameterSpec(name, rows, cols, false, false, value);
    }

    public long size() {
        return (long) rows * cols;
    }
}
