package io.jmlp.cli;

import io.jmlp.select.FixedSettings;
import java.util.List;
import picocli.CommandLine.Mixin;

/**
 * The training flags a search space does not vary — dropout, loss, init, the optimizers' other
 * hyperparameters, L1, warm-up, clipping, max-norm (and early stopping, which a search refuses) —
 * as {@code jmlp search} takes them: the same option definitions {@code jmlp train} has inside
 * {@link TrainingFlags}, so a flag means the same in both. {@link #of} is the one place these flags
 * become {@link FixedSettings}.
 */
final class FixedTrainingOptions {

    @Mixin
    NetworkDetailOptions network = new NetworkDetailOptions();

    @Mixin
    OptimizerHyperparameterOptions optimizer = new OptimizerHyperparameterOptions();

    @Mixin
    WarmupOption warmup = new WarmupOption();

    @Mixin
    RegularizationOptions regularization = new RegularizationOptions();

    /** The settings, checked; the optimizers' hyperparameters against {@code optimizers} (the choices of the search space). */
    FixedSettings settings(List<String> optimizers) {
        optimizer.check(optimizers);
        return of(network, optimizer, warmup, regularization);
    }

    /** The flags of these four groups as settings (every value checked, naming its flag). */
    static FixedSettings of(
            NetworkDetailOptions network,
            OptimizerHyperparameterOptions optimizer,
            WarmupOption warmup,
            RegularizationOptions regularization) {
        return new FixedSettings(
                network.dropoutProbabilities(),
                network.loss,
                network.init,
                optimizer.momentum,
                optimizer.rho,
                optimizer.beta1,
                optimizer.beta2,
                optimizer.epsilon,
                optimizer.weightDecay,
                optimizer.l1,
                warmup.checked(),
                regularization.clipNorm,
                regularization.maxNorm);
    }
}
