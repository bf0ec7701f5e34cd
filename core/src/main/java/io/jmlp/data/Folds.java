package io.jmlp.data;

import io.jmlp.random.Philox;
import io.jmlp.random.PhiloxStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Index splits for model selection: a stratified train/holdout split, and (repeated) k-fold
 * cross-validation that is stratified for classification sets — every fold holds each class in
 * the proportion of the whole set, to within one example, which matters for the small and
 * imbalanced sets cross-validation is used on. Regression sets are split by plain seeded shuffles.
 * Repeat {@code r} uses its own Philox stream, so repeats differ and each is reproducible alone.
 */
public final class Folds {
    private Folds() {}

    /** One fold: the rows to train on and the rows to score. {@code repeat} and {@code fold} are 0-based. */
    public record Fold(int repeat, int fold, int[] trainRows, int[] testRows) implements java.io.Serializable {}

    /** {@code folds}-fold cross-validation, {@code repeats} times with new shuffles (5×5 in the seeds). */
    public static List<Fold> kFold(Dataset data, int folds, int repeats, long seed) {
        if (folds < 2) {
            throw new IllegalArgumentException("--folds must be >= 2, got " + folds);
        }
        if (repeats < 1) {
            throw new IllegalArgumentException("--repeats must be >= 1, got " + repeats);
        }
        if (folds > data.rows()) {
            throw new IllegalArgumentException(
                    data.name() + " has " + data.rows() + " rows, too few for " + folds + " folds");
        }
        List<Fold> result = new ArrayList<>();
        for (int r = 0; r < repeats; r++) {
            int[] foldOf = assignFolds(data, folds, new PhiloxStream(seed, Philox.Purpose.SPLIT, 1000 + r));
            for (int f = 0; f < folds; f++) {
                result.add(new Fold(r, f, rowsWhere(foldOf, f, false), rowsWhere(foldOf, f, true)));
            }
        }
        return result;
    }

    /**
     * A stratified split: {@code round(n_c·firstFraction)} rows of each class {@code c} go to the
     * first part (in shuffled order), the rest to the second. Regression sets are split by a seeded shuffle.
     */
    public static Dataset.Split stratifiedSplit(Dataset data, double firstFraction, long seed) {
        Fold parts = holdout(data, 1 - firstFraction, seed);
        return new Dataset.Split(
                data.select(parts.trainRows(), data.name()), data.select(parts.testRows(), data.name()));
    }

    /** The row indices of {@link #stratifiedSplit}: {@code heldOutFraction} of each class held out, each part in data order. */
    public static Fold holdout(Dataset data, double heldOutFraction, long seed) {
        if (!(heldOutFraction > 0 && heldOutFraction < 1)) {
            throw new IllegalArgumentException("held-out fraction must be in (0, 1), got " + heldOutFraction);
        }
        int[] order = new PhiloxStream(seed, Philox.Purpose.SPLIT, 1).permutation(data.rows());
        List<Integer> first = new ArrayList<>();
        List<Integer> second = new ArrayList<>();
        List<int[]> groups = data.isClassification() ? byClass(data, order) : List.of(order);
        for (int[] members : groups) {
            long take = Math.round(members.length * (1 - heldOutFraction));
            for (int i = 0; i < members.length; i++) {
                (i < take ? first : second).add(members[i]);
            }
        }
        if (first.isEmpty() || second.isEmpty()) {
            throw new IllegalArgumentException(data.name() + ": holding out " + heldOutFraction + " of " + data.rows()
                    + " rows leaves one side empty");
        }
        int[] a = first.stream().mapToInt(Integer::intValue).sorted().toArray();
        int[] b = second.stream().mapToInt(Integer::intValue).sorted().toArray();
        return new Fold(0, 0, a, b);
    }

    /** Fold number of each row: within each class (shuffled), members are dealt round-robin, continuing across classes. */
    private static int[] assignFolds(Dataset data, int folds, PhiloxStream rng) {
        int[] order = rng.permutation(data.rows());
        int[] foldOf = new int[data.rows()];
        if (!data.isClassification()) {
            for (int i = 0; i < order.length; i++) {
                foldOf[order[i]] = i % folds;
            }
            return foldOf;
        }
        // Continuing the deal across classes keeps fold sizes within one of each other as well.
        int next = 0;
        for (int[] members : byClass(data, order)) {
            for (int row : members) {
                foldOf[row] = next;
                next = (next + 1) % folds;
            }
        }
        return foldOf;
    }

    /** The rows of each class, in {@code order}. */
    private static List<int[]> byClass(Dataset data, int[] order) {
        int[] counts = new int[data.classes()];
        for (int label : data.labels()) {
            counts[label]++;
        }
        int[][] members = new int[data.classes()][];
        for (int c = 0; c < counts.length; c++) {
            members[c] = new int[counts[c]];
        }
        int[] filled = new int[data.classes()];
        for (int row : order) {
            int c = data.labels()[row];
            members[c][filled[c]++] = row;
        }
        return Arrays.asList(members);
    }

    private static int[] rowsWhere(int[] foldOf, int fold, boolean inFold) {
        return java.util.stream.IntStream.range(0, foldOf.length)
                .filter(i -> (foldOf[i] == fold) == inFold)
                .toArray();
    }
}
