package io.jmlp.eval;

import io.jmlp.data.Dataset;
import io.jmlp.data.FeatureScaler;
import io.jmlp.nn.Mlp;
import java.util.List;
import java.util.Locale;

/**
 * Everything {@code jmlp eval} reports about a model on a dataset. Classification: accuracy,
 * confusion matrix, per-class and averaged precision/recall/F1, one-vs-rest ROC curves with AUC,
 * and log-loss; regression: RMSE, MAE and R². The fields of the other kind are null.
 */
public record ModelReport(
        String dataName,
        Predictions predictions,
        ConfusionMatrix confusion,
        ClassificationMetrics metrics,
        List<Roc> roc,
        double logLoss,
        RegressionMetrics regression) {

    /** Scores {@code model} on every row of {@code data}. */
    public static ModelReport of(Mlp model, Dataset data) {
        return of(model, data, null);
    }

    /**
     * Scores {@code model} on every row of {@code data} (features as the network takes them); for a
     * regression model trained on standardised targets, {@code targetScaler} turns its outputs back
     * into the targets' units, which {@code data}'s targets are in. Null: outputs are in those units.
     */
    public static ModelReport of(Mlp model, Dataset data, FeatureScaler targetScaler) {
        Predictions p = Predictions.of(model, data, 1000, targetScaler);
        if (!data.isClassification()) {
            return new ModelReport(
                    data.name(), p, null, null, null, Double.NaN, RegressionMetrics.of(p.values(), data.targets()));
        }
        List<String> names = classNames(data, p.classes());
        ConfusionMatrix confusion = ConfusionMatrix.of(data.labels(), p.predicted(), names);
        return new ModelReport(
                data.name(),
                p,
                confusion,
                ClassificationMetrics.of(confusion),
                Roc.oneVsRest(data.labels(), p.scores(), names),
                p.logLoss(data.labels()),
                null);
    }

    private static List<String> classNames(Dataset data, int classes) {
        List<String> names = data.classNames();
        if (names.size() == classes) {
            return names;
        }
        // The model has more outputs than the data has classes (a test set missing the last classes).
        return java.util.stream.IntStream.range(0, classes)
                .mapToObj(c -> c < names.size() ? names.get(c) : Integer.toString(c))
                .toList();
    }

    /** The report as aligned text tables. */
    public String toText() {
        StringBuilder sb = new StringBuilder();
        if (regression != null) {
            sb.append(String.format(Locale.ROOT, "regression on %s (%,d rows)%n", dataName, regression.count()));
            sb.append(String.format(
                    Locale.ROOT,
                    "  rmse  %.6f%n  mae   %.6f%n  r2    %.6f%n",
                    regression.rmse(),
                    regression.mae(),
                    regression.r2()));
            return sb.toString();
        }
        sb.append(String.format(
                Locale.ROOT,
                "classification on %s (%,d rows, %d classes)%n",
                dataName,
                metrics.count(),
                confusion.classes()));
        sb.append(String.format(
                Locale.ROOT,
                "  accuracy   %.4f (%,d of %,d)%n",
                metrics.accuracy(),
                confusion.correct(),
                confusion.total()));
        sb.append(String.format(
                Locale.ROOT,
                "  log-loss   %s%n",
                Double.isNaN(logLoss)
                        ? "n/a (the loss does not give probabilities)"
                        : String.format(Locale.ROOT, "%.4f", logLoss)));
        sb.append(String.format(Locale.ROOT, "  macro AUC  %.4f (one-vs-rest)%n%n", Roc.macroAuc(roc)));
        sb.append(metrics.toTable()).append('\n');
        sb.append("confusion matrix (rows: true class, columns: predicted)\n")
                .append(confusion.toTable())
                .append('\n');
        sb.append("ROC AUC per class (one-vs-rest)\n");
        for (Roc r : roc) {
            sb.append(String.format(Locale.ROOT, "  %-12s %.4f%n", r.className(), r.auc()));
        }
        return sb.toString();
    }
}
