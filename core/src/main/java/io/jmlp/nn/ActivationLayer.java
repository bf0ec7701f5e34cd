package io.jmlp.nn;

import io.jmlp.backend.Activation;
import io.jmlp.backend.Backend;
import io.jmlp.backend.Tensor;

/**
 * A standalone activation {@code a = f(x)}, used where it cannot be fused into the layer before it (a
 * {@link Dense} or a {@link BatchNorm} absorbs the activation right after it; this one follows dropout,
 * PReLU or another activation).
 */
public final class ActivationLayer implements Layer {
    private final int size;
    private final Activation activation;

    private Backend backend;
    private RowBuffer output;
    private RowBuffer inputGrad;
    private Tensor lastInput;
    private Tensor lastOutput;

    public ActivationLayer(int size, Activation activation) {
        this.size = size;
        this.activation = activation;
    }

    public Activation activation() {
        return activation;
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
    public void attach(LayerBinding binding) {
        backend = binding.backend();
        output = new RowBuffer(backend, size);
        inputGrad = new RowBuffer(backend, size);
    }

    @Override
    public Tensor forward(Tensor x, ForwardPass pass) {
        lastInput = x;
        if (activation.kind() == Activation.Kind.IDENTITY) {
            lastOutput = x;
            return x;
        }
        lastOutput = output.rows(x.rows());
        backend.biasActivationForward(x, null, activation, lastOutput);
        return lastOutput;
    }

    @Override
    public Tensor backward(Tensor dy, boolean needInputGradient) {
        if (!needInputGradient) {
            return null;
        }
        if (activation.kind() == Activation.Kind.IDENTITY) {
            return dy;
        }
        Tensor dx = inputGrad.rows(dy.rows());
        backend.activationBackward(activation, lastInput, lastOutput, dy, dx);
        return dx;
    }

    @Override
    public String describe() {
        return activation.toString();
    }

    @Override
    public void close() {
        if (output != null) {
            output.close();
            inputGrad.close();
        }
    }
}
