package io.jmlp.spark.search;

import io.jmlp.backend.Backend;
import io.jmlp.data.Dataset;
import io.jmlp.select.FoldScore;
import io.jmlp.select.Search;
import io.jmlp.select.TrialExecutor;
import io.jmlp.select.Validation;
import io.jmlp.spark.train.TaskBackends;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import scala.Tuple2;

/**
 * Runs {@link Search}'s trials as Spark tasks: the data set is broadcast once, and each round's
 * trials become one task each ({@code parallelism} 0), or {@code parallelism} tasks that each train
 * their share one after another. Trials are independent and seeded, so the scores — and the
 * leaderboard — are those of {@code jmlp search} on one machine, whatever the parallelism. Rounds
 * may be submitted from several threads at once (Spark runs concurrent jobs), so Hyperband's
 * brackets run concurrently.
 */
public final class SparkTrialExecutor implements TrialExecutor, AutoCloseable {
    private final JavaSparkContext sc;
    private final int parallelism;
    private final String backend;
    private Dataset broadcastOf;
    private Broadcast<HostData> data;

    /**
     * @param parallelism tasks per round: 0 for one task per trial, else at most this many
     * @param backend     the backend spec each task opens
     */
    public SparkTrialExecutor(JavaSparkContext sc, int parallelism, String backend) {
        if (parallelism < 0) {
            throw new IllegalArgumentException("parallelism must be >= 0 (0: one task per trial), got " + parallelism);
        }
        this.sc = sc;
        this.parallelism = parallelism;
        this.backend = backend;
    }

    @Override
    public int workers() {
        return parallelism > 0 ? parallelism : sc.defaultParallelism();
    }

    @Override
    public boolean concurrent() {
        return true;
    }

    @Override
    public List<FoldScore> score(Dataset dataset, Validation validation, List<Trial> trials) {
        Broadcast<HostData> shared = broadcast(dataset);
        int folds = validation.folds();
        int repeats = validation.repeats();
        double holdout = validation.holdoutFraction();
        String scaler = validation.scaler();
        long seed = validation.seed();
        String spec = backend;
        List<Integer> indices = new ArrayList<>();
        for (int i = 0; i < trials.size(); i++) {
            indices.add(i);
        }
        int tasks = parallelism > 0 ? Math.min(parallelism, trials.size()) : trials.size();
        List<Tuple2<Integer, FoldScore>> scored = sc.parallelize(indices, tasks)
                .mapPartitions((Iterator<Integer> mine) -> {
                    List<Tuple2<Integer, FoldScore>> out = new ArrayList<>();
                    if (!mine.hasNext()) {
                        return out.iterator();
                    }
                    Dataset rows = shared.value().toDataset();
                    Validation v = new Validation(folds, repeats, holdout, scaler, seed);
                    try (Backend b = TaskBackends.open(spec, false)) {
                        while (mine.hasNext()) {
                            int i = mine.next();
                            out.add(new Tuple2<>(i, TrialExecutor.scoreOne(b, rows, v, trials.get(i))));
                        }
                    }
                    return out.iterator();
                })
                .collect();
        FoldScore[] ordered = new FoldScore[trials.size()];
        for (Tuple2<Integer, FoldScore> t : scored) {
            ordered[t._1()] = t._2();
        }
        return List.of(ordered);
    }

    /** One broadcast per data set (a search scores every round on the same one). */
    private synchronized Broadcast<HostData> broadcast(Dataset dataset) {
        if (broadcastOf != dataset) {
            if (data != null) {
                data.destroy();
            }
            data = sc.broadcast(HostData.of(dataset));
            broadcastOf = dataset;
        }
        return data;
    }

    /** Frees the broadcast data set on the executors. */
    @Override
    public synchronized void close() {
        if (data != null) {
            data.destroy();
            data = null;
            broadcastOf = null;
        }
    }
}
