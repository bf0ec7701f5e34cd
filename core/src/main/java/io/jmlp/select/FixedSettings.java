package io.jmlp.select;

import io.jmlp.loss.Loss;
import io.jmlp.nn.WeightInit;
import io.jmlp.optim.OptimizerSettings;
import io.jmlp.optim.Schedules;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;

/**
 * The rest of {@code jmlp train}'s menu: the settings a {@link SearchSpace} does not vary, so every
 * trial of a search shares them, and a cross-validated configuration has them as {@code jmlp train}
 * does. The CLI reads them from the same flags in train, cv, search, lr-find and boundary.
 *
 * @param dropout     inverted dropout after each hidden activation: empty (none), one probability for every hidden layer, or one per hidden layer
 * @param loss        {@code auto} (softmax cross-entropy for classes, mse for regression) or a {@link Loss#parse} form
 * @param init        {@code auto} ({@link WeightInit#defaultFor}) or a {@link WeightInit#parse} name
 * @param momentum    μ of momentum and nesterov, or null for the optimizer's default; likewise the next five
 * @param rho         RMSProp's decay of the mean squared gradient
 * @param beta1       Adam/AdamW first-moment decay
 * @param beta2       Adam/AdamW second-moment decay
 * @param epsilon     the denominator's ε of adagrad, rmsprop, adam, adamw
 * @param weightDecay AdamW's decoupled weight decay
 * @param l1          L1 penalty λ on the weights (0: none)
 * @param warmup      linear warm-up in front of the schedule, as {@link Schedules#withWarmup} reads it ({@code 0}: none)
 * @param clipNorm    largest global L2 norm of the gradients (0: no clipping)
 * @param maxNorm     largest length of a neuron's incoming weight vector (0: no constraint)
 */
public record FixedSettings(
        List<Float> dropout,
        String loss,
        String init,
        Float momentum,
        Float rho,
        Float beta1,
        Float beta2,
        Float epsilon,
        Float weightDecay,
        double l1,
        String warmup,
        double clipNorm,
        double maxNorm)
        implements Serializable {

    /** {@code jmlp train}'s defaults: no dropout, automatic loss and init, the optimizers' own hyperparameters, no warm-up, no clipping. */
    public static final FixedSettings DEFAULTS =
            new FixedSettings(List.of(), "auto", "auto", null, null, null, null, null, null, 0, "0", 0, 0);

    public FixedSettings {
        dropout = List.copyOf(dropout);
        for (float p : dropout) {
            if (!(p >= 0 && p < 1)) {
                throw new IllegalArgumentException("--dropout probabilities must be in [0, 1), got " + p);
            }
        }
        loss = loss.trim().toLowerCase(Locale.ROOT);
        if (!loss.equals("auto")) {
            Loss.parse(loss); // fails naming the value
        }
        init = init.trim().toLowerCase(Locale.ROOT);
        if (!init.equals("auto")) {
            WeightInit.parse(init);
        }
        if (!(l1 >= 0) || !Double.isFinite(l1)) {
            throw new IllegalArgumentException("--l1 must be >= 0 (0: no penalty), got " + l1);
        }
        Schedules.withWarmup(Schedules.parse("constant", 1), warmup); // fails naming the value
        if (!(clipNorm >= 0) || !Double.isFinite(clipNorm)) {
            throw new IllegalArgumentException("--clip-norm must be > 0 (0: off), got " + clipNorm);
        }
        if (!(maxNorm >= 0) || !Double.isFinite(maxNorm)) {
            throw new IllegalArgumentException("--max-norm must be > 0 (0: off), got " + maxNorm);
        }
    }

    /** The dropout probabilities as {@link io.jmlp.nn.MlpSpec#classifier} takes them. */
    float[] dropoutProbabilities() {
        float[] p = new float[dropout.size()];
        for (int i = 0; i < p.length; i++) {
            p[i] = dropout.get(i);
        }
        return p;
    }

    /**
     * The optimizer {@code optimizer} with these hyperparameters where it uses them (a search may
     * mix optimizers; a hyperparameter none of its optimizers uses is refused by the CLI), and the
     * penalties {@code l2} and {@link #l1}.
     */
    public OptimizerSettings optimizerSettings(String optimizer, double l2) {
        OptimizerSettings settings = OptimizerSettings.defaults(optimizer);
        if (momentum != null && settings.uses("momentum")) {
            settings = settings.withMomentum(momentum);
        }
        if (rho != null && settings.uses("rho")) {
            settings = settings.withRho(rho);
        }
        if ((beta1 != null || beta2 != null) && settings.uses("beta1")) {
            settings = settings.withBetas(
                    beta1 != null ? beta1 : settings.beta1(), beta2 != null ? beta2 : settings.beta2());
        }
        if (epsilon != null && settings.uses("epsilon")) {
            settings = settings.withEpsilon(epsilon);
        }
        if (weightDecay != null && settings.uses("weight-decay")) {
            settings = settings.withWeightDecay(weightDecay);
        }
        return settings.withPenalties((float) l2, (float) l1);
    }

    /**
     * The {@code jmlp train} flags that give these settings to a run with {@code optimizer}: each one
     * only where it differs from {@link #DEFAULTS}, the optimizer's hyperparameters only where it uses
     * them (so the command runs), in the flags' order; empty when all are the defaults.
     */
    public List<String> flags(String optimizer) {
        return flags(OptimizerSettings.defaults(optimizer)::uses);
    }

    private List<String> flags(Predicate<String> uses) {
        List<String> flags = new ArrayList<>();
        if (!dropout.isEmpty()) {
            flags.add("--dropout "
                    + String.join(
                            ",",
                            dropout.stream()
                                    .map(p -> TrialConfig.shortNumber(p))
                                    .toList()));
        }
        if (!loss.equals("auto")) {
            flags.add("--loss " + loss);
        }
        if (!init.equals("auto")) {
            flags.add("--init " + init);
        }
        addIfUsed(flags, uses, "momentum", "--momentum", momentum);
        addIfUsed(flags, uses, "rho", "--rho", rho);
        addIfUsed(flags, uses, "beta1", "--beta1", beta1);
        addIfUsed(flags, uses, "beta2", "--beta2", beta2);
        addIfUsed(flags, uses, "epsilon", "--eps", epsilon);
        addIfUsed(flags, uses, "weight-decay", "--weight-decay", weightDecay);
        if (l1 > 0) {
            flags.add("--l1 " + TrialConfig.shortNumber(l1));
        }
        if (!warmup.trim().equals("0")) {
            flags.add("--warmup " + warmup.trim());
        }
        if (clipNorm > 0) {
            flags.add("--clip-norm " + TrialConfig.shortNumber(clipNorm));
        }
        if (maxNorm > 0) {
            flags.add("--max-norm " + TrialConfig.shortNumber(maxNorm));
        }
        return flags;
    }

    private static void addIfUsed(
            List<String> flags, Predicate<String> uses, String hyperparameter, String flag, Float value) {
        if (value != null && uses.test(hyperparameter)) {
            flags.add(flag + " " + TrialConfig.shortNumber(value));
        }
    }

    /** The settings that differ from the defaults, as flags in their order (hyperparameters of any optimizer), or {@code "defaults"}. */
    @Override
    public String toString() {
        List<String> flags = flags(hyperparameter -> true);
        return flags.isEmpty() ? "defaults" : String.join(" ", flags);
    }
}
