package io.jmlp.loss;

import io.jmlp.backend.Backend;
import io.jmlp.backend.Tensor;

/** Binary logistic regression on one output logit: sigmoid and cross-entropy, fused and stable. */
public final class BinaryCrossEntropy implements Loss {

    @Override
    public String name() {
        return "bce";
    }

    @Override
    public Targets targets() {
        return Targets.BINARY;
    }

    @Override
    public void forwardBackward(Backend backend, Tensor output, Tensor targets, Tensor dOutput, Tensor lossSum) {
        backend.sigmoidBinaryCrossEntropy(output, targets, dOutput, lossSum);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof BinaryCrossEntropy;
    }

    @Override
    public int hashCode() {
        return 2;
    }

    @Override
    public String toString() {
        return name();
    }
}
