package io.jmlp.cli;

import io.jmlp.optim.OptimizerSettings;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code --optimizer}, {@code --lr} and {@code --l2} (the optimizer flags a search space varies),
 * with the optimizer's other hyperparameters and L1 ({@link OptimizerHyperparameterOptions}). Part of
 * {@link TrainingFlags}; the settings themselves are built in one place, {@link io.jmlp.select.TrialConfig}.
 */
final class OptimizerOptions {

    /** No annotated default: a command may start from another ({@link TrainingFlags}); help shows this value. */
    @Option(
            names = "--optimizer",
            paramLabel = "NAME",
            description = "sgd (plain), momentum (heavy ball), nesterov, adagrad, rmsprop, adam or adamw.")
    String optimizer = "momentum";

    @Option(
            names = "--lr",
            paramLabel = "RATE",
            description =
                    "Initial learning rate. Default: 0.001 for adam and adamw, 0.01 for the others; on small data "
                            + "(< 5,000 training rows) sgd 0.2, momentum/nesterov/adagrad 0.05, rmsprop 0.003, adam/adamw 0.01.")
    Double learningRate;

    @Option(
            names = "--l2",
            defaultValue = "0",
            paramLabel = "LAMBDA",
            description =
                    "L2 penalty λ/2·‖W‖² on the weights (biases, batch norm and PReLU excluded): adds λ·w to their gradients.")
    double l2;

    @Mixin
    OptimizerHyperparameterOptions hyperparameters = new OptimizerHyperparameterOptions();

    /** Fails naming the flag for a value out of range or a hyperparameter the optimizer does not use. */
    void check() {
        if (!(l2 >= 0) || !Double.isFinite(l2) || !(hyperparameters.l1 >= 0) || !Float.isFinite(hyperparameters.l1)) {
            throw new IllegalArgumentException(
                    "--l2 and --l1 must be >= 0 (0: no penalty), got --l2 " + l2 + " --l1 " + hyperparameters.l1);
        }
        hyperparameters.check(List.of(optimizerName()));
        if (learningRate != null) {
            learningRate(learningRate);
        }
    }

    String optimizerName() {
        String name = optimizer.trim().toLowerCase(Locale.ROOT);
        if (!OptimizerSettings.NAMES.contains(name)) {
            throw new IllegalArgumentException("--optimizer: unknown optimizer '" + optimizer + "'; choose one of "
                    + String.join(", ", OptimizerSettings.NAMES));
        }
        return name;
    }

    /** {@code rate} if it is a valid {@code --lr}. */
    static double learningRate(double rate) {
        if (!(rate > 0) || !Double.isFinite(rate)) {
            throw new IllegalArgumentException("--lr must be > 0, got " + rate);
        }
        return rate;
    }
}
