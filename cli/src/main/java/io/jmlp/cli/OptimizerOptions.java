package io.jmlp.cli;

import io.jmlp.optim.OptimizerSettings;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * {@code --optimizer} and its hyperparameters, with L1/L2 penalties. A hyperparameter left out takes
 * the optimizer's default (PyTorch's, {@link OptimizerSettings}); one the chosen optimizer does not
 * use is an error rather than silently ignored.
 */
final class OptimizerOptions {

    @Option(names = "--optimizer", defaultValue = "momentum", paramLabel = "NAME",
            description = "sgd (plain), momentum (heavy ball), nesterov, adagrad, rmsprop, adam or adamw.")
    String optimizer;

    @Option(names = "--lr", paramLabel = "RATE",
            description = "Initial learning rate. Default: 0.001 for adam and adamw, 0.01 for the others; on small data "
                    + "(< 5,000 training rows) sgd 0.2, momentum/nesterov/adagrad 0.05, rmsprop 0.003, adam/adamw 0.01.")
    Double learningRate;

    @Option(names = "--momentum", paramLabel = "MU", description = "μ of momentum and nesterov. Default: 0.9 (0: plain SGD).")
    Float momentum;

    @Option(names = "--rho", paramLabel = "RHO", description = "RMSProp's decay of the mean squared gradient (PyTorch's alpha). Default: 0.99.")
    Float rho;

    @Option(names = "--beta1", paramLabel = "B1", description = "Adam/AdamW first-moment decay. Default: 0.9.")
    Float beta1;

    @Option(names = "--beta2", paramLabel = "B2", description = "Adam/AdamW second-moment decay. Default: 0.999.")
    Float beta2;

    @Option(names = "--eps", paramLabel = "EPS", description = "Denominator ε of adagrad, rmsprop, adam, adamw. Default: 1e-10 for adagrad, 1e-8 for the others.")
    Float epsilon;

    @Option(names = "--weight-decay", paramLabel = "WD",
            description = "AdamW's decoupled weight decay (w ← w − lr·wd·w on the weights). Default: 0.01. Other optimizers: use --l2.")
    Float weightDecay;

    @Option(names = "--l2", defaultValue = "0", paramLabel = "LAMBDA",
            description = "L2 penalty λ/2·‖W‖² on the weights (biases, batch norm and PReLU excluded): adds λ·w to their gradients.")
    float l2;

    @Option(names = "--l1", defaultValue = "0", paramLabel = "LAMBDA", description = "L1 penalty λ·‖W‖₁ on the weights: adds λ·sign(w).")
    float l1;

    /** The optimizer the flags describe; fails naming the flag for a value out of range or a flag the optimizer ignores. */
    OptimizerSettings settings() {
        OptimizerSettings settings = OptimizerSettings.defaults(optimizerName());
        if (!(l2 >= 0) || !Float.isFinite(l2) || !(l1 >= 0) || !Float.isFinite(l1)) {
            throw new IllegalArgumentException("--l2 and --l1 must be >= 0 (0: no penalty), got --l2 " + l2 + " --l1 " + l1);
        }
        try {
            if (momentum != null) {
                requireUse(settings, "momentum", "--momentum", List.of("momentum", "nesterov"));
                settings = settings.withMomentum(momentum);
            }
            if (rho != null) {
                requireUse(settings, "rho", "--rho", List.of("rmsprop"));
                settings = settings.withRho(rho);
            }
            if (beta1 != null || beta2 != null) {
                requireUse(settings, "beta1", beta1 != null ? "--beta1" : "--beta2", List.of("adam", "adamw"));
                settings = settings.withBetas(beta1 != null ? beta1 : settings.beta1(), beta2 != null ? beta2 : settings.beta2());
            }
            if (epsilon != null) {
                requireUse(settings, "epsilon", "--eps", List.of("adagrad", "rmsprop", "adam", "adamw"));
                settings = settings.withEpsilon(epsilon);
            }
            if (weightDecay != null) {
                if (!settings.uses("weight-decay")) {
                    throw new IllegalArgumentException("--weight-decay is AdamW's decoupled decay; with --optimizer " + settings.name()
                            + " use --l2 (the same as PyTorch's weight_decay there)");
                }
                settings = settings.withWeightDecay(weightDecay);
            }
            return settings.withPenalties(l2, l1);
        } catch (IllegalArgumentException e) {
            if (e.getMessage().startsWith("--")) {
                throw e;
            }
            throw new IllegalArgumentException("--optimizer " + settings.name() + ": " + e.getMessage());
        }
    }

    String optimizerName() {
        String name = optimizer.trim().toLowerCase(java.util.Locale.ROOT);
        if (!OptimizerSettings.NAMES.contains(name)) {
            throw new IllegalArgumentException("--optimizer: unknown optimizer '" + optimizer + "'; choose one of "
                    + String.join(", ", OptimizerSettings.NAMES));
        }
        return name;
    }

    private static void requireUse(OptimizerSettings settings, String hyperparameter, String flag, List<String> users) {
        if (!settings.uses(hyperparameter)) {
            throw new IllegalArgumentException(flag + " does not apply to --optimizer " + settings.name() + "; it is used by "
                    + String.join(", ", users));
        }
    }

    /** {@code --lr}, or the optimizer's default. */
    double learningRate(OptimizerSettings settings) {
        double lr = learningRate != null ? learningRate : settings.defaultLearningRate();
        if (!(lr > 0) || !Double.isFinite(lr)) {
            throw new IllegalArgumentException("--lr must be > 0, got " + lr);
        }
        return lr;
    }
}
