package io.jmlp.backend;

/**
 * One optimizer step over the flat parameter buffer, as {@link Backend#optimizerUpdate} applies
 * it. For every element {@code i}, with {@code w = params[i]}, {@code g = grads[i]}, state
 * {@code s1 = state1[i]}, {@code s2 = state2[i]}, and "decayed" meaning {@code i < decayedCount}
 * (weights; biases and batch-norm parameters come after them and are never regularised):
 *
 * <pre>
 * if decayed:  g += l2·w + l1·sign(w)
 * SGD:         w -= lr·g
 * MOMENTUM:    s1 = μ·s1 + g;                 w -= lr·s1               (PyTorch's form)
 * NESTEROV:    s1 = μ·s1 + g;                 w -= lr·(g + μ·s1)       (PyTorch's form)
 * ADAGRAD:     s1 += g²;                      w -= lr·g / (√s1 + ε)
 * RMSPROP:     s1 = ρ·s1 + (1−ρ)·g²;          w -= lr·g / (√s1 + ε)
 * ADAM:        s1 = β1·s1 + (1−β1)·g;  s2 = β2·s2 + (1−β2)·g²
 *              w -= lr·(s1·c1) / (√(s2·c2) + ε),  c1 = 1/(1−β1ᵗ), c2 = 1/(1−β2ᵗ)
 * ADAMW:       if decayed: w *= (1 − lr·weightDecay);  then as ADAM
 * </pre>
 *
 * The bias corrections {@code c1, c2} are computed here, on the host in {@code double}, and passed
 * to kernels as floats so every backend uses the very same values.
 *
 * @param step the 1-based number of this update (Adam's t)
 */
public record UpdateRule(Kind kind, float learningRate, float momentum, float rho, float beta1, float beta2,
                         float epsilon, float l2, float l1, float weightDecay, long step) {

    public enum Kind {
        SGD, MOMENTUM, NESTEROV, ADAGRAD, RMSPROP, ADAM, ADAMW;

        /** How many state buffers (each the size of the parameters) this rule needs. */
        public int stateBuffers() {
            return switch (this) {
                case SGD -> 0;
                case MOMENTUM, NESTEROV, ADAGRAD, RMSPROP -> 1;
                case ADAM, ADAMW -> 2;
            };
        }
    }

    public UpdateRule {
        if (kind == null) {
            throw new IllegalArgumentException("update rule kind must not be null");
        }
        if (!(learningRate >= 0) || !Float.isFinite(learningRate)) {
            throw new IllegalArgumentException("learning rate must be finite and >= 0, got " + learningRate);
        }
        if (step < 1) {
            throw new IllegalArgumentException("step counts from 1, got " + step);
        }
    }

    /** A plain SGD step with momentum μ (μ = 0: no momentum) and L2 penalty. */
    public static UpdateRule sgd(float learningRate, float momentum, float l2, long step) {
        Kind kind = momentum == 0f ? Kind.SGD : Kind.MOMENTUM;
        return new UpdateRule(kind, learningRate, momentum, 0f, 0f, 0f, 0f, l2, 0f, 0f, step);
    }

    /** The same rule at another learning rate and step. */
    public UpdateRule at(float learningRate, long step) {
        return new UpdateRule(kind, learningRate, momentum, rho, beta1, beta2, epsilon, l2, l1, weightDecay, step);
    }

    /** Adam's first-moment bias correction 1/(1−β1ᵗ), rounded to float once. */
    public float biasCorrection1() {
        return (float) (1.0 / (1.0 - Math.pow(beta1, step)));
    }

    /** Adam's second-moment bias correction 1/(1−β2ᵗ), rounded to float once. */
    public float biasCorrection2() {
        return (float) (1.0 / (1.0 - Math.pow(beta2, step)));
    }
}
