package io.jmlp.loss;

import io.jmlp.backend.Backend;
import io.jmlp.backend.Tensor;

/**
 * Squared error {@code ½·‖y − t‖²} per sample: regression against values, or classification
 * against one-hot rows (the course reports compare it with cross-entropy).
 */
public final class MeanSquaredError implements Loss {
    private final boolean classification;

    /** For classification (one-hot targets from labels) or regression (value targets). */
    public MeanSquaredError(boolean classification) {
        this.classification = classification;
    }

    /** Classification against one-hot rows. */
    public MeanSquaredError() {
        this(true);
    }

    @Override
    public String name() {
        return "mse";
    }

    @Override
    public Targets targets() {
        return classification ? Targets.ONE_HOT : Targets.VALUES;
    }

    @Override
    public void forwardBackward(Backend backend, Tensor output, Tensor targets, Tensor dOutput, Tensor lossSum) {
        backend.meanSquaredError(output, targets, dOutput, lossSum);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MeanSquaredError m && m.classification == classification;
    }

    @Override
    public int hashCode() {
        return classification ? 3 : 4;
    }

    @Override
    public String toString() {
        return name();
    }
}
