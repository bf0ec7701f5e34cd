package io.jmlp.cli;

import io.jmlp.train.EarlyStopping;
import io.jmlp.train.Trainer;
import picocli.CommandLine.Option;

/**
 * The trainer-side regularisers and safeguards: early stopping, gradient-norm clipping and the
 * max-norm constraint (L1/L2 live with the optimizer, dropout with the network). Every training
 * command takes them; only {@code jmlp train} holds out validation rows, so the others refuse
 * {@code --early-stopping} ({@link #refuseEarlyStopping}).
 */
final class RegularizationOptions {

    @Option(
            names = "--early-stopping",
            defaultValue = "0",
            paramLabel = "PATIENCE",
            description =
                    "Stop after PATIENCE epochs without a validation-loss improvement larger than --min-delta (0: off; "
                            + "needs --validation > 0).")
    int patience;

    @Option(
            names = "--min-delta",
            defaultValue = "1e-4",
            paramLabel = "DELTA",
            description =
                    "How much lower than the best validation loss so far an epoch must be to count as an improvement.")
    double minDelta;

    @Option(
            names = "--restore-best",
            negatable = true,
            defaultValue = "true",
            fallbackValue = "true",
            description = "With early stopping, end with the weights of the best validation epoch.")
    boolean restoreBest;

    @Option(
            names = "--clip-norm",
            defaultValue = "0",
            paramLabel = "NORM",
            description =
                    "Scale the gradients down when their global L2 norm exceeds NORM (0: off). Costs one 4-byte device read per step.")
    double clipNorm;

    @Option(
            names = "--max-norm",
            defaultValue = "0",
            paramLabel = "C",
            description =
                    "After each update, rescale every neuron's incoming weight vector longer than C to length C (0: off).")
    double maxNorm;

    /** Checks the values; {@code validationFraction} is what --validation holds out. */
    void check(double validationFraction) {
        if (patience < 0) {
            throw new IllegalArgumentException(
                    "--early-stopping takes a patience in epochs >= 1 (0: off), got " + patience);
        }
        if (patience > 0 && validationFraction == 0) {
            throw new IllegalArgumentException(
                    "--early-stopping watches the validation loss; hold out a validation set with "
                            + "--validation (e.g. 0.1)");
        }
        if (!(minDelta >= 0) || !Double.isFinite(minDelta)) {
            throw new IllegalArgumentException("--min-delta must be >= 0, got " + minDelta);
        }
        // --clip-norm and --max-norm are checked with the other settings every trial shares (FixedSettings).
    }

    /**
     * Early stopping on {@code trainer} (clipping and max-norm are the configuration's,
     * {@link io.jmlp.select.TrialConfig#trainer}).
     */
    Trainer withEarlyStopping(Trainer trainer) {
        return trainer.withEarlyStopping(patience > 0 ? new EarlyStopping(patience, minDelta, restoreBest) : null);
    }

    /**
     * For a command that trains without a validation set inside its runs (cv, search, boundary, lr-find):
     * {@code --early-stopping} is refused with {@code why}.
     */
    void refuseEarlyStopping(String command, String why) {
        if (patience != 0) {
            throw new IllegalArgumentException("--early-stopping: " + command + " " + why
                    + "; drop the flag (jmlp train " + "--early-stopping watches the loss on its --validation rows)");
        }
    }

    /** A few words for the run's summary line; empty when all are off. */
    String describe() {
        StringBuilder sb = new StringBuilder();
        if (patience > 0) {
            sb.append(", early stopping (patience ")
                    .append(patience)
                    .append(", min delta ")
                    .append(minDelta)
                    .append(restoreBest ? ", restore best)" : ")");
        }
        if (clipNorm > 0) {
            sb.append(", gradient clipping at norm ").append(clipNorm);
        }
        if (maxNorm > 0) {
            sb.append(", max-norm ").append(maxNorm);
        }
        return sb.toString();
    }
}
