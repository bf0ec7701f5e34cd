package io.jmlp.loss;

import io.jmlp.backend.Backend;
import io.jmlp.backend.Tensor;

/** Softmax over the output row and cross-entropy against the class label, fused into one op. */
public final class SoftmaxCrossEntropy implements Loss {

    @Override
    public String name() {
        return "softmax-ce";
    }

    @Override
    public Targets targets() {
        return Targets.CLASS_INDICES;
    }

    @Override
    public void forwardBackward(Backend backend, Tensor output, Tensor targets, Tensor dOutput, Tensor lossSum) {
        backend.softmaxCrossEntropy(output, targets, dOutput, lossSum);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SoftmaxCrossEntropy;
    }

    @Override
    public int hashCode() {
        return 1;
    }

    @Override
    public String toString() {
        return name();
    }
}
