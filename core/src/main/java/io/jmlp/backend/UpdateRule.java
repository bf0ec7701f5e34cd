package io.jmlp.backend;

/**
 * One optimizer step over the flat parameter buffer, as {@link Backend#optimizerUpdate} applies
 * it. For every element {@code i}, with {@code w = params[i]}, {@code g = grads[i]}, state
 * {@code s1 = state1[i]}, {@code s2 = state2[i]}, and "decayed" meaning {@code i < decayedCount}
 * (weights; biases and batch-norm parameters come after them and are never regularised):
 *
 * <pre>
 * clipping:    g *= {@link #clipScale clipScale(clipNorm, Σ grads²)}   (when clipNorm > 0)
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
 * <p>The rule holds only what stays the same from step to step. What changes — the learning rate
 * {@code lr} and Adam's bias corrections {@code c1, c2} of step {@code t} — is one row of a
 * <em>rate table</em> on the device ({@link #RATE_COLUMNS} floats a row, written by
 * {@link #writeRates}), and the kernel reads the row the step clock points at. So the launch is the
 * same every step, and the host never has to wait or upload between steps. The corrections are
 * computed here, on the host in {@code double}, so every backend uses the very same floats.
 *
 * @param clipNorm gradient-norm clipping (PyTorch's {@code clip_grad_norm_}): the gradients are
 *                 scaled by {@link #clipScale} before anything else; 0: off
 */
public record UpdateRule(
        Kind kind,
        float momentum,
        float rho,
        float beta1,
        float beta2,
        float epsilon,
        float l2,
        float l1,
        float weightDecay,
        float clipNorm) {

    /** Floats per row of a rate table: learning rate, Adam's c1, Adam's c2. */
    public static final int RATE_COLUMNS = 3;

    public enum Kind {
        SGD,
        MOMENTUM,
        NESTEROV,
        ADAGRAD,
        RMSPROP,
        ADAM,
        ADAMW;

        /** How many state buffers (each the size of the parameters) this rule needs. */
        public int stateBuffers() {
            return switch (this) {
                case SGD -> 0;
                case MOMENTUM, NESTEROV, ADAGRAD, RMSPROP -> 1;
                case ADAM, ADAMW -> 2;
            };
        }

        boolean adam() {
            return this == ADAM || this == ADAMW;
        }
    }

    public UpdateRule {
        if (kind == null) {
            throw new IllegalArgumentException("update rule kind must not be null");
        }
        if (!(clipNorm >= 0) || !Float.isFinite(clipNorm)) {
            throw new IllegalArgumentException(
                    "gradient clipping norm must be finite and >= 0 (0: off), got " + clipNorm);
        }
    }

    /** A plain SGD rule with momentum μ (μ = 0: no momentum) and L2 penalty. */
    public static UpdateRule sgd(float momentum, float l2) {
        Kind kind = momentum == 0f ? Kind.SGD : Kind.MOMENTUM;
        return new UpdateRule(kind, momentum, 0f, 0f, 0f, 0f, l2, 0f, 0f, 0f);
    }

    /** The same rule with L2 penalty {@code λ/2·‖W‖²} and L1 penalty {@code λ·‖W‖₁} on the weights. */
    public UpdateRule withPenalties(float l2, float l1) {
        return new UpdateRule(kind, momentum, rho, beta1, beta2, epsilon, l2, l1, weightDecay, clipNorm);
    }

    /** The same rule with gradient clipping to global norm {@code clipNorm} (0: off). */
    public UpdateRule withClipNorm(float clipNorm) {
        return new UpdateRule(kind, momentum, rho, beta1, beta2, epsilon, l2, l1, weightDecay, clipNorm);
    }

    public boolean clips() {
        return clipNorm > 0;
    }

    /**
     * Writes row {@code row} of a rate table: the learning rate of the update numbered
     * {@code step} (1-based: Adam's t) and its bias corrections (1 for the rules without them).
     */
    public void writeRates(float[] table, int row, double learningRate, long step) {
        if (!(learningRate >= 0) || !Double.isFinite(learningRate)) {
            throw new IllegalArgumentException("learning rate must be finite and >= 0, got " + learningRate);
        }
        if (step < 1) {
            throw new IllegalArgumentException("step counts from 1, got " + step);
        }
        int at = row * RATE_COLUMNS;
        table[at] = (float) learningRate;
        table[at + 1] = kind.adam() ? (float) (1.0 / (1.0 - Math.pow(beta1, step))) : 1f;
        table[at + 2] = kind.adam() ? (float) (1.0 / (1.0 - Math.pow(beta2, step))) : 1f;
    }

    /**
     * The factor gradient clipping multiplies every gradient by, given their sum of squares:
     * {@code min(1, clipNorm / (√squares + 1e-6))}, as PyTorch's {@code clip_grad_norm_}, in
     * {@code float} (every backend computes it on its device, the same way). 1 when clipping is off.
     */
    public static float clipScale(float clipNorm, float squares) {
        if (clipNorm == 0f) {
            return 1f;
        }
        float scale = clipNorm / ((float) Math.sqrt(squares) + 1e-6f);
        return scale < 1f ? scale : 1f;
    }
}
