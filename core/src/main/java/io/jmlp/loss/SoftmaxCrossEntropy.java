package io.jmlp.loss;

import io.jmlp.backend.Backend;
import io.jmlp.backend.Tensor;

/** Softmax over the output row and cross-entropy against the class label, fused into one op (with the accuracy count, when asked). */
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
        backend.softmaxCrossEntropy(output, targets, dOutput, lossSum, null);
    }

    /**
     * One op for loss, gradient and the count of rows right, where {@link Backend#countCorrect} would be a
     * second launch. The count is the same for two or more classes; with a single output column softmax's
     * argmax is always class 0, which {@code countCorrect}'s logit rule (for a sigmoid output) does not
     * say, so that degenerate case keeps the separate op and counts as before.
     */
    @Override
    public void forwardBackward(
            Backend backend, Tensor output, Tensor targets, Tensor dOutput, Tensor lossSum, Tensor correctSum) {
        if (correctSum != null && output.cols() == 1) {
            backend.softmaxCrossEntropy(output, targets, dOutput, lossSum, null);
            backend.countCorrect(output, targets, correctSum);
        } else {
            backend.softmaxCrossEntropy(output, targets, dOutput, lossSum, correctSum);
        }
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
