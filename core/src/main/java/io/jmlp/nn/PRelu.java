package io.jmlp.nn;

import io.jmlp.backend.Backend;
import io.jmlp.backend.Tensor;
import java.util.List;

/** Parametric ReLU {@code y = x > 0 ? x : a·x} with a learnable slope, shared or one per neuron (PyTorch's init 0.25). */
public final class PRelu implements Layer {
    public static final float INITIAL_SLOPE = 0.25f;

    private final int size;
    private final boolean shared;

    private Backend backend;
    private Tensor slope;
    private Tensor slopeGrad;
    private RowBuffer output;
    private RowBuffer inputGrad;
    private Tensor lastInput;

    public PRelu(int size, boolean shared) {
        this.size = size;
        this.shared = shared;
    }

    public boolean shared() {
        return shared;
    }

    @Override
    public int inputSize() {
        return size;
    }

    @Override
    public int outputSize() {
        return size;
    }

    @Override
    public List<ParameterSpec> parameters() {
        return List.of(ParameterSpec.constant("weight", 1, shared ? 1 : size, INITIAL_SLOPE));
    }

    @Override
    public void attach(LayerBinding binding) {
        backend = binding.backend();
        slope = binding.parameters().get(0);
        slopeGrad = binding.gradients().get(0);
        output = new RowBuffer(backend, size);
        inputGrad = new RowBuffer(backend, size);
    }

    @Override
    public Tensor forward(Tensor x, ForwardPass pass) {
        lastInput = x;
        Tensor y = output.rows(x.rows());
        backend.preluForward(x, slope, y);
        return y;
    }

    @Override
    public Tensor backward(Tensor dy, boolean needInputGradient) {
        Tensor dx = inputGrad.rows(dy.rows());
        backend.preluBackward(lastInput, slope, dy, dx, slopeGrad);
        return needInputGradient ? dx : null;
    }

    @Override
    public String describe() {
        return "prelu" + (shared ? " (shared)" : "");
    }

    @Override
    public void close() {
        if (output != null) {
            output.close();
            inputGrad.close();
        }
    }
}
