package io.jmlp.eval;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Accuracy and per-class precision, recall and F1 from a confusion matrix, with their macro
 * (unweighted mean over classes) and weighted (mean weighted by each class's support) averages.
 * A ratio with a zero denominator (a class never predicted, or absent) counts as 0, as
 * scikit-learn's {@code zero_division=0} does.
 */
public record ClassificationMetrics(
        double accuracy, List<PerClass> perClass, Average macro, Average weighted, long count) {

    /** One class's scores; {@code support} is how many examples truly belong to it. */
    public record PerClass(String name, double precision, double recall, double f1, long support) {}

    public record Average(double precision, double recall, double f1) {}

    public static ClassificationMetrics of(ConfusionMatrix matrix) {
        long total = matrix.total();
        if (total == 0) {
            throw new IllegalArgumentException("no examples to score");
        }
        List<PerClass> classes = new ArrayList<>();
        double[] macro = new double[3];
        double[] weighted = new double[3];
        for (int c = 0; c < matrix.classes(); c++) {
            long truePositives = matrix.count(c, c);
            double precision = ratio(truePositives, matrix.predicted(c));
            double recall = ratio(truePositives, matrix.actual(c));
            double f1 = precision + recall > 0 ? 2 * precision * recall / (precision + recall) : 0;
            long support = matrix.actual(c);
            classes.add(new PerClass(matrix.classNames().get(c), precision, recall, f1, support));
            double[] scores = {precision, recall, f1};
            for (int k = 0; k < 3; k++) {
                macro[k] += scores[k] / matrix.classes();
                weighted[k] += scores[k] * support / total;
            }
        }
        return new ClassificationMetrics(
                (double) matrix.correct() / total,
                List.copyOf(classes),
                new Average(macro[0], macro[1], macro[2]),
                new Average(weighted[0], weighted[1], weighted[2]),
                total);
    }

    private static double ratio(long numerator, long denominator) {
        return denominator == 0 ? 0 : (double) numerator / denominator;
    }

    /** The per-class table and the two averages, aligned, like scikit-learn's {@code classification_report}. */
    public String toTable() {
        int width = 12;
        for (PerClass p : perClass) {
            width = Math.max(width, p.name().length());
        }
        String row = "%-" + width + "s %9s %9s %9s %9s%n";
        String values = "%-" + width + "s %9.4f %9.4f %9.4f %9d%n";
        StringBuilder sb =
                new StringBuilder(String.format(Locale.ROOT, row, "class", "precision", "recall", "f1", "support"));
        for (PerClass p : perClass) {
            sb.append(String.format(Locale.ROOT, values, p.name(), p.precision(), p.recall(), p.f1(), p.support()));
        }
        sb.append(
                String.format(Locale.ROOT, values, "macro avg", macro.precision(), macro.recall(), macro.f1(), count));
        sb.append(String.format(
                Locale.ROOT, values, "weighted avg", weighted.precision(), weighted.recall(), weighted.f1(), count));
        sb.append(String.format(Locale.ROOT, "%-" + width + "s %9.4f %29d%n", "accuracy", accuracy, count));
        return sb.toString();
    }
}
