package io.jmlp.train;

import io.jmlp.backend.Tensor;
import io.jmlp.nn.Mlp;
import java.util.List;

/**
 * The max-norm constraint (Srivastava et al. 2014) as a step hook: after each update, every dense
 * layer's incoming-weight vector of each neuron (a column of {@code W}) longer than {@code maxNorm}
 * is scaled back to that length; biases are not constrained. One launch per dense layer.
 */
final class MaxNormConstraint implements StepHook {
    private final float maxNorm;
    private List<Tensor> weights;
    private Mlp weightsOf;

    MaxNormConstraint(double maxNorm) {
        this.maxNorm = (float) maxNorm;
    }

    @Override
    public void afterUpdate(Mlp model) {
        if (weightsOf != model) { // the views are made once per model, not once per step
            weights = model.weightMatrices();
            weightsOf = model;
        }
        for (Tensor w : weights) {
            model.backend().clampColumnNorms(w, maxNorm);
        }
    }
}
