package io.jmlp.select;

import io.jmlp.data.Dataset;
import io.jmlp.data.Folds;
import java.util.List;

/**
 * How a configuration is scored: k-fold cross-validation (stratified, optionally repeated) when
 * {@code folds >= 2}, otherwise one stratified holdout of {@code holdoutFraction} of the rows.
 * The splits depend only on the data and the seed, so every configuration sees the same ones.
 */
public record Validation(int folds, int repeats, double holdoutFraction, String scaler, long seed) {

    public Validation {
        if (folds < 2 && !(holdoutFraction > 0 && holdoutFraction < 1)) {
            throw new IllegalArgumentException(
                    "score by --folds K (K >= 2) or by --validation F with 0 < F < 1, got folds " + folds
                            + " and validation " + holdoutFraction);
        }
    }

    /** The train/held-out index splits of {@code data}. */
    public List<Folds.Fold> splits(Dataset data) {
        if (folds >= 2) {
            return Folds.kFold(data, folds, repeats, seed);
        }
        return List.of(Folds.holdout(data, holdoutFraction, seed));
    }

    public String describe() {
        return folds >= 2
                ? (repeats > 1 ? repeats + "×" : "") + folds + "-fold cross-validation (stratified for classes)"
                : String.format(
                        java.util.Locale.ROOT,
                        "a %.0f%% validation split (stratified for classes)",
                        holdoutFraction * 100);
    }
}
