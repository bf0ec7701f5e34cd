package io.jmlp.cli;

import io.jmlp.optim.OptimizerSettings;
import io.jmlp.select.FixedSettings;
import io.jmlp.select.TrialConfig;
import io.jmlp.train.TrainingOptions;
import io.jmlp.train.TrainingRecipe;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.Spec;

/**
 * {@code jmlp train}'s training menu as one set of flags, shared by {@code jmlp train}, {@code cv},
 * {@code lr-find} and {@code boundary} ({@code jmlp search} shares the part a search space does not
 * vary, {@link FixedTrainingOptions}): the network ({@link NetworkOptions}), the optimizer
 * ({@link OptimizerOptions}), the schedule ({@link ScheduleOptions}), the trainer's regularisers
 * ({@link RegularizationOptions}), the batch size and the epochs. {@link #resolve} is the one way
 * from these flags to a run's {@link TrialConfig}, which builds the network, optimizer, schedule
 * and trainer; so the same flags give the same run in every command.
 *
 * <p>A flag left out takes {@code jmlp train}'s default, or on small data the small-data recipe's
 * ({@link TrainingRecipe}, the one the Java estimators use too). A command that needs another default says so in its help and sets it
 * with {@link #commandDefault}; such a value, like a flag given, wins over the recipe.
 */
final class TrainingFlags {

    @Spec(Spec.Target.MIXEE)
    CommandSpec command;

    @Mixin
    NetworkOptions network = new NetworkOptions();

    @Mixin
    OptimizerOptions optimizer = new OptimizerOptions();

    @Mixin
    ScheduleOptions schedule = new ScheduleOptions();

    @Mixin
    RegularizationOptions regularization = new RegularizationOptions();

    /** No annotated default: a command may start from another ({@link #commandDefault}); help shows this value. */
    @Option(
            names = "--batch-size",
            paramLabel = "N|full",
            description =
                    "Examples per optimizer step: 1 for SGD on single examples, full (or 0) for full-batch gradient descent. "
                            + "Small data (< 5,000 training rows): 32.")
    String batchSize = "100";

    @Option(names = "--epochs", paramLabel = "N", description = "Passes over the training set. Small data: 100.")
    int epochs = 10;

    /** The flags whose value the command chose in place of train's default; like a flag given, they win over the recipe. */
    private final Set<String> commandDefaults = new TreeSet<>();

    /**
     * Marks {@code flags} as set by the command to its own defaults (documented in its help), so the
     * small-data recipe leaves them alone. Call it where the command creates this mixin.
     */
    TrainingFlags commandDefault(String... flags) {
        commandDefaults.addAll(List.of(flags));
        return this;
    }

    /** A run's configuration, and the flags the small-data recipe filled in (empty: none). */
    record Resolved(TrialConfig config, String recipeName, List<String> fromRecipe) {

        /** A line saying which flags came from the recipe, or empty. */
        String note() {
            return note(null);
        }

        /** As {@link #note()}, naming only the flags among {@code shown} (the ones a command uses). */
        String note(Collection<String> shown) {
            List<String> filled = fromRecipe.stream()
                    .filter(f -> shown == null || shown.contains(f.substring(0, f.indexOf(' '))))
                    .toList();
            if (filled.isEmpty()) {
                return "";
            }
            return String.format(
                    Locale.ROOT,
                    "(%s defaults, under %,d training rows: %s; a flag given wins)",
                    recipeName,
                    TrainingRecipe.SMALL_DATA_ROWS,
                    String.join(" ", filled));
        }
    }

    /** Parses and checks every flag without data, so a typo fails before anything is loaded or written. */
    void check() {
        network.check();
        optimizer.check();
        ScheduleOptions.checked(
                schedule.schedule,
                optimizer.learningRate != null
                        ? optimizer.learningRate
                        : OptimizerSettings.defaults(optimizer.optimizerName()).defaultLearningRate());
        parseBatchSize(batchSize);
        if (epochs < 1) {
            throw new IllegalArgumentException("--epochs must be >= 1, got " + epochs);
        }
        fixedSettings();
    }

    /** Whether the user gave {@code flag} on the command line. */
    boolean given(String flag) {
        ParseResult parsed = command.commandLine().getParseResult();
        return parsed != null && parsed.hasMatchedOption(flag);
    }

    /** Refuses {@code flag} when given: it means nothing to this command ({@code why}, with what to do instead). */
    void refuse(String flag, String why) {
        if (given(flag)) {
            throw new IllegalArgumentException(flag + ": " + why);
        }
    }

    /**
     * The run these flags describe for a training set of {@code trainingRows} rows (after any
     * validation or fold split): each flag as given, else the command's default, else the small-data
     * recipe's value under {@link TrainingRecipe#SMALL_DATA_ROWS} rows, else train's default.
     */
    Resolved resolve(int trainingRows) {
        check();
        // The seed recipe's values are these flags' own defaults (a test ties them); only the small-data one fills
        // flags in.
        Optional<TrainingRecipe> recipe =
                Optional.of(TrainingRecipe.forTrainingRows(trainingRows)).filter(r -> r != TrainingRecipe.SEED);
        List<String> fromRecipe = new ArrayList<>();
        String layers = recipeValue(
                recipe,
                "--layers",
                network.layers,
                r -> String.join(",", r.hidden().stream().map(String::valueOf).toList()),
                fromRecipe);
        String batch = recipeValue(recipe, "--batch-size", batchSize, r -> Integer.toString(r.batchSize()), fromRecipe);
        int runEpochs = Integer.parseInt(recipeValue(
                recipe, "--epochs", Integer.toString(epochs), r -> Integer.toString(r.epochs()), fromRecipe));
        // A fixed period, not one taken from --epochs: a run stopped and resumed with a larger --epochs
        // must keep the rates it started with (resume is bit-identical).
        String rates = recipeValue(recipe, "--schedule", schedule.schedule, TrainingRecipe::schedule, fromRecipe);
        String name = optimizer.optimizerName();
        double rate;
        Double recipeRate = recipe.map(r -> r.learningRate(name)).orElse(null);
        if (optimizer.learningRate != null && (given("--lr") || commandDefaults.contains("--lr"))) {
            rate = optimizer.learningRate;
        } else if (recipeRate != null) {
            rate = recipeRate;
            fromRecipe.add("--lr " + recipeRate);
        } else {
            rate = optimizer.learningRate != null
                    ? optimizer.learningRate
                    : OptimizerSettings.defaults(name).defaultLearningRate();
        }
        ScheduleOptions.checked(rates, rate);
        TrialConfig config = new TrialConfig(
                Arrays.stream(NetworkOptions.parseLayers(layers)).boxed().toList(),
                network.activation.trim().toLowerCase(Locale.ROOT),
                network.batchNorm,
                name,
                rate,
                optimizer.l2,
                parseBatchSize(batch),
                rates,
                runEpochs,
                fixedSettings());
        return new Resolved(config, recipe.map(TrainingRecipe::name).orElse(""), List.copyOf(fromRecipe));
    }

    private String recipeValue(
            Optional<TrainingRecipe> recipe,
            String flag,
            String flagValue,
            java.util.function.Function<TrainingRecipe, String> recipes,
            List<String> fromRecipe) {
        if (recipe.isEmpty() || given(flag) || commandDefaults.contains(flag)) {
            return flagValue;
        }
        String value = recipes.apply(recipe.get());
        fromRecipe.add(flag + " " + value);
        return value;
    }

    /** The settings a search does not vary, from the same flags as {@code jmlp search} reads them. */
    FixedSettings fixedSettings() {
        return FixedTrainingOptions.of(network.details, optimizer.hyperparameters, schedule.warmup, regularization);
    }

    /** {@code --batch-size}: a count >= 1, or {@code full}/{@code 0} for the whole training set. */
    static int parseBatchSize(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        if (t.equals("full") || t.equals("0")) {
            return TrainingOptions.FULL_BATCH;
        }
        try {
            int n = Integer.parseInt(t);
            if (n >= 1) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(
                "--batch-size takes a number of examples >= 1, or 'full' (also 0) for full-batch "
                        + "gradient descent; got '" + text + "'");
    }
}
