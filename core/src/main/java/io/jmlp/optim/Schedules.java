package io.jmlp.optim;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses the {@code --schedule} and {@code --warmup} forms. Every parameter is optional and
 * positional after the name, separated by ':'; times are in epochs (fractions allowed where the
 * schedule is per step).
 *
 * <pre>
 * constant
 * step[:factor=0.5[:every=2]]                    × factor every N epochs            (per epoch)
 * exponential[:gamma=0.9]                        × gamma every epoch                (per epoch)
 * invscaling[:power=0.5]                         lr / t^power, t = 1-based step     (per step)
 * adaptive[:factor=0.2[:patience=2[:min-delta=1e-4]]]  ÷5 when the loss stalls      (per epoch)
 * cosine[:T0=10[:Tmult=1[:min-lr=0]]]            SGDR, T0 in epochs                 (per step)
 * cyclic:max-lr[:half-cycle=2]                   triangular CLR from --lr to max-lr (per step)
 * </pre>
 */
public final class Schedules {
    /** Every form {@link #parse} accepts, for error messages and help. */
    public static final String FORMS = "constant, step[:factor[:every]], exponential[:gamma], invscaling[:power], "
            + "adaptive[:factor[:patience[:min-delta]]], cosine[:T0[:Tmult[:min-lr]]], cyclic:max-lr[:half-cycle-epochs]";

    private static final Pattern WARMUP =
            Pattern.compile("([0-9]*\\.?[0-9]+(?:[eE][-+]?[0-9]+)?)\\s*(e|epochs?|s|steps?)?");

    private Schedules() {}

    /** The schedule {@code text} names, starting from {@code initialRate}. */
    public static LearningRateSchedule parse(String text, double initialRate) {
        String[] parts = text.trim().toLowerCase(Locale.ROOT).split(":");
        try {
            switch (parts[0]) {
                case "constant":
                    expectParts(text, parts, 1);
                    return new ConstantRate(initialRate);
                case "step":
                    expectParts(text, parts, 3);
                    return new StepDecay(initialRate, number(parts, 1, 0.5), (int) whole(parts, 2, 2));
                case "exponential", "exp":
                    expectParts(text, parts, 2);
                    return new ExponentialDecay(initialRate, number(parts, 1, 0.9));
                case "invscaling", "inverse-scaling":
                    expectParts(text, parts, 2);
                    return new InverseScaling(initialRate, number(parts, 1, 0.5));
                case "adaptive", "plateau", "reduce-on-plateau":
                    expectParts(text, parts, 4);
                    return new ReduceOnPlateau(
                            initialRate,
                            number(parts, 1, ReduceOnPlateau.DEFAULT_FACTOR),
                            (int) whole(parts, 2, ReduceOnPlateau.DEFAULT_PATIENCE),
                            number(parts, 3, ReduceOnPlateau.DEFAULT_MIN_DELTA));
                case "cosine", "sgdr":
                    expectParts(text, parts, 4);
                    return new CosineWarmRestarts(
                            initialRate, number(parts, 1, 10), number(parts, 2, 1), number(parts, 3, 0));
                case "cyclic", "clr", "triangular":
                    expectParts(text, parts, 3);
                    if (parts.length < 2) {
                        throw new IllegalArgumentException(
                                "schedule '" + text + "' needs the top rate: cyclic:MAX_LR[:HALF_CYCLE_EPOCHS], "
                                        + "e.g. cyclic:0.1:4 (from --lr up to 0.1 and back every 8 epochs)");
                    }
                    return new CyclicalTriangular(initialRate, number(parts, 1, 0), number(parts, 2, 2));
                default:
                    throw new IllegalArgumentException("unknown schedule '" + text + "'; choose one of " + FORMS
                            + " (e.g. step:0.5:2 halves the rate every 2 epochs)");
            }
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    "schedule '" + text + "' has a parameter that is not a number; the forms are " + FORMS);
        }
    }

    /**
     * {@code schedule} with the linear warm-up {@code text} names in front: {@code 0} (none), a number
     * of epochs ({@code 2}, {@code 0.5}, {@code 2epochs}) or of steps ({@code 100steps}, {@code 100s}).
     */
    public static LearningRateSchedule withWarmup(LearningRateSchedule schedule, String text) {
        Matcher m = WARMUP.matcher(text.trim().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new IllegalArgumentException(
                    "warm-up '" + text + "' is not a length; give epochs (3, 0.5, 3epochs) or steps (200steps)");
        }
        double length = Double.parseDouble(m.group(1));
        if (length == 0) {
            return schedule;
        }
        boolean inSteps = m.group(2) != null && m.group(2).startsWith("s");
        return new LinearWarmup(schedule, length, inSteps);
    }

    private static double number(String[] parts, int index, double fallback) {
        return parts.length > index && !parts[index].isEmpty() ? Double.parseDouble(parts[index]) : fallback;
    }

    private static long whole(String[] parts, int index, long fallback) {
        return parts.length > index && !parts[index].isEmpty() ? Long.parseLong(parts[index]) : fallback;
    }

    private static void expectParts(String text, String[] parts, int max) {
        if (parts.length > max) {
            throw new IllegalArgumentException(
                    "schedule '" + text + "' has too many ':' parameters; the forms are " + FORMS);
        }
    }
}
