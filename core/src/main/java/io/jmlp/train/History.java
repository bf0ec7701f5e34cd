package io.jmlp.train;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/** The epochs of one training run, in order. */
public final class History {
    private final List<EpochRecord> epochs = new ArrayList<>();
    private int bestEpoch;
    private boolean stoppedEarly;
    private boolean restoredBest;

    void add(EpochRecord record) {
        epochs.add(record);
    }

    void earlyStoppingResult(int best, boolean stopped, boolean restored) {
        this.bestEpoch = best;
        this.stoppedEarly = stopped;
        this.restoredBest = restored;
    }

    /** The 1-based epoch with the lowest validation loss under early stopping; 0 when early stopping was off. */
    public int bestEpoch() {
        return bestEpoch;
    }

    /** Whether early stopping ended the run before its last epoch. */
    public boolean stoppedEarly() {
        return stoppedEarly;
    }

    /** Whether the model was reset to the parameters of {@link #bestEpoch()}. */
    public boolean restoredBest() {
        return restoredBest;
    }

    public List<EpochRecord> epochs() {
        return Collections.unmodifiableList(epochs);
    }

    public EpochRecord last() {
        if (epochs.isEmpty()) {
            throw new IllegalStateException("no epoch has finished");
        }
        return epochs.get(epochs.size() - 1);
    }

    public double totalSeconds() {
        return epochs.stream().mapToDouble(EpochRecord::seconds).sum();
    }

    /** One header line and one line per epoch. */
    public String toCsv() {
        StringBuilder sb = new StringBuilder(
                "epoch,learning_rate,train_loss,train_accuracy,validation_loss,validation_accuracy,seconds\n");
        for (EpochRecord e : epochs) {
            sb.append(String.format(
                    Locale.ROOT,
                    "%d,%.6g,%.6f,%.6f,%.6f,%.6f,%.4f%n",
                    e.epoch(),
                    e.learningRate(),
                    e.trainLoss(),
                    e.trainAccuracy(),
                    e.validationLoss(),
                    e.validationAccuracy(),
                    e.seconds()));
        }
        return sb.toString();
    }
}
