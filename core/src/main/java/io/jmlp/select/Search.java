package io.jmlp.select;

import io.jmlp.data.Dataset;
import io.jmlp.data.Folds;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * Hyperparameter search over a {@link SearchSpace}: grid, random, successive halving and
 * Hyperband. Every configuration is trained and scored by {@link TrialRun} on the splits of one
 * {@link Validation}, all (configuration, split) jobs of a round in parallel on a {@link WorkerPool};
 * every trial uses the same seed, so configurations differ only in their hyperparameters and a
 * result never depends on scheduling.
 */
public final class Search {
    private final WorkerPool pool;
    private final Dataset data;
    private final Validation validation;
    private final Metric metric;
    private final Consumer<String> progress;
    private final List<Folds.Fold> splits;
    private final List<TrialResult> all = new ArrayList<>();

    public Search(WorkerPool pool, Dataset data, Validation validation, Metric metric, Consumer<String> progress) {
        if (!metric.appliesTo(data.isClassification())) {
            throw new IllegalArgumentException("--metric " + metric.cliName() + " does not apply to "
                    + (data.isClassification() ? "classification" : "regression") + " data");
        }
        this.pool = pool;
        this.data = data;
        this.validation = validation;
        this.metric = metric;
        this.progress = progress;
        this.splits = validation.splits(data);
    }

    public Metric metric() {
        return metric;
    }

    /** Every result so far, in the order they ran. */
    public List<TrialResult> results() {
        return List.copyOf(all);
    }

    /** Scores each configuration of {@code configs} (their ids are their positions). */
    public List<TrialResult> evaluateAll(List<TrialConfig> configs, String stage) {
        List<Integer> ids = new ArrayList<>();
        for (int i = 0; i < configs.size(); i++) {
            ids.add(i);
        }
        return evaluate(ids, configs, stage);
    }

    /** Scores the configurations {@code ids} of {@code configs}; returns them in {@code ids} order. */
    private List<TrialResult> evaluate(List<Integer> ids, List<TrialConfig> configs, String stage) {
        record Job(int config, Folds.Fold split) {
        }
        List<Job> jobs = new ArrayList<>();
        for (int id : ids) {
            for (Folds.Fold split : splits) {
                jobs.add(new Job(id, split));
            }
        }
        progress.accept(String.format(Locale.ROOT, "%s: %d configuration%s × %d split%s, %d epochs each, on %d workers", stage,
                ids.size(), ids.size() == 1 ? "" : "s", splits.size(), splits.size() == 1 ? "" : "s", configs.get(ids.get(0)).epochs(),
                Math.min(pool.workers(), jobs.size())));
        List<FoldScore> scores = pool.map(jobs, (backend, job) -> TrialRun.fitAndScore(backend, configs.get(job.config()),
                data.select(job.split().trainRows(), data.name() + " train"),
                data.select(job.split().testRows(), data.name() + " validation"),
                validation.scaler(), validation.seed(), job.split().repeat(), job.split().fold()));
        List<TrialResult> results = new ArrayList<>();
        for (int k = 0; k < ids.size(); k++) {
            results.add(new TrialResult(ids.get(k), configs.get(ids.get(k)), stage,
                    scores.subList(k * splits.size(), (k + 1) * splits.size())));
        }
        all.addAll(results);
        return results;
    }

    public List<TrialResult> grid(SearchSpace space, int epochs) {
        return evaluateAll(space.grid(epochs), "grid");
    }

    public List<TrialResult> random(SearchSpace space, int trials, int epochs, long seed) {
        return evaluateAll(space.sample(trials, epochs, seed), "random");
    }

    /** Successive halving over {@code trials} sampled configurations with a budget of {@code budget} epochs ({@link SuccessiveHalving}). */
    public List<TrialResult> halving(SearchSpace space, int trials, int budget, long seed) {
        List<TrialConfig> configs = space.sample(trials, 1, seed);
        List<SuccessiveHalving.Round> plan = SuccessiveHalving.plan(trials, budget);
        runHalving(configs, plan.stream().map(r -> new Hyperband.Rung(r.configs(), r.epochs(), r.keep())).toList(), "round");
        return all;
    }

    /** Hyperband with at most {@code maxEpochs} per configuration and cut factor {@code eta} ({@link Hyperband}). */
    public List<TrialResult> hyperband(SearchSpace space, int maxEpochs, int eta, long seed) {
        List<Hyperband.Bracket> plan = Hyperband.plan(maxEpochs, eta);
        List<TrialConfig> configs = space.sample(Hyperband.configsNeeded(plan), 1, seed);
        int first = 0;
        for (Hyperband.Bracket bracket : plan) {
            List<TrialConfig> mine = configs.subList(first, first + bracket.startingConfigs());
            runBracket(first, mine, bracket.rungs(), "s=" + bracket.s() + " rung");
            first += bracket.startingConfigs();
        }
        return all;
    }

    private void runHalving(List<TrialConfig> configs, List<Hyperband.Rung> rungs, String stageName) {
        runBracket(0, configs, rungs, stageName);
    }

    /** Runs the rungs in order on configurations {@code offset…}; each rung keeps the best {@code keep} for the next. */
    private void runBracket(int offset, List<TrialConfig> configs, List<Hyperband.Rung> rungs, String stageName) {
        List<Integer> alive = new ArrayList<>();
        for (int i = 0; i < rungs.get(0).configs(); i++) {
            alive.add(offset + i);
        }
        List<TrialConfig> byId = new ArrayList<>();
        for (int i = 0; i < offset; i++) {
            byId.add(null);
        }
        for (int r = 0; r < rungs.size(); r++) {
            Hyperband.Rung rung = rungs.get(r);
            List<TrialConfig> withEpochs = new ArrayList<>(byId);
            for (TrialConfig c : configs) {
                withEpochs.add(c.withEpochs(rung.epochs()));
            }
            List<TrialResult> results = new ArrayList<>(evaluate(alive, withEpochs,
                    String.format(Locale.ROOT, "%s %d/%d", stageName, r + 1, rungs.size())));
            results.sort(byScore());
            alive = new ArrayList<>();
            for (int k = 0; k < Math.min(rung.keep(), results.size()); k++) {
                alive.add(results.get(k).id());
            }
        }
    }

    /** Best first by the metric; failed trials last; ties by id (deterministic). */
    public Comparator<TrialResult> byScore() {
        return (a, b) -> {
            int c = metric.compare(b.mean(metric), a.mean(metric));
            return c != 0 ? c : Integer.compare(a.id(), b.id());
        };
    }

    /**
     * One row per configuration — its result at the largest budget it reached — ordered by that
     * budget, then by score: for halving and Hyperband the survivors of the last rounds come first,
     * and the first row is the winner.
     */
    public List<TrialResult> leaderboard() {
        java.util.Map<Integer, TrialResult> latest = new java.util.LinkedHashMap<>();
        for (TrialResult r : all) {
            latest.merge(r.id(), r, (old, now) -> now.config().epochs() >= old.config().epochs() ? now : old);
        }
        List<TrialResult> rows = new ArrayList<>(latest.values());
        rows.sort(Comparator.comparingInt((TrialResult r) -> -r.config().epochs()).thenComparing(byScore()));
        return rows;
    }
}
