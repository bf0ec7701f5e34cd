package io.jmlp.optim;

import java.util.Locale;

/** Parses the {@code --schedule} forms: {@code constant}, {@code step[:factor[:every]]}. */
public final class Schedules {
    private Schedules() {
    }

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
                    double factor = parts.length > 1 ? Double.parseDouble(parts[1]) : 0.5;
                    int every = parts.length > 2 ? Integer.parseInt(parts[2]) : 2;
                    return new StepDecay(initialRate, factor, every);
                default:
                    throw new IllegalArgumentException("unknown schedule '" + text + "'; choose constant or step[:factor[:every]] "
                            + "(e.g. step:0.5:2 halves the rate every 2 epochs)");
            }
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("schedule '" + text + "' has a parameter that is not a number");
        }
    }

    private static void expectParts(String text, String[] parts, int max) {
        if (parts.length > max) {
            throw new IllegalArgumentException("schedule '" + text + "' has too many ':' parameters");
        }
    }
}
