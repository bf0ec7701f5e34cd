package io.jmlp.optim;

import io.jmlp.backend.Backend;
import io.jmlp.backend.Tensor;
import io.jmlp.backend.UpdateRule;
import io.jmlp.nn.Mlp;
import java.util.ArrayList;
import java.util.List;

/**
 * Gradient-descent optimizers over a model's flat parameter buffer: one backend op per step,
 * whatever the model's size. The rule's formulas are in {@link UpdateRule}; this class holds the
 * hyperparameters, the state buffers (allocated on the first step) and the step count.
 */
public final class Optimizer implements AutoCloseable {
    private final UpdateRule.Kind kind;
    private final float momentum;
    private final float rho;
    private final float beta1;
    private final float beta2;
    private final float epsilon;
    private final float l2;
    private final float l1;
    private final float weightDecay;
    private final List<Tensor> state = new ArrayList<>();
    private long steps;

    private Optimizer(UpdateRule.Kind kind, float momentum, float rho, float beta1, float beta2, float epsilon,
                      float l2, float l1, float weightDecay) {
        this.kind = kind;
        this.momentum = momentum;
        this.rho = rho;
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.epsilon = epsilon;
        this.l2 = l2;
        this.l1 = l1;
        this.weightDecay = weightDecay;
    }

    /** Plain SGD ({@code momentum == 0}) or SGD with (heavy-ball) momentum. */
    public static Optimizer sgd(float momentum) {
        return new Optimizer(momentum == 0f ? UpdateRule.Kind.SGD : UpdateRule.Kind.MOMENTUM, momentum, 0, 0, 0, 0, 0, 0, 0);
    }

    public static Optimizer nesterov(float momentum) {
        return new Optimizer(UpdateRule.Kind.NESTEROV, momentum, 0, 0, 0, 0, 0, 0, 0);
    }

    public static Optimizer adagrad(float epsilon) {
        return new Optimizer(UpdateRule.Kind.ADAGRAD, 0, 0, 0, 0, epsilon, 0, 0, 0);
    }

    public static Optimizer rmsprop(float rho, float epsilon) {
        return new Optimizer(UpdateRule.Kind.RMSPROP, 0, rho, 0, 0, epsilon, 0, 0, 0);
    }

    public static Optimizer adam(float beta1, float beta2, float epsilon) {
        return new Optimizer(UpdateRule.Kind.ADAM, 0, 0, beta1, beta2, epsilon, 0, 0, 0);
    }

    public static Optimizer adamW(float beta1, float beta2, float epsilon, float weightDecay) {
        return new Optimizer(UpdateRule.Kind.ADAMW, 0, 0, beta1, beta2, epsilon, 0, 0, weightDecay);
    }

    /** The same optimizer with L2 penalty {@code λ/2·‖W‖²} and L1 penalty {@code λ·‖W‖₁} on the weights. */
    public Optimizer withPenalties(float l2, float l1) {
        if (l2 < 0 || l1 < 0) {
            throw new IllegalArgumentException("penalties must be >= 0, got l2=" + l2 + ", l1=" + l1);
        }
        return new Optimizer(kind, momentum, rho, beta1, beta2, epsilon, l2, l1, weightDecay);
    }

    public UpdateRule.Kind kind() {
        return kind;
    }

    /** Optimizer steps taken so far. */
    public long steps() {
        return steps;
    }

    /** The rule the next step will apply at {@code learningRate}. */
    public UpdateRule nextRule(float learningRate) {
        return new UpdateRule(kind, learningRate, momentum, rho, beta1, beta2, epsilon, l2, l1, weightDecay, steps + 1);
    }

    /** Applies one update to {@code model}'s parameters from its gradients. */
    public void step(Mlp model, float learningRate) {
        Tensor params = model.parameters();
        while (state.size() < kind.stateBuffers()) {
            state.add(Tensor.zeros(model.backend(), 1, Math.toIntExact(params.size())));
        }
        UpdateRule rule = nextRule(learningRate);
        model.backend().optimizerUpdate(rule, params, model.gradients(),
                state.size() > 0 ? state.get(0) : null, state.size() > 1 ? state.get(1) : null, model.decayedCount());
        steps++;
    }

    /** The state buffers (velocity, moments), for checkpoints. */
    public List<Tensor> state() {
        return List.copyOf(state);
    }

    /**
     * Puts the optimizer back where a checkpoint left it: {@code steps} taken (Adam's bias
     * correction reads it) and the state buffers' contents, uploaded to {@code backend}.
     */
    public void restore(Backend backend, long steps, List<float[]> stateBuffers) {
        if (stateBuffers.size() != kind.stateBuffers()) {
            throw new IllegalArgumentException(kind + " keeps " + kind.stateBuffers() + " state buffers, the checkpoint has "
                    + stateBuffers.size() + "; resume with the optimizer the checkpoint was written with");
        }
        if (steps < 0) {
            throw new IllegalArgumentException("step count must be >= 0, got " + steps);
        }
        close();
        for (float[] values : stateBuffers) {
            state.add(Tensor.of(backend, 1, values.length, values));
        }
        this.steps = steps;
    }

    @Override
    public void close() {
        state.forEach(Tensor::close);
        state.clear();
    }

    @Override
    public String toString() {
        return switch (kind) {
            case SGD -> "sgd";
            case MOMENTUM -> "sgd, momentum " + momentum;
            case NESTEROV -> "nesterov, momentum " + momentum;
            case ADAGRAD -> "adagrad";
            case RMSPROP -> "rmsprop, rho " + rho;
            case ADAM -> "adam";
            case ADAMW -> "adamw, weight decay " + weightDecay;
        } + (l2 > 0 ? ", l2 " + l2 : "") + (l1 > 0 ? ", l1 " + l1 : "");
    }
}
