package io.jmlp.nn;

import io.jmlp.backend.Activation;
import io.jmlp.backend.Backend;
import io.jmlp.backend.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * Fully connected layer {@code a = f(x·W + b)}, with {@code W} stored {@code [in × out]} (so the
 * forward GEMM needs no transpose; model files transpose to PyTorch's {@code [out × in]}) and an
 * optional activation fused into the bias add, which saves a pass over the output.
 */
public final class Dense implements Layer {
    private final int inputSize;
    private final int outputSize;
    private final boolean bias;
    private final Activation activation;

    private Backend backend;
    private Tensor weight;
    private Tensor biasVector;
    private Tensor weightGrad;
    private Tensor biasGrad;
    private RowBuffer preActivation;
    private RowBuffer output;
    private RowBuffer preActivationGrad;
    private RowBuffer inputGrad;
    private Tensor lastInput;
    private Tensor lastZ;
    private Tensor lastA;

    public Dense(int inputSize, int outputSize, boolean bias, Activation activation) {
        if (inputSize < 1 || outputSize < 1) {
            throw new IllegalArgumentException("dense layer sizes must be >= 1, got " + inputSize + "→" + outputSize);
        }
        this.inputSize = inputSize;
        this.outputSize = outputSize;
        this.bias = bias;
        this.activation = activation;
    }

    @Override
    public int inputSize() {
        return inputSize;
    }

    @Override
    public int outputSize() {
        return outputSize;
    }

    public Activation activation() {
        return activation;
    }

    private boolean fusedActivation() {
        return activation.kind() != Activation.Kind.IDENTITY;
    }

    @Override
    public List<ParameterSpec> parameters() {
        List<ParameterSpec> specs = new ArrayList<>();
        specs.add(ParameterSpec.weights("weight", inputSize, outputSize));
        if (bias) {
            specs.add(ParameterSpec.constant("bias", 1, outputSize, 0f));
        }
        return specs;
    }

    @Override
    public void attach(LayerBinding binding) {
        backend = binding.backend();
        weight = binding.parameters().get(0);
        weightGrad = binding.gradients().get(0);
        if (bias) {
            biasVector = binding.parameters().get(1);
            biasGrad = binding.gradients().get(1);
        }
        preActivation = new RowBuffer(backend, outputSize);
        inputGrad = new RowBuffer(backend, inputSize);
        if (fusedActivation()) {
            output = new RowBuffer(backend, outputSize);
            preActivationGrad = new RowBuffer(backend, outputSize);
        }
    }

    @Override
    public Tensor forward(Tensor x, ForwardPass pass) {
        int n = x.rows();
        lastInput = x;
        lastZ = preActivation.rows(n);
        backend.gemm(false, false, 1f, x, weight, 0f, lastZ);
        if (fusedActivation()) {
            lastA = output.rows(n);
            backend.biasActivationForward(lastZ, biasVector, activation, lastA);
        } else {
            lastA = lastZ;
            if (bias) {
                backend.biasActivationForward(lastZ, biasVector, Activation.IDENTITY, lastZ);
            }
        }
        return lastA;
    }

    @Override
    public Tensor backward(Tensor dy, boolean needInputGradient) {
        int n = dy.rows();
        Tensor dz = dy;
        if (fusedActivation()) {
            dz = preActivationGrad.rows(n);
            backend.activationBackward(activation, lastZ, lastA, dy, dz);
        }
        backend.gemm(true, false, 1f, lastInput, dz, 0f, weightGrad);
        if (bias) {
            backend.sumRows(dz, 0f, biasGrad);
        }
        if (!needInputGradient) {
            return null;
        }
        Tensor dx = inputGrad.rows(n);
        backend.gemm(false, true, 1f, dz, weight, 0f, dx);
        return dx;
    }

    @Override
    public String describe() {
        return "dense " + inputSize + "→" + outputSize + (bias ? "" : " (no bias)")
                + (fusedActivation() ? " + " + activation : "");
    }

    @Override
    public void close() {
        for (RowBuffer b : new RowBuffer[] {preActivation, output, preActivationGrad, inputGrad}) {
            if (b != null) {
                b.close();
            }
        }
    }
}
