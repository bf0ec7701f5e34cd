package io.jmlp.spark.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jmlp.cpu.CpuBackend;
import io.jmlp.data.DataSources;
import io.jmlp.data.Dataset;
import io.jmlp.select.Metric;
import io.jmlp.select.Search;
import io.jmlp.select.SearchSpace;
import io.jmlp.select.TrialExecutor;
import io.jmlp.select.TrialResult;
import io.jmlp.select.Validation;
import io.jmlp.select.WorkerPool;
import io.jmlp.spark.SparkTestSession;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Search on Spark against search on one machine: the same space and seed must give the same
 * leaderboard — every configuration, stage and score, exactly — whether the trials run one task
 * each, two tasks per round, one task per round, or on a one-machine {@link WorkerPool}.
 */
class SparkTrialExecutorTest {
    private static Dataset moons;
    private static JavaSparkContext sc;
    private static final Validation HOLDOUT = new Validation(0, 1, 0.25, "standard", 3);

    @BeforeAll
    static void setUp() throws Exception {
        moons = DataSources.load("moons:n=300", 3).train();
        sc = JavaSparkContext.fromSparkContext(SparkTestSession.get().sparkContext());
    }

    private static SearchSpace space() {
        return SearchSpace.of(
                Map.of("layers", "8;16,8", "optimizer", "adam,sgd", "lr", "1e-3..0.1"),
                Map.of(
                        "activation",
                        "relu",
                        "batch-norm",
                        "false",
                        "l2",
                        "0",
                        "batch-size",
                        "32",
                        "schedule",
                        "constant"));
    }

    private static List<String> leaderboard(TrialExecutor executor, Function<Search, List<TrialResult>> strategy) {
        Search search = new Search(executor, moons, HOLDOUT, Metric.ACCURACY, line -> {});
        strategy.apply(search);
        return search.leaderboard().stream()
                .map(r -> r.id() + " " + r.stage() + " " + r.config() + " " + r.means())
                .toList();
    }

    @Test
    void randomSearchLeaderboardIsTheSameOnEveryParallelismAndOnOneMachine() {
        Function<Search, List<TrialResult>> random = s -> s.random(space(), 5, 4, 11);
        List<String> oneMachine = leaderboard(TrialExecutor.threads(new WorkerPool(2, w -> new CpuBackend(1))), random);
        assertEquals(5, oneMachine.size());
        for (int parallelism : new int[] {1, 2, 0}) {
            try (SparkTrialExecutor spark = new SparkTrialExecutor(sc, parallelism, "cpu")) {
                assertEquals(oneMachine, leaderboard(spark, random), "parallelism " + parallelism);
            }
        }
    }

    @Test
    void hyperbandWithConcurrentBracketsMatchesOneMachine() {
        Function<Search, List<TrialResult>> hyperband = s -> s.hyperband(space(), 4, 2, 5);
        List<String> oneMachine =
                leaderboard(TrialExecutor.threads(new WorkerPool(1, w -> new CpuBackend(1))), hyperband);
        assertTrue(oneMachine.size() > 3, "hyperband draws several configurations");
        try (SparkTrialExecutor spark = new SparkTrialExecutor(sc, 0, "cpu")) {
            assertEquals(oneMachine, leaderboard(spark, hyperband));
        }
    }
}
