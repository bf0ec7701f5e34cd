package io.jmlp.cli;

import io.jmlp.train.EpochRecord;
import io.jmlp.train.TrainingListener;
import java.io.PrintWriter;
import java.util.Locale;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Shows training in a terminal: a progress bar while an epoch runs (only when attached to a
 * console, so logs and pipes get clean lines), then one line per finished epoch.
 */
final class ConsoleProgress implements TrainingListener {
    private final PrintWriter out;
    private final boolean bar;
    private int epochs;
    private ProgressBar current;

    ConsoleProgress(PrintWriter out, boolean bar) {
        this.out = out;
        this.bar = bar;
    }

    @Override
    public void trainingStarted(TrainingPlan plan) {
        epochs = plan.epochs();
    }

    @Override
    public void stepFinished(int epoch, int step, int stepsPerEpoch) {
        if (!bar) {
            return;
        }
        if (current == null) {
            current = new ProgressBarBuilder()
                    .setTaskName(String.format("epoch %d/%d", epoch, epochs))
                    .setInitialMax(stepsPerEpoch)
                    .setStyle(ProgressBarStyle.ASCII)
                    .setUnit(" steps", 1)
                    .setUpdateIntervalMillis(200)
                    .clearDisplayOnFinish()
                    .build();
        }
        current.stepTo(step);
    }

    @Override
    public void epochFinished(EpochRecord r) {
        if (current != null) {
            current.close();
            current = null;
        }
        StringBuilder line = new StringBuilder(String.format(
                Locale.ROOT,
                "epoch %2d/%d  lr %.5f  train loss %.4f",
                r.epoch(),
                epochs,
                r.learningRate(),
                r.trainLoss()));
        if (!Double.isNaN(r.trainAccuracy())) {
            line.append(String.format(Locale.ROOT, " acc %6.2f%%", 100 * r.trainAccuracy()));
        }
        if (!Double.isNaN(r.validationLoss())) {
            line.append(String.format(Locale.ROOT, "  | validation loss %.4f", r.validationLoss()));
            if (!Double.isNaN(r.validationAccuracy())) {
                line.append(String.format(Locale.ROOT, " acc %6.2f%%", 100 * r.validationAccuracy()));
            }
        }
        line.append(String.format(Locale.ROOT, "  | %.2f s", r.seconds()));
        out.println(line);
        out.flush();
    }
}
