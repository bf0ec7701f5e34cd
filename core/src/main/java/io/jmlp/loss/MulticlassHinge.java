package io.jmlp.loss;

import io.jmlp.backend.Backend;
import io.jmlp.backend.Tensor;

/** The multiclass SVM loss {@code Σ_{j≠y} max(0, s_j − s_y + Δ)} of CS231n, with margin Δ. */
public final class MulticlassHinge implements Loss {
    private final float margin;

    public MulticlassHinge(float margin) {
        if (!(margin > 0) || !Float.isFinite(margin)) {
            throw new IllegalArgumentException("hinge margin must be > 0, got " + margin);
        }
        this.margin = margin;
    }

    public float margin() {
        return margin;
    }

    @Override
    public String name() {
        return "hinge:" + margin;
    }

    @Override
    public Targets targets() {
        return Targets.CLASS_INDICES;
    }

    @Override
    public void forwardBackward(Backend backend, Tensor output, Tensor targets, Tensor dOutput, Tensor lossSum) {
        backend.multiclassHinge(output, targets, margin, dOutput, lossSum);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MulticlassHinge h && h.margin == margin;
    }

    @Override
    public int hashCode() {
        return Float.hashCode(margin);
    }

    @Override
    public String toString() {
        return name();
    }
}
