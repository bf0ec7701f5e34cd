package io.jmlp.optim;

import io.jmlp.backend.Backend;
import io.jmlp.backend.DType;
import io.jmlp.backend.Tensor;
import io.jmlp.backend.UpdateRule;
import io.jmlp.nn.Mlp;
import java.util.ArrayList;
import java.util.List;

/**
 * Gradient-descent optimizers over a model's flat parameter buffer: one backend op per step,
 * whatever the model's size. The formulas and hyperparameters are the {@link UpdateRule} this
 * optimizer wraps; this class adds what a run accumulates: the state buffers (allocated on the
 * first step) and the step count.
 */
public final class Optimizer implements AutoCloseable {
    private final UpdateRule rule;
    private final List<Tensor> state = new ArrayList<>();
    private long steps;
    /** {@link #rule} with the clip norm of the last {@link #step(Mlp, Tensor, Tensor, float, Tensor)}, kept so a step allocates nothing. */
    private UpdateRule clippingRule;
    /** For {@link #step(Mlp, float)}: a one-row rate table, a clock pointing at it, and their host copies. */
    private Tensor singleRate;

    private Tensor singleClock;
    private final float[] singleRateRow = new float[UpdateRule.RATE_COLUMNS];
    private final int[] singleClockValues = new int[2];

    private Optimizer(UpdateRule rule) {
        this.rule = rule;
        this.clippingRule = rule;
    }

    /** Plain SGD ({@code momentum == 0}) or SGD with (heavy-ball) momentum. */
    public static Optimizer sgd(float momentum) {
        return new Optimizer(UpdateRule.sgd(momentum, 0f));
    }

    public static Optimizer nesterov(float momentum) {
        return new Optimizer(new UpdateRule(UpdateRule.Kind.NESTEROV, momentum, 0, 0, 0, 0, 0, 0, 0, 0));
    }

    public static Optimizer adagrad(float epsilon) {
        return new Optimizer(new UpdateRule(UpdateRule.Kind.ADAGRAD, 0, 0, 0, 0, epsilon, 0, 0, 0, 0));
    }

    public static Optimizer rmsprop(float rho, float epsilon) {
        return new Optimizer(new UpdateRule(UpdateRule.Kind.RMSPROP, 0, rho, 0, 0, epsilon, 0, 0, 0, 0));
    }

    public static Optimizer adam(float beta1, float beta2, float epsilon) {
        return new Optimizer(new UpdateRule(UpdateRule.Kind.ADAM, 0, 0, beta1, beta2, epsilon, 0, 0, 0, 0));
    }

    public static Optimizer adamW(float beta1, float beta2, float epsilon, float weightDecay) {
        return new Optimizer(new UpdateRule(UpdateRule.Kind.ADAMW, 0, 0, beta1, beta2, epsilon, 0, 0, weightDecay, 0));
    }

    /** The same optimizer with L2 penalty {@code λ/2·‖W‖²} and L1 penalty {@code λ·‖W‖₁} on the weights. */
    public Optimizer withPenalties(float l2, float l1) {
        if (l2 < 0 || l1 < 0) {
            throw new IllegalArgumentException("penalties must be >= 0, got l2=" + l2 + ", l1=" + l1);
        }
        return new Optimizer(rule.withPenalties(l2, l1));
    }

    /** The rule every step applies (without clipping, which the trainer adds per run). */
    public UpdateRule rule() {
        return rule;
    }

    public UpdateRule.Kind kind() {
        return rule.kind();
    }

    /** Optimizer steps taken so far. */
    public long steps() {
        return steps;
    }

    /**
     * Applies one update to {@code model}'s parameters from its gradients, at the learning rate and
     * bias corrections of row {@code clock[0]} of {@code rates} (see {@link UpdateRule#writeRates}),
     * read on the device. {@code clipNorm > 0} clips the gradients to that global norm, given their
     * sum of squares in {@code gradSquares}; 0: no clipping, and {@code gradSquares} is null.
     */
    public void step(Mlp model, Tensor rates, Tensor clock, float clipNorm, Tensor gradSquares) {
        Tensor params = model.parameters();
        while (state.size() < rule.kind().stateBuffers()) {
            state.add(Tensor.zeros(model.backend(), 1, Math.toIntExact(params.size())));
        }
        if (clippingRule.clipNorm() != clipNorm) {
            clippingRule = rule.withClipNorm(clipNorm);
        }
        model.backend()
                .optimizerUpdate(
                        clippingRule,
                        rates,
                        clock,
                        gradSquares,
                        params,
                        model.gradients(),
                        state.size() > 0 ? state.get(0) : null,
                        state.size() > 1 ? state.get(1) : null,
                        model.decayedCount());
        steps++;
    }

    /**
     * Applies one update at a learning rate known on the host. This writes a one-row rate table and a
     * clock to the device each step (an upload, which a GPU serves in order but the host waits for);
     * {@link io.jmlp.train.Trainer} writes a table per epoch instead and never waits within one.
     */
    public void step(Mlp model, float learningRate) {
        Backend backend = model.backend();
        if (singleRate == null || singleRate.backend() != backend) {
            closeSingleStepTensors();
            singleRate = Tensor.zeros(backend, 1, UpdateRule.RATE_COLUMNS);
            singleClock = Tensor.allocate(backend, DType.INT32, 1, 2);
        }
        rule.writeRates(singleRateRow, 0, learningRate, steps + 1);
        backend.write(singleRate, singleRateRow, 0);
        singleClockValues[1] = (int) Math.min(steps, Integer.MAX_VALUE);
        backend.write(singleClock, singleClockValues, 0);
        step(model, singleRate, singleClock, 0f, null);
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
        if (stateBuffers.size() != rule.kind().stateBuffers()) {
            throw new IllegalArgumentException(
                    rule.kind() + " keeps " + rule.kind().stateBuffers() + " state buffers, the checkpoint has "
                            + stateBuffers.size() + "; resume with the optimizer the checkpoint was written with");
        }
        if (steps < 0) {
            throw new IllegalArgumentException("step count must be >= 0, got " + steps);
        }
        state.forEach(Tensor::close);
        state.clear();
        for (float[] values : stateBuffers) {
            state.add(Tensor.of(backend, 1, values.length, values));
        }
        this.steps = steps;
    }

    @Override
    public void close() {
        state.forEach(Tensor::close);
        state.clear();
        closeSingleStepTensors();
    }

    private void closeSingleStepTensors() {
        if (singleRate != null) {
            singleRate.close();
            singleClock.close();
            singleRate = null;
            singleClock = null;
        }
    }

    @Override
    public String toString() {
        return switch (rule.kind()) {
                    case SGD -> "sgd";
                    case MOMENTUM -> "sgd, momentum " + rule.momentum();
                    case NESTEROV -> "nesterov, momentum " + rule.momentum();
                    case ADAGRAD -> "adagrad";
                    case RMSPROP -> "rmsprop, rho " + rule.rho();
                    case ADAM -> "adam";
                    case ADAMW -> "adamw, weight decay " + rule.weightDecay();
                }
                + (rule.l2() > 0 ? ", l2 " + rule.l2() : "")
                + (rule.l1() > 0 ? ", l1 " + rule.l1() : "");
    }
}
