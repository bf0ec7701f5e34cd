package io.jmlp.select;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** A score that cross-validation reports and a search ranks by, and which way is better. */
public enum Metric {
    ACCURACY("accuracy", true, true),
    MACRO_F1("macro-f1", true, true),
    WEIGHTED_F1("weighted-f1", true, true),
    MACRO_AUC("macro-auc", true, true),
    LOG_LOSS("log-loss", false, true),
    LOSS("loss", false, false),
    RMSE("rmse", false, false),
    MAE("mae", false, false),
    R2("r2", true, false);

    private final String cliName;
    private final boolean higherIsBetter;
    private final boolean classificationOnly;

    Metric(String cliName, boolean higherIsBetter, boolean classificationOnly) {
        this.cliName = cliName;
        this.higherIsBetter = higherIsBetter;
        this.classificationOnly = classificationOnly;
    }

    public String cliName() {
        return cliName;
    }

    public boolean higherIsBetter() {
        return higherIsBetter;
    }

    /** Whether this metric exists for a task of that kind (loss exists for both). */
    public boolean appliesTo(boolean classification) {
        return classification ? this != RMSE && this != MAE && this != R2 : !classificationOnly;
    }

    /** {@code a} better than {@code b}? NaN (a failed run) is worse than anything. */
    public int compare(double a, double b) {
        if (Double.isNaN(a) || Double.isNaN(b)) {
            return Double.isNaN(a) ? (Double.isNaN(b) ? 0 : -1) : 1;
        }
        return higherIsBetter ? Double.compare(a, b) : Double.compare(b, a);
    }

    public static Metric parse(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        return Arrays.stream(values())
                .filter(m -> m.cliName.equals(t))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown metric '" + text + "'; choose "
                        + String.join(
                                ", ",
                                Arrays.stream(values()).map(Metric::cliName).toList())));
    }

    public static List<Metric> parseList(String text) {
        return Arrays.stream(text.split(",")).map(Metric::parse).toList();
    }
}
