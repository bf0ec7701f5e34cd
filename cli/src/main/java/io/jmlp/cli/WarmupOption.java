package io.jmlp.cli;

import io.jmlp.optim.Schedules;
import picocli.CommandLine.Option;

/**
 * {@code --warmup}: the schedule flag a search space does not vary, so {@code jmlp search} shares it
 * with {@code jmlp train} ({@link FixedTrainingOptions}); the other commands get it inside {@link ScheduleOptions}.
 */
final class WarmupOption {

    @Option(
            names = "--warmup",
            defaultValue = "0",
            paramLabel = "N[steps]",
            description =
                    "Linear warm-up in front of the schedule over N epochs (fractions allowed) or N steps ('200steps'); 0: none.")
    String warmup;

    /** The value, checked. */
    String checked() {
        try {
            Schedules.withWarmup(Schedules.parse("constant", 1), warmup);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--warmup: " + e.getMessage());
        }
        return warmup;
    }
}
