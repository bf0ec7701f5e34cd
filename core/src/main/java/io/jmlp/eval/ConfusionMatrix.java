package io.jmlp.eval;

import java.util.List;
import java.util.Locale;

/**
 * Counts of (true class, predicted class) pairs: {@code count(t, p)} is how many examples of class
 * {@code t} were predicted as {@code p}. Rows are true classes, columns predictions, as scikit-learn's
 * {@code confusion_matrix} lays them out.
 */
public final class ConfusionMatrix {
    private final long[][] counts;
    private final List<String> classNames;

    private ConfusionMatrix(long[][] counts, List<String> classNames) {
        this.counts = counts;
        this.classNames = List.copyOf(classNames);
    }

    /** Tallies parallel arrays of true and predicted labels, each in {@code [0, classNames.size())}. */
    public static ConfusionMatrix of(int[] trueLabels, int[] predicted, List<String> classNames) {
        if (trueLabels.length != predicted.length) {
            throw new IllegalArgumentException(predicted.length + " predictions for " + trueLabels.length + " labels");
        }
        int classes = classNames.size();
        long[][] counts = new long[classes][classes];
        for (int i = 0; i < trueLabels.length; i++) {
            if (trueLabels[i] < 0 || trueLabels[i] >= classes || predicted[i] < 0 || predicted[i] >= classes) {
                throw new IllegalArgumentException("example " + i + ": label " + trueLabels[i] + " or prediction "
                        + predicted[i] + " is outside [0, " + classes + ")");
            }
            counts[trueLabels[i]][predicted[i]]++;
        }
        return new ConfusionMatrix(counts, classNames);
    }

    public int classes() {
        return counts.length;
    }

    public List<String> classNames() {
        return classNames;
    }

    public long count(int trueClass, int predictedClass) {
        return counts[trueClass][predictedClass];
    }

    /** Examples whose true class is {@code c} (the row sum, scikit-learn's "support"). */
    public long actual(int c) {
        long sum = 0;
        for (long v : counts[c]) {
            sum += v;
        }
        return sum;
    }

    /** Examples predicted as {@code c} (the column sum). */
    public long predicted(int c) {
        long sum = 0;
        for (long[] row : counts) {
            sum += row[c];
        }
        return sum;
    }

    public long total() {
        long sum = 0;
        for (int c = 0; c < counts.length; c++) {
            sum += actual(c);
        }
        return sum;
    }

    public long correct() {
        long sum = 0;
        for (int c = 0; c < counts.length; c++) {
            sum += counts[c][c];
        }
        return sum;
    }

    /** The matrix as an aligned text table, true classes down, predictions across. */
    public String toTable() {
        int width = 6;
        for (String name : classNames) {
            width = Math.max(width, name.length() + 1);
        }
        for (long[] row : counts) {
            for (long v : row) {
                width = Math.max(width, Long.toString(v).length() + 1);
            }
        }
        int labelWidth = "true\\pred".length();
        for (String name : classNames) {
            labelWidth = Math.max(labelWidth, name.length());
        }
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "%-" + labelWidth + "s", "true\\pred"));
        for (String name : classNames) {
            sb.append(String.format(Locale.ROOT, " %" + width + "s", name));
        }
        sb.append('\n');
        for (int t = 0; t < counts.length; t++) {
            sb.append(String.format(Locale.ROOT, "%-" + labelWidth + "s", classNames.get(t)));
            for (long v : counts[t]) {
                sb.append(String.format(Locale.ROOT, " %" + width + "d", v));
            }
            sb.append('\n');
        }
        return sb.toString();
    }
}
