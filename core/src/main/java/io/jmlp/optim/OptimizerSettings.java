package io.jmlp.optim;

import java.util.List;
import java.util.Locale;

/**
 * An optimizer chosen by name with its hyperparameters, defaulting to PyTorch's. One place for
 * the names and defaults that {@code jmlp train}, {@code jmlp lr-find}, cross-validation and search
 * share. {@link #create()} makes a fresh {@link Optimizer} (optimizers hold per-run state).
 *
 * <table>
 * <caption>Names and defaults</caption>
 * <tr><th>name</th><th>default lr</th><th>other defaults (PyTorch's)</th></tr>
 * <tr><td>sgd</td><td>0.01</td><td>plain gradient descent</td></tr>
 * <tr><td>momentum</td><td>0.01</td><td>μ = 0.9 (heavy ball, PyTorch's form)</td></tr>
 * <tr><td>nesterov</td><td>0.01</td><td>μ = 0.9</td></tr>
 * <tr><td>adagrad</td><td>0.01</td><td>ε = 1e-10</td></tr>
 * <tr><td>rmsprop</td><td>0.01</td><td>ρ = 0.99 (PyTorch's alpha), ε = 1e-8</td></tr>
 * <tr><td>adam</td><td>0.001</td><td>β1 = 0.9, β2 = 0.999, ε = 1e-8</td></tr>
 * <tr><td>adamw</td><td>0.001</td><td>as adam, decoupled weight decay 0.01</td></tr>
 * </table>
 *
 * @param name        one of {@link #NAMES}
 * @param momentum    μ of momentum and nesterov
 * @param rho         RMSProp's decay of the squared-gradient average
 * @param weightDecay AdamW's decoupled decay (other optimizers use {@code l2}, added to the gradient)
 * @param l2          L2 penalty λ: adds λ·w to the weights' gradients, the gradient of λ/2·‖W‖² (biases excluded)
 * @param l1          L1 penalty λ: adds λ·sign(w), the gradient of λ·‖W‖₁
 */
public record OptimizerSettings(
        String name,
        float momentum,
        float rho,
        float beta1,
        float beta2,
        float epsilon,
        float weightDecay,
        float l2,
        float l1)
        implements java.io.Serializable {

    public static final List<String> NAMES =
            List.of("sgd", "momentum", "nesterov", "adagrad", "rmsprop", "adam", "adamw");

    public OptimizerSettings {
        name = name.trim().toLowerCase(Locale.ROOT);
        if (!NAMES.contains(name)) {
            throw new IllegalArgumentException(
                    "unknown optimizer '" + name + "'; choose one of " + String.join(", ", NAMES));
        }
        check(momentum >= 0 && momentum < 1, "momentum", momentum, "in [0, 1)");
        check(rho > 0 && rho < 1, "rho", rho, "in (0, 1)");
        check(beta1 >= 0 && beta1 < 1, "beta1", beta1, "in [0, 1)");
        check(beta2 >= 0 && beta2 < 1, "beta2", beta2, "in [0, 1)");
        check(epsilon > 0, "epsilon", epsilon, "> 0");
        check(weightDecay >= 0 && Float.isFinite(weightDecay), "weight decay", weightDecay, ">= 0");
        check(l2 >= 0 && Float.isFinite(l2), "l2", l2, ">= 0");
        check(l1 >= 0 && Float.isFinite(l1), "l1", l1, ">= 0");
    }

    private static void check(boolean ok, String what, float value, String range) {
        if (!ok) {
            throw new IllegalArgumentException(what + " must be " + range + ", got " + value);
        }
    }

    /** {@code name} with PyTorch's defaults and no penalties. */
    public static OptimizerSettings defaults(String name) {
        String n = name.trim().toLowerCase(Locale.ROOT);
        float epsilon = n.equals("adagrad") ? 1e-10f : 1e-8f;
        float weightDecay = n.equals("adamw") ? 0.01f : 0f;
        return new OptimizerSettings(n, 0.9f, 0.99f, 0.9f, 0.999f, epsilon, weightDecay, 0f, 0f);
    }

    /** PyTorch's default learning rate for the optimizer (0.01 for the SGD family, which has none there). */
    public double defaultLearningRate() {
        return name.equals("adam") || name.equals("adamw") ? 0.001 : 0.01;
    }

    /** Whether a hyperparameter means anything to this optimizer, for flag validation. */
    public boolean uses(String hyperparameter) {
        return switch (hyperparameter) {
            case "momentum" -> name.equals("momentum") || name.equals("nesterov");
            case "rho" -> name.equals("rmsprop");
            case "beta1", "beta2" -> name.equals("adam") || name.equals("adamw");
            case "epsilon" ->
                name.equals("adagrad") || name.equals("rmsprop") || name.equals("adam") || name.equals("adamw");
            case "weight-decay" -> name.equals("adamw");
            case "l1", "l2" -> true;
            default -> throw new IllegalArgumentException("unknown hyperparameter " + hyperparameter);
        };
    }

    public OptimizerSettings withMomentum(float value) {
        return new OptimizerSettings(name, value, rho, beta1, beta2, epsilon, weightDecay, l2, l1);
    }

    public OptimizerSettings withRho(float value) {
        return new OptimizerSettings(name, momentum, value, beta1, beta2, epsilon, weightDecay, l2, l1);
    }

    public OptimizerSettings withBetas(float b1, float b2) {
        return new OptimizerSettings(name, momentum, rho, b1, b2, epsilon, weightDecay, l2, l1);
    }

    public OptimizerSettings withEpsilon(float value) {
        return new OptimizerSettings(name, momentum, rho, beta1, beta2, value, weightDecay, l2, l1);
    }

    public OptimizerSettings withWeightDecay(float value) {
        return new OptimizerSettings(name, momentum, rho, beta1, beta2, epsilon, value, l2, l1);
    }

    public OptimizerSettings withPenalties(float newL2, float newL1) {
        return new OptimizerSettings(name, momentum, rho, beta1, beta2, epsilon, weightDecay, newL2, newL1);
    }

    /** A fresh optimizer with these settings. */
    public Optimizer create() {
        Optimizer optimizer = switch (name) {
            case "sgd" -> Optimizer.sgd(0f);
            case "momentum" -> Optimizer.sgd(momentum);
            case "nesterov" -> Optimizer.nesterov(momentum);
            case "adagrad" -> Optimizer.adagrad(epsilon);
            case "rmsprop" -> Optimizer.rmsprop(rho, epsilon);
            case "adam" -> Optimizer.adam(beta1, beta2, epsilon);
            case "adamw" -> Optimizer.adamW(beta1, beta2, epsilon, weightDecay);
            default -> throw new IllegalStateException(name);
        };
        return l2 > 0 || l1 > 0 ? optimizer.withPenalties(l2, l1) : optimizer;
    }
}
