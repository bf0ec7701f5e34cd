package io.jmlp.cli;

import io.jmlp.optim.Schedules;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code --schedule} and {@code --warmup} ({@link WarmupOption}): how the learning rate moves during training. */
final class ScheduleOptions {

    /** No annotated default: a command may start from another ({@link TrainingFlags}); help shows this value. */
    @Option(
            names = "--schedule",
            paramLabel = "SCHEDULE",
            description =
                    "constant; step[:factor[:every]] (step:0.5:2 halves the rate every 2 epochs); exponential[:gamma]; "
                            + "invscaling[:power] (lr/t^power per step); adaptive[:factor[:patience[:min-delta]]] (÷5 when the validation "
                            + "loss stalls); cosine[:T0[:Tmult[:min-lr]]] (SGDR, per step); cyclic:max-lr[:half-cycle-epochs] "
                            + "(triangular CLR from --lr, per step). Small data (< 5,000 training rows): cosine:100. See docs/training.md.")
    String schedule = "step:0.5:2";

    @Mixin
    WarmupOption warmup = new WarmupOption();

    /** {@code text} if it is a valid {@code --schedule} from {@code initialRate}. */
    static String checked(String text, double initialRate) {
        try {
            Schedules.parse(text, initialRate);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--schedule: " + e.getMessage());
        }
        return text;
    }
}
