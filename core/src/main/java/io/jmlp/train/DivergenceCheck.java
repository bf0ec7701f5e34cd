package io.jmlp.train;

import io.jmlp.backend.Backend;
import io.jmlp.backend.Tensor;
import io.jmlp.nn.LayerSpec;
import io.jmlp.nn.Mlp;
import java.util.ArrayList;
import java.util.List;

/**
 * Stops a run that diverged, once per epoch: when the mean training loss is not finite, or — since
 * batch norm can keep the loss finite while weights are already NaN/Inf — when any parameter or
 * batch-norm statistic is. Two launches and one read an epoch, so no model or checkpoint holding
 * NaN/Inf is ever written by a run that "succeeded".
 */
final class DivergenceCheck implements AutoCloseable {
    private final Mlp model;
    private final Tensor nonFinite;
    private final boolean clipping;

    DivergenceCheck(Mlp model, boolean clipping) {
        this.model = model;
        this.nonFinite = Tensor.zeros(model.backend(), 1, 1);
        this.clipping = clipping;
    }

    /** Throws {@link TrainingDivergedException} when epoch {@code epoch} (1-based) diverged at {@code rate}. */
    void afterEpoch(int epoch, double trainLoss, double rate) {
        Backend backend = model.backend();
        backend.fill(nonFinite, 0f);
        backend.countNonFinite(model.parameters(), nonFinite);
        backend.countNonFinite(model.states(), nonFinite);
        long badValues = (long) nonFinite.scalar();
        if (!Double.isFinite(trainLoss) || badValues > 0) {
            throw new TrainingDivergedException("training diverged in epoch " + epoch + ": "
                    + (badValues > 0
                            ? badValues + " parameters or batch-norm statistics are NaN/Inf (the mean loss reads "
                                    + trainLoss + ")"
                            : "the mean loss is " + trainLoss)
                    + " at learning rate " + rate + "; " + advice());
        }
    }

    /** What to try against divergence, leaving out what the run already does. */
    private String advice() {
        List<String> tries = new ArrayList<>();
        tries.add("lower --lr");
        if (!clipping) {
            tries.add("clip gradients (--clip-norm 1)");
        }
        if (!hasBatchNorm(model)) {
            tries.add("add batch norm (--batch-norm)");
        }
        tries.add("scale the features (--scale standard)");
        return String.join(", or ", tries);
    }

    static boolean hasBatchNorm(Mlp model) {
        return model.spec().layers().stream().anyMatch(l -> l instanceof LayerSpec.BatchNormSpec);
    }

    @Override
    public void close() {
        nonFinite.close();
    }
}
