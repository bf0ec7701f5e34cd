package io.jmlp.cli;

import io.jmlp.optim.LearningRateSchedule;
import io.jmlp.optim.Schedules;
import picocli.CommandLine.Option;

/** {@code --schedule} and {@code --warmup}: how the learning rate moves during training. */
final class ScheduleOptions {

    @Option(names = "--schedule", defaultValue = "step:0.5:2", paramLabel = "SCHEDULE",
            description = "constant; step[:factor[:every]] (step:0.5:2 halves the rate every 2 epochs); exponential[:gamma]; "
                    + "invscaling[:power] (lr/t^power per step); adaptive[:factor[:patience[:min-delta]]] (÷5 when the validation "
                    + "loss stalls); cosine[:T0[:Tmult[:min-lr]]] (SGDR, per step); cyclic:max-lr[:half-cycle-epochs] "
                    + "(triangular CLR from --lr, per step). Small data (< 5,000 training rows): cosine:100. See docs/training.md.")
    String schedule;

    @Option(names = "--warmup", defaultValue = "0", paramLabel = "N[steps]",
            description = "Linear warm-up in front of the schedule over N epochs (fractions allowed) or N steps ('200steps'); 0: none.")
    String warmup;

    LearningRateSchedule schedule(double initialRate) {
        LearningRateSchedule s;
        try {
            s = Schedules.parse(schedule, initialRate);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--schedule: " + e.getMessage());
        }
        try {
            return Schedules.withWarmup(s, warmup);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--warmup: " + e.getMessage());
        }
    }
}
