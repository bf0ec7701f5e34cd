package io.jmlp.select;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What a search is asked to do, as {@code jmlp search} and {@code jmlp spark search} take it from
 * their flags: the strategy, the space (a file, flags over it, and jmlp search's defaults under
 * both), and the strategy's sizes. One place, so that the same flags mean the same search on one
 * machine and on Spark (their leaderboards are tested to be equal).
 *
 * @param strategy   grid, random, halving or hyperband (any case)
 * @param spaceFile  a search space file of {@code key = value} lines, or null
 * @param spaceFlags flag name (without {@code --}) → value given on the command line; null values are absent flags
 * @param trials     configurations drawn (random, halving)
 * @param epochs     epochs per trial (grid, random)
 * @param budget     successive halving's total budget in epochs, or null for 4 × trials × ⌈log2 trials⌉
 * @param maxEpochs  Hyperband's R
 * @param eta        Hyperband's η
 */
public record SearchPlan(
        String strategy,
        Path spaceFile,
        Map<String, String> spaceFlags,
        int trials,
        int epochs,
        Integer budget,
        int maxEpochs,
        int eta) {
    public static final List<String> STRATEGIES = List.of("grid", "random", "halving", "hyperband");

    public SearchPlan {
        strategy = strategy.trim().toLowerCase(Locale.ROOT);
        if (!STRATEGIES.contains(strategy)) {
            throw new IllegalArgumentException(
                    "--strategy takes grid, random, halving or hyperband, got '" + strategy + "'");
        }
        spaceFlags = new LinkedHashMap<>(spaceFlags);
    }

    /** The space: jmlp search's defaults, under the file's values, under the flags given. */
    public SearchSpace space() throws IOException {
        boolean grid = strategy.equals("grid");
        Map<String, String> defaults = Map.of(
                "layers",
                "16;32,16",
                "activation",
                "relu",
                "batch-norm",
                "false",
                "optimizer",
                "adam",
                "lr",
                grid ? "0.001,0.01,0.1" : "1e-4..0.3",
                "l2",
                grid ? "0" : "1e-6..1e-2",
                "batch-size",
                "32",
                "schedule",
                "constant");
        Map<String, String> values = new LinkedHashMap<>();
        if (spaceFile != null) {
            values.putAll(SearchSpace.readFile(spaceFile));
        }
        spaceFlags.forEach((k, v) -> {
            if (v != null) {
                values.put(k, v);
            }
        });
        return SearchSpace.of(values, defaults);
    }

    /** Successive halving's budget: as given, else 4 × trials × ⌈log2 trials⌉ epochs. */
    public int halvingBudget() {
        if (budget != null) {
            return budget;
        }
        int log2 = 32 - Integer.numberOfLeadingZeros(Math.max(1, trials - 1));
        return 4 * trials * Math.max(1, log2);
    }

    /** Runs the strategy on {@code search} over {@code space}. */
    public void run(Search search, SearchSpace space, long seed) {
        switch (strategy) {
            case "grid" -> search.grid(space, epochs);
            case "random" -> search.random(space, trials, epochs, seed);
            case "halving" -> search.halving(space, trials, halvingBudget(), seed);
            default -> search.hyperband(space, maxEpochs, eta, seed);
        }
    }

    /** One line on what the strategy will do (its rounds or brackets), for the run's header. */
    public String describe() {
        return switch (strategy) {
            case "grid" -> "grid, every combination, " + epochs + " epochs each";
            case "random" -> trials + " random configurations, " + epochs + " epochs each";
            case "halving" -> {
                List<SuccessiveHalving.Round> plan = SuccessiveHalving.plan(trials, halvingBudget());
                yield String.format(
                        Locale.ROOT,
                        "successive halving, %d configurations, budget %d epochs: %s",
                        trials,
                        halvingBudget(),
                        String.join(
                                ", ",
                                plan.stream()
                                        .map(r -> r.configs() + "×" + r.epochs() + "ep")
                                        .toList()));
            }
            default -> {
                List<Hyperband.Bracket> plan = Hyperband.plan(maxEpochs, eta);
                yield String.format(
                        Locale.ROOT,
                        "hyperband, R = %d epochs, eta = %d, %d brackets, %d configurations",
                        maxEpochs,
                        eta,
                        plan.size(),
                        Hyperband.configsNeeded(plan));
            }
        };
    }

    /** The space's flags as both commands take them (null: not given). */
    public record SpaceFlags(
            String layers,
            String activation,
            String batchNorm,
            String optimizer,
            String lr,
            String l2,
            String batchSize,
            String schedule) {
        /** Flag name (without {@code --}) → value, for {@link SearchPlan#spaceFlags()}. */
        public Map<String, String> toMap() {
            Map<String, String> flags = new LinkedHashMap<>();
            flags.put("layers", layers);
            flags.put("activation", activation);
            flags.put("batch-norm", batchNorm);
            flags.put("optimizer", optimizer);
            flags.put("lr", lr);
            flags.put("l2", l2);
            flags.put("batch-size", batchSize);
            flags.put("schedule", schedule);
            return flags;
        }
    }

    /** The winner of a finished search and the {@code jmlp train} command that trains it. */
    public record Outcome(Leaderboard board, TrialResult best, String trainCommand, int trainings) {}

    /** The leaderboard of {@code search} ranked by {@code ranking}, its best trial and that trial as a train command. */
    public static Outcome outcome(Search search, Metric ranking, String data, long seed, boolean classification) {
        Leaderboard board = new Leaderboard(search.leaderboard(), ranking);
        TrialResult best = board.best();
        String trial = best.config().trainCommand(data, seed);
        // Regression trials train with mse; say so unless the trials' own --loss already does (a flag may be given
        // once).
        String command = trial + (classification || trial.contains(" --loss ") ? "" : " --loss mse");
        return new Outcome(
                board,
                best,
                command,
                search.results().stream().mapToInt(r -> r.folds().size()).sum());
    }
}
