package io.jmlp.select;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A configuration's scores over every split it was trained on.
 *
 * @param id     the configuration's number in the search (0-based), stable across rounds
 * @param stage  where in the strategy it ran, e.g. "round 2/3" or "bracket 3 rung 1"
 * @param folds  one score per split
 */
public record TrialResult(int id, TrialConfig config, String stage, List<FoldScore> folds) {

    /** Mean of {@code metric} over the splits; NaN if any split failed. */
    public double mean(Metric metric) {
        return Summary.of(folds, metric).mean();
    }

    public double std(Metric metric) {
        return Summary.of(folds, metric).std();
    }

    /** Why a split failed, or null when none did. */
    public String failure() {
        return folds.stream()
                .map(FoldScore::failure)
                .filter(f -> f != null)
                .findFirst()
                .orElse(null);
    }

    public double seconds() {
        return folds.stream().mapToDouble(FoldScore::seconds).sum();
    }

    /** Metric name → mean over the splits, for the metrics every split has. */
    public Map<String, Double> means() {
        Map<String, Double> m = new LinkedHashMap<>();
        if (!folds.isEmpty()) {
            for (String name : folds.get(0).metrics().keySet()) {
                m.put(name, Summary.of(folds, Metric.parse(name)).mean());
            }
        }
        return m;
    }

    /** Mean and sample standard deviation (n − 1) of a metric over splits. */
    public record Summary(double mean, double std, int count) {
        public static Summary of(List<FoldScore> folds, Metric metric) {
            double[] v = folds.stream().mapToDouble(f -> f.get(metric)).toArray();
            double mean = 0;
            for (double x : v) {
                mean += x;
            }
            mean /= v.length;
            double ss = 0;
            for (double x : v) {
                ss += (x - mean) * (x - mean);
            }
            return new Summary(mean, v.length > 1 ? Math.sqrt(ss / (v.length - 1)) : 0, v.length);
        }
    }
}
