package io.jmlp.nn;

import io.jmlp.backend.Activation;
import io.jmlp.backend.Backend;
import io.jmlp.backend.Tensor;
import java.util.List;

/**
 * Batch normalisation over the batch dimension with PyTorch's conventions ({@code eps = 1e-5},
 * {@code momentum = 0.1}, unbiased running variance): batch statistics while training, running
 * statistics at inference. An activation right after it is fused in ({@link Mlp#create} does this,
 * as {@link Dense} absorbs its activation): one op forward and one backward instead of two each, and
 * the gradient before the activation never goes through memory.
 */
public final class BatchNorm implements Layer {
    public static final float DEFAULT_EPS = 1e-5f;
    public static final float DEFAULT_MOMENTUM = 0.1f;

    private final int size;
    private final float eps;
    private final float momentum;
    private final Activation activation;

    private Backend backend;
    private Tensor gamma;
    private Tensor beta;
    private Tensor gammaGrad;
    private Tensor betaGrad;
    private Tensor runningMean;
    private Tensor runningVar;
    private Tensor savedMean;
    private Tensor savedInvStd;
    /** The normalised values y (before the activation), kept for the backward pass; also the output without an activation. */
    private RowBuffer normalized;
    /** f(y), when there is an activation. */
    private RowBuffer output;

    private RowBuffer inputGrad;
    private Tensor lastInput;
    private Tensor lastY;
    private Tensor lastA;

    public BatchNorm(int size, float eps, float momentum) {
        this(size, eps, momentum, Activation.IDENTITY);
    }

    /** Batch norm followed by {@code activation} (the identity: none), as one layer. */
    public BatchNorm(int size, float eps, float momentum, Activation activation) {
        if (size < 1) {
            throw new IllegalArgumentException("batch norm size must be >= 1, got " + size);
        }
        if (!(eps > 0) || !(momentum >= 0 && momentum <= 1)) {
            throw new IllegalArgumentException(
                    "batch norm needs eps > 0 and momentum in [0, 1], got eps=" + eps + ", momentum=" + momentum);
        }
        this.size = size;
        this.eps = eps;
        this.momentum = momentum;
        this.activation = activation;
    }

    public BatchNorm(int size) {
        this(size, DEFAULT_EPS, DEFAULT_MOMENTUM);
    }

    @Override
    public int inputSize() {
        return size;
    }

    @Override
    public int outputSize() {
        return size;
    }

    public float eps() {
        return eps;
    }

    public float momentum() {
        return momentum;
    }

    /** The activation fused after the normalisation; the identity when there is none. */
    public Activation activation() {
        return activation;
    }

    private boolean fusedActivation() {
        return activation.kind() != Activation.Kind.IDENTITY;
    }

    /** γ is "weight" and β is "bias", as in PyTorch's BatchNorm1d. */
    @Override
    public List<ParameterSpec> parameters() {
        return List.of(ParameterSpec.constant("weight", 1, size, 1f), ParameterSpec.constant("bias", 1, size, 0f));
    }

    @Override
    public List<ParameterSpec> states() {
        return List.of(
                ParameterSpec.constant("running_mean", 1, size, 0f),
                ParameterSpec.constant("running_var", 1, size, 1f));
    }

    @Override
    public void attach(LayerBinding binding) {
        backend = binding.backend();
        gamma = binding.parameters().get(0);
        beta = binding.parameters().get(1);
        gammaGrad = binding.gradients().get(0);
        betaGrad = binding.gradients().get(1);
        runningMean = binding.states().get(0);
        runningVar = binding.states().get(1);
        savedMean = Tensor.zeros(backend, 1, size);
        savedInvStd = Tensor.zeros(backend, 1, size);
        normalized = new RowBuffer(backend, size);
        if (fusedActivation()) {
            output = new RowBuffer(backend, size);
        }
        inputGrad = new RowBuffer(backend, size);
    }

    @Override
    public Tensor forward(Tensor x, ForwardPass pass) {
        int n = x.rows();
        if (!pass.training()) {
            // Inference needs no y for a backward pass: f(BN(x)) straight into the output.
            Tensor out = fusedActivation() ? output.rows(n) : normalized.rows(n);
            backend.batchNormForwardInference(x, gamma, beta, eps, runningMean, runningVar, activation, out);
            return out;
        }
        lastInput = x;
        lastY = normalized.rows(n);
        lastA = fusedActivation() ? output.rows(n) : lastY;
        backend.batchNormForwardTraining(
                x,
                gamma,
                beta,
                eps,
                momentum,
                runningMean,
                runningVar,
                activation,
                lastY,
                lastA,
                savedMean,
                savedInvStd);
        return lastA;
    }

    @Override
    public Tensor backward(Tensor dy, boolean needInputGradient) {
        if (lastInput == null) {
            throw new IllegalStateException("batch norm backward needs a training-mode forward pass first");
        }
        Tensor dx = inputGrad.rows(dy.rows());
        backend.batchNormBackward(
                lastInput, activation, lastY, lastA, dy, gamma, savedMean, savedInvStd, dx, gammaGrad, betaGrad);
        return needInputGradient ? dx : null;
    }

    @Override
    public String describe() {
        return "batchnorm " + size + (fusedActivation() ? " + " + activation : "");
    }

    @Override
    public void close() {
        if (savedMean != null) {
            savedMean.close();
            savedInvStd.close();
            normalized.close();
            if (output != null) {
                output.close();
            }
            inputGrad.close();
        }
    }
}
