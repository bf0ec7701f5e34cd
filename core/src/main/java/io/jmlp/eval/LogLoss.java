package io.jmlp.eval;

/** Cross-entropy of predicted class probabilities against true labels, the metric (not the training loss). */
public final class LogLoss {
    /** Probabilities below this count as this, so a confident mistake costs about 34.5 instead of infinity. */
    public static final double CLIP = 1e-15;

    private LogLoss() {}

    /** {@code −(1/n)·Σᵢ log max(p[i][yᵢ], 1e-15)} over {@code probabilities [n × classes]}. */
    public static double of(int[] labels, float[] probabilities, int classes) {
        if (probabilities.length != labels.length * classes) {
            throw new IllegalArgumentException(probabilities.length + " probabilities for " + labels.length
                    + " labels of " + classes + " classes");
        }
        if (labels.length == 0) {
            throw new IllegalArgumentException("no labels to score");
        }
        double sum = 0;
        for (int i = 0; i < labels.length; i++) {
            double p = Math.min(1, Math.max(CLIP, probabilities[i * classes + labels[i]]));
            sum -= Math.log(p);
        }
        return sum / labels.length;
    }
}
