package io.jmlp.eval;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Receiver operating characteristic of one class against the rest: the (false positive rate,
 * true positive rate) points obtained by lowering a threshold on that class's score, and the area
 * under them. Tied scores move the curve diagonally in one step (all tied examples cross the
 * threshold together), so the AUC equals the probability that a random positive outscores a random
 * negative with ties counted one half — the Mann–Whitney statistic, as scikit-learn computes it.
 */
public record Roc(String className, double[] falsePositiveRate, double[] truePositiveRate, double auc) {

    /**
     * The curve for {@code positive}: {@code isPositive[i]} says whether example {@code i} belongs
     * to it, {@code score[i]} is how strongly the model says so.
     */
    public static Roc of(String className, boolean[] isPositive, double[] score) {
        if (isPositive.length != score.length) {
            throw new IllegalArgumentException(score.length + " scores for " + isPositive.length + " examples");
        }
        long positives = 0;
        for (boolean p : isPositive) {
            positives += p ? 1 : 0;
        }
        long negatives = isPositive.length - positives;
        if (positives == 0 || negatives == 0) {
            throw new IllegalArgumentException(
                    "ROC of class " + className + " needs both positive and negative examples; got " + positives
                            + " positive and " + negatives + " negative");
        }
        Integer[] order = new Integer[score.length];
        Arrays.setAll(order, i -> i);
        Arrays.sort(order, Comparator.comparingDouble((Integer i) -> score[i]).reversed());

        List<double[]> points = new ArrayList<>();
        points.add(new double[] {0, 0});
        long truePositives = 0;
        long falsePositives = 0;
        double area = 0;
        int i = 0;
        while (i < order.length) {
            double threshold = score[order[i]];
            long previousTp = truePositives;
            long previousFp = falsePositives;
            while (i < order.length && score[order[i]] == threshold) {
                if (isPositive[order[i]]) {
                    truePositives++;
                } else {
                    falsePositives++;
                }
                i++;
            }
            // Trapezoid between the previous point and this one (a diagonal step across the ties).
            area += (double) (falsePositives - previousFp) * (truePositives + previousTp) / 2;
            points.add(new double[] {(double) falsePositives / negatives, (double) truePositives / positives});
        }
        double[] fpr = new double[points.size()];
        double[] tpr = new double[points.size()];
        for (int k = 0; k < points.size(); k++) {
            fpr[k] = points.get(k)[0];
            tpr[k] = points.get(k)[1];
        }
        return new Roc(className, fpr, tpr, area / ((double) positives * negatives));
    }

    /** One curve per class, class {@code c} against the rest, scored by column {@code c} of {@code probabilities [n × classes]}. */
    public static List<Roc> oneVsRest(int[] labels, float[] probabilities, List<String> classNames) {
        int classes = classNames.size();
        if (probabilities.length != labels.length * classes) {
            throw new IllegalArgumentException(probabilities.length + " probabilities for " + labels.length
                    + " examples of " + classes + " classes");
        }
        List<Roc> curves = new ArrayList<>();
        for (int c = 0; c < classes; c++) {
            boolean[] positive = new boolean[labels.length];
            double[] score = new double[labels.length];
            boolean seen = false;
            boolean missing = false;
            for (int i = 0; i < labels.length; i++) {
                positive[i] = labels[i] == c;
                seen |= positive[i];
                missing |= !positive[i];
                score[i] = probabilities[i * classes + c];
            }
            if (seen && missing) { // a class absent from the data has no curve
                curves.add(of(classNames.get(c), positive, score));
            }
        }
        return curves;
    }

    /** The unweighted mean AUC over {@code curves}. */
    public static double macroAuc(List<Roc> curves) {
        return curves.stream().mapToDouble(Roc::auc).average().orElse(Double.NaN);
    }
}
