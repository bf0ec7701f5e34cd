package io.jmlp.nn;

import io.jmlp.backend.Backend;
import io.jmlp.backend.Tensor;
import java.util.List;

/**
 * Batch normalisation over the batch dimension with PyTorch's conventions ({@code eps = 1e-5},
 * {@code momentum = 0.1}, unbiased running variance): batch statistics while training, running
 * statistics at inference.
 */
public final class BatchNorm implements Layer {
    public static final float DEFAULT_EPS = 1e-5f;
    public static final float DEFAULT_MOMENTUM = 0.1f;

    private final int size;
    private final float eps;
    private final float momentum;

    private Backend backend;
    private Tensor gamma;
    private Tensor beta;
    private Tensor gammaGrad;
    private Tensor betaGrad;
    private Tensor runningMean;
    private Tensor runningVar;
    private Tensor savedMean;
    private Tensor savedInvStd;
    private RowBuffer output;
    private RowBuffer inputGrad;
    private Tensor lastInput;

    public BatchNorm(int size, float eps, float momentum) {
        if (size < 1) {
            throw new IllegalArgumentException("batch norm size must be >= 1, got " + size);
        }
        if (!(eps > 0) || !(momentum >= 0 && momentum <= 1)) {
            throw new IllegalArgumentException("batch norm needs eps > 0 and momentum in [0, 1], got eps=" + eps + ", momentum=" + momentum);
        }
        this.size = size;
        this.eps = eps;
        this.momentum = momentum;
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

    /** γ is "weight" and β is "bias", as in PyTorch's BatchNorm1d. */
    @Override
    public List<ParameterSpec> parameters() {
        return List.of(ParameterSpec.constant("weight", 1, size, 1f), ParameterSpec.constant("bias", 1, size, 0f));
    }

    @Override
    public List<ParameterSpec> states() {
        return List.of(ParameterSpec.constant("running_mean", 1, size, 0f), ParameterSpec.constant("running_var", 1, size, 1f));
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
        output = new RowBuffer(backend, size);
        inputGrad = new RowBuffer(backend, size);
    }

    @Override
    public Tensor forward(Tensor x, ForwardPass pass) {
        Tensor y = output.rows(x.rows());
        if (pass.training()) {
            lastInput = x;
            backend.batchNormForwardTraining(x, gamma, beta, eps, momentum, runningMean, runningVar, y, savedMean, savedInvStd);
        } else {
            backend.batchNormForwardInference(x, gamma, beta, eps, runningMean, runningVar, y);
        }
        return y;
    }

    @Override
    public Tensor backward(Tensor dy, boolean needInputGradient) {
        if (lastInput == null) {
            throw new IllegalStateException("batch norm backward needs a training-mode forward pass first");
        }
        Tensor dx = inputGrad.rows(dy.rows());
        backend.batchNormBackward(lastInput, dy, gamma, savedMean, savedInvStd, dx, gammaGrad, betaGrad);
        return needInputGradient ? dx : null;
    }

    @Override
    public String describe() {
        return "batchnorm " + size;
    }

    @Override
    public void close() {
        if (savedMean != null) {
            savedMean.close();
            savedInvStd.close();
            output.close();
            inputGrad.close();
        }
    }
}
