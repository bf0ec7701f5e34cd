package io.jmlp.estimator;

import io.jmlp.data.Dataset;
import io.jmlp.data.Folds;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * k-fold cross-validation of an estimator's settings on the user's arrays, as scikit-learn's
 * {@code cross_val_score}: each fold is scored by a model fitted on the other folds (accuracy for
 * classifiers, R² for regressors). Classification folds are stratified (each holds every class in
 * the proportion of the whole set, to within one example); the folds are seeded. The folds run one
 * after the other; {@code jmlp cv} runs them in parallel.
 *
 * <pre>{@code
 * double[] accuracy = CrossValidation.scores(MlpClassifier.builder().hiddenLayers(16).build(), x, y, 5, 1);
 * System.out.println(CrossValidation.mean(accuracy) + " ± " + CrossValidation.std(accuracy));
 * }</pre>
 */
public final class CrossValidation {
    private CrossValidation() {}

    /** The accuracy of each of {@code folds} folds. */
    public static <L extends Comparable<? super L>> double[] scores(
            MlpClassifier classifier, float[][] x, L[] y, int folds, long seed) {
        NetworkTraining.requireSameRows(x, y.length);
        List<L> labels = Arrays.asList(y);
        LabelVocabulary<L> vocabulary = LabelVocabulary.of(labels);
        Dataset stratifyBy = Dataset.classification(
                "cross-validation",
                InputRows.flatten(x),
                x.length,
                x[0].length,
                vocabulary.indices(labels),
                vocabulary.size());
        List<Folds.Fold> split = Folds.kFold(stratifyBy, folds, 1, seed);
        double[] scores = new double[split.size()];
        for (int f = 0; f < scores.length; f++) {
            Folds.Fold fold = split.get(f);
            ClassificationModel<L> model = classifier.fit(rows(x, fold.trainRows()), pick(labels, fold.trainRows()));
            scores[f] = model.score(rows(x, fold.testRows()), pick(labels, fold.testRows()));
        }
        return scores;
    }

    /** The R² of each of {@code folds} folds. */
    public static double[] scores(MlpRegressor regressor, float[][] x, float[] y, int folds, long seed) {
        NetworkTraining.requireSameRows(x, y.length);
        Dataset shuffleOf =
                Dataset.regression("cross-validation", InputRows.flatten(x), x.length, x[0].length, y.clone(), 1);
        List<Folds.Fold> split = Folds.kFold(shuffleOf, folds, 1, seed);
        double[] scores = new double[split.size()];
        for (int f = 0; f < scores.length; f++) {
            Folds.Fold fold = split.get(f);
            RegressionModel model = regressor.fit(rows(x, fold.trainRows()), values(y, fold.trainRows()));
            scores[f] = model.score(rows(x, fold.testRows()), values(y, fold.testRows()));
        }
        return scores;
    }

    /** The mean of {@code scores}. */
    public static double mean(double[] scores) {
        return Arrays.stream(scores).average().orElse(Double.NaN);
    }

    /** The sample standard deviation of {@code scores} (n − 1 in the denominator). */
    public static double std(double[] scores) {
        double mean = mean(scores);
        double squares = Arrays.stream(scores).map(s -> (s - mean) * (s - mean)).sum();
        return scores.length > 1 ? Math.sqrt(squares / (scores.length - 1)) : 0;
    }

    private static float[][] rows(float[][] x, int[] indices) {
        float[][] out = new float[indices.length][];
        for (int i = 0; i < indices.length; i++) {
            out[i] = x[indices[i]];
        }
        return out;
    }

    private static <L> List<L> pick(List<L> labels, int[] indices) {
        List<L> out = new ArrayList<>(indices.length);
        for (int i : indices) {
            out.add(labels.get(i));
        }
        return out;
    }

    private static float[] values(float[] y, int[] indices) {
        float[] out = new float[indices.length];
        for (int i = 0; i < indices.length; i++) {
            out[i] = y[indices[i]];
        }
        return out;
    }
}
