package io.jmlp.cli;

import io.jmlp.optim.OptimizerSettings;
import io.jmlp.select.FixedSettings;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * The optimizers' own hyperparameters and the L1 penalty: the optimizer flags a search space does
 * not vary, so {@code jmlp search} shares them with {@code jmlp train} ({@link FixedTrainingOptions})
 * while train and the other training commands get them inside {@link OptimizerOptions}. A value left
 * out takes the optimizer's default (PyTorch's, {@link OptimizerSettings}); one that no chosen
 * optimizer uses is an error rather than silently ignored.
 */
final class OptimizerHyperparameterOptions {

    @Option(
            names = "--momentum",
            paramLabel = "MU",
            description = "μ of momentum and nesterov. Default: 0.9 (0: plain SGD).")
    Float momentum;

    @Option(
            names = "--rho",
            paramLabel = "RHO",
            description = "RMSProp's decay of the mean squared gradient (PyTorch's alpha). Default: 0.99.")
    Float rho;

    @Option(names = "--beta1", paramLabel = "B1", description = "Adam/AdamW first-moment decay. Default: 0.9.")
    Float beta1;

    @Option(names = "--beta2", paramLabel = "B2", description = "Adam/AdamW second-moment decay. Default: 0.999.")
    Float beta2;

    @Option(
            names = "--eps",
            paramLabel = "EPS",
            description =
                    "Denominator ε of adagrad, rmsprop, adam, adamw. Default: 1e-10 for adagrad, 1e-8 for the others.")
    Float epsilon;

    @Option(
            names = "--weight-decay",
            paramLabel = "WD",
            description =
                    "AdamW's decoupled weight decay (w ← w − lr·wd·w on the weights). Default: 0.01. Other optimizers: use --l2.")
    Float weightDecay;

    @Option(
            names = "--l1",
            defaultValue = "0",
            paramLabel = "LAMBDA",
            description = "L1 penalty λ·‖W‖₁ on the weights: adds λ·sign(w).")
    float l1;

    /**
     * Fails naming the flag for a hyperparameter none of {@code optimizers} uses (a search may mix
     * optimizers: each trial takes the values its optimizer uses), or for a value out of range.
     */
    void check(List<String> optimizers) {
        String chosen = String.join(",", optimizers);
        if (momentum != null) {
            requireUse(optimizers, "momentum", "--momentum", List.of("momentum", "nesterov"));
        }
        if (rho != null) {
            requireUse(optimizers, "rho", "--rho", List.of("rmsprop"));
        }
        if (beta1 != null || beta2 != null) {
            requireUse(optimizers, "beta1", beta1 != null ? "--beta1" : "--beta2", List.of("adam", "adamw"));
        }
        if (epsilon != null) {
            requireUse(optimizers, "epsilon", "--eps", List.of("adagrad", "rmsprop", "adam", "adamw"));
        }
        if (weightDecay != null
                && optimizers.stream()
                        .noneMatch(o -> OptimizerSettings.defaults(o).uses("weight-decay"))) {
            throw new IllegalArgumentException("--weight-decay is AdamW's decoupled decay; with --optimizer " + chosen
                    + " use --l2 (the same as PyTorch's weight_decay there)");
        }
        FixedSettings values = new FixedSettings(
                List.of(), "auto", "auto", momentum, rho, beta1, beta2, epsilon, weightDecay, l1, "0", 0, 0);
        for (String optimizer : optimizers) {
            try {
                values.optimizerSettings(optimizer, 0);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--optimizer " + optimizer + ": " + e.getMessage());
            }
        }
    }

    private static void requireUse(List<String> optimizers, String hyperparameter, String flag, List<String> users) {
        if (optimizers.stream().noneMatch(o -> OptimizerSettings.defaults(o).uses(hyperparameter))) {
            throw new IllegalArgumentException(flag + " does not apply to --optimizer " + String.join(",", optimizers)
                    + "; it is used by " + String.join(", ", users));
        }
    }
}
