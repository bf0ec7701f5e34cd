package io.jmlp.cli;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The defaults of the flags that size a run — {@code --layers}, {@code --batch-size},
 * {@code --epochs}, {@code --schedule} and {@code --lr} — chosen from the size of the training set.
 * A flag the user gives always wins.
 *
 * <p>Why two recipes: the seed recipe (the course reports' MNIST network: 300-150, batch 100,
 * 10 epochs, lr 0.01 halved every 2 epochs) assumes tens of thousands of examples. On a small
 * table — moons' 720 training rows, an iris-sized CSV — it makes 8 steps an epoch, 80 in all, with
 * the rate halved five times: most networks stop short of what the data allow (on moons, 85–94%
 * test accuracy for most activation/optimizer pairs). A small set gets a small network trained for
 * many short steps instead, with the rate annealed to 0 over the run (cosine), as scikit-learn's
 * {@code MLPClassifier} trains small tables for up to 200 epochs.
 */
record TrainingRecipe(String name, String layers, int batchSize, int epochs, String schedule, Map<String, Double> learningRates) {

    /** Below this many training rows (after the validation split) a data set counts as small. */
    static final int SMALL_DATA_ROWS = 5_000;

    /**
     * For small tables. The rates per optimizer come from {@code jmlp lr-find} and a coarse search on
     * moons (seed 1), then were checked on moons drawn with seeds 2 and 3 (docs/training.md, "The moons
     * matrix"); rmsprop's is the smallest because it divides by the gradients' running scale without
     * Adam's momentum to smooth it.
     */
    static final TrainingRecipe SMALL_DATA = new TrainingRecipe("small-data", "32,32", 32, 100, "cosine:100", Map.of(
            "sgd", 0.2, "momentum", 0.05, "nesterov", 0.05, "adagrad", 0.05, "rmsprop", 0.003, "adam", 0.01, "adamw", 0.01));

    /**
     * The small-data recipe for a training set of {@code rows}, or empty where the flags' own defaults
     * (the seed recipe, written once, in the option annotations) apply.
     */
    static Optional<TrainingRecipe> forTrainingRows(int rows) {
        return rows < SMALL_DATA_ROWS ? Optional.of(SMALL_DATA) : Optional.empty();
    }

    /** The recipe's rate for {@code optimizer}, or null where the optimizer's own default applies. */
    Double learningRate(String optimizer) {
        return learningRates.get(optimizer.toLowerCase(Locale.ROOT));
    }
}
