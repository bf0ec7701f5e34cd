package io.jmlp.select;

import io.jmlp.data.Dataset;
import io.jmlp.data.Folds;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;

/**
 * Hyperparameter search over a {@link SearchSpace}: grid, random, successive halving and
 * Hyperband. Every configuration is trained and scored by {@link TrialRun} on the splits of one
 * {@link Validation}, all (configuration, split) jobs of a round in parallel on a {@link TrialExecutor}
 * (a {@link WorkerPool}'s threads, or Spark tasks); every trial uses the same seed, so
 * configurations differ only in their hyperparameters and a result never depends on scheduling.
 * Where the executor allows it, Hyperband's brackets run concurrently; their results are kept in
 * bracket order all the same, so {@link #results()} and the leaderboard do not depend on it.
 */
public final class Search {
    private final TrialExecutor executor;
    private final Dataset data;
    private final Validation validation;
    private final Metric metric;
    private final Consumer<String> progress;
    private final List<Folds.Fold> splits;
    private final List<TrialResult> all = new ArrayList<>();

    public Search(WorkerPool pool, Dataset data, Validation validation, Metric metric, Consumer<String> progress) {
        this(TrialExecutor.threads(pool), data, validation, metric, progress);
    }

    public Search(
            TrialExecutor executor, Dataset data, Validation validation, Metric metric, Consumer<String> progress) {
        if (!metric.appliesTo(data.isClassification())) {
            throw new IllegalArgumentException("--metric " + metric.cliName() + " does not apply to "
                    + (data.isClassification() ? "classification" : "regression") + " data");
        }
        this.executor = executor;
        this.data = data;
        this.validation = validation;
        this.metric = metric;
        this.progress = progress;
        this.splits = validation.splits(data);
    }

    public Metric metric() {
        return metric;
    }

    /** Every result so far, in the order the strategy ran them (brackets in order, whether they ran concurrently or not). */
    public synchronized List<TrialResult> results() {
        return List.copyOf(all);
    }

    /** Scores each configuration of {@code configs} (their ids are their positions). */
    public List<TrialResult> evaluateAll(List<TrialConfig> configs, String stage) {
        List<Integer> ids = new ArrayList<>();
        for (int i = 0; i < configs.size(); i++) {
            ids.add(i);
        }
        return record(evaluate(ids, configs, stage));
    }

    private synchronized List<TrialResult> record(List<TrialResult> results) {
        all.addAll(results);
        return results;
    }

    /** Scores the configurations {@code ids} of {@code configs}; returns them in {@code ids} order. */
    private List<TrialResult> evaluate(List<Integer> ids, List<TrialConfig> configs, String stage) {
        List<TrialExecutor.Trial> jobs = new ArrayList<>();
        for (int id : ids) {
            for (Folds.Fold split : splits) {
                jobs.add(new TrialExecutor.Trial(configs.get(id), split));
            }
        }
        progress.accept(String.format(
                Locale.ROOT,
                "%s: %d configuration%s × %d split%s, %d epochs each, on %d workers",
                stage,
                ids.size(),
                ids.size() == 1 ? "" : "s",
                splits.size(),
                splits.size() == 1 ? "" : "s",
                configs.get(ids.get(0)).epochs(),
                Math.min(executor.workers(), jobs.size())));
        List<FoldScore> scores = executor.score(data, validation, jobs);
        List<TrialResult> results = new ArrayList<>();
        for (int k = 0; k < ids.size(); k++) {
            results.add(new TrialResult(
                    ids.get(k),
                    configs.get(ids.get(k)),
                    stage,
                    List.copyOf(scores.subList(k * splits.size(), (k + 1) * splits.size()))));
        }
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
        record(runBracket(
                0,
                configs,
                plan.stream()
                        .map(r -> new Hyperband.Rung(r.configs(), r.epochs(), r.keep()))
                        .toList(),
                "round"));
        return results();
    }

    /** Hyperband with at most {@code maxEpochs} per configuration and cut factor {@code eta} ({@link Hyperband}). */
    public List<TrialResult> hyperband(SearchSpace space, int maxEpochs, int eta, long seed) {
        List<Hyperband.Bracket> plan = Hyperband.plan(maxEpochs, eta);
        List<TrialConfig> configs = space.sample(Hyperband.configsNeeded(plan), 1, seed);
        List<Callable<List<TrialResult>>> brackets = new ArrayList<>();
        int first = 0;
        for (Hyperband.Bracket bracket : plan) {
            int offset = first;
            List<TrialConfig> mine = configs.subList(first, first + bracket.startingConfigs());
            brackets.add(() -> runBracket(offset, mine, bracket.rungs(), "s=" + bracket.s() + " rung"));
            first += bracket.startingConfigs();
        }
        for (List<TrialResult> bracketResults : runBrackets(brackets)) {
            record(bracketResults);
        }
        return results();
    }

    /** Each bracket's results, in bracket order: concurrently where the executor allows, else one after another. */
    private List<List<TrialResult>> runBrackets(List<Callable<List<TrialResult>>> brackets) {
        List<List<TrialResult>> out = new ArrayList<>();
        if (!executor.concurrent() || brackets.size() == 1) {
            for (Callable<List<TrialResult>> b : brackets) {
                out.add(call(b));
            }
            return out;
        }
        ExecutorService threads = Executors.newFixedThreadPool(brackets.size());
        try {
            List<Future<List<TrialResult>>> running = new ArrayList<>();
            for (Callable<List<TrialResult>> b : brackets) {
                running.add(threads.submit(b));
            }
            for (Future<List<TrialResult>> f : running) {
                out.add(f.get());
            }
            return out;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the Hyperband brackets ran", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException("a Hyperband bracket failed: " + e.getCause(), e.getCause());
        } finally {
            threads.shutdownNow();
        }
    }

    private static List<TrialResult> call(Callable<List<TrialResult>> bracket) {
        try {
            return bracket.call();
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Runs the rungs in order on configurations {@code offset…}; each rung keeps the best {@code keep} for the next.
     * Returns every rung's results, in order (the caller records them).
     */
    private List<TrialResult> runBracket(
            int offset, List<TrialConfig> configs, List<Hyperband.Rung> rungs, String stageName) {
        List<TrialResult> bracketResults = new ArrayList<>();
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
            List<TrialResult> results = new ArrayList<>(evaluate(
                    alive, withEpochs, String.format(Locale.ROOT, "%s %d/%d", stageName, r + 1, rungs.size())));
            bracketResults.addAll(results);
            results.sort(byScore());
            alive = new ArrayList<>();
            for (int k = 0; k < Math.min(rung.keep(), results.size()); k++) {
                alive.add(results.get(k).id());
            }
        }
        return bracketResults;
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
        for (TrialResult r : results()) {
            latest.merge(
                    r.id(),
                    r,
                    (old, now) -> now.config().epochs() >= old.config().epochs() ? now : old);
        }
        List<TrialResult> rows = new ArrayList<>(latest.values());
        rows.sort(
                Comparator.comparingInt((TrialResult r) -> -r.config().epochs()).thenComparing(byScore()));
        return rows;
    }
}
