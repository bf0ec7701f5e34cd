package io.jmlp.select;

import java.util.Map;

/**
 * What one training run scored on its held-out rows.
 *
 * @param metrics  metric name → value (see {@link Metric})
 * @param seconds  training wall time
 * @param failure  why the run produced no model (it diverged), or null
 */
public record FoldScore(int repeat, int fold, Map<String, Double> metrics, double seconds, String failure)
        implements java.io.Serializable {

    public double get(Metric metric) {
        Double v = metrics.get(metric.cliName());
        return v != null ? v : Double.NaN;
    }
}
