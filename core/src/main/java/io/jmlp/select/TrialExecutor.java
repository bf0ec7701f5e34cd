package io.jmlp.select;

import io.jmlp.data.Dataset;
import io.jmlp.data.Folds;
import java.io.Serializable;
import java.util.List;

/**
 * Runs the trainings of a search round: {@link #threads} on one machine (a {@link WorkerPool}),
 * Spark tasks in the jmlp-spark module. Whatever runs them, a trial's score depends only on the
 * trial (its configuration, its split and the validation's seed), so every executor gives the same
 * leaderboard.
 */
public interface TrialExecutor {

    /** One training: a configuration on one train/held-out split. */
    record Trial(TrialConfig config, Folds.Fold split) implements Serializable {}

    /** How many trials run at once, for progress lines. */
    int workers();

    /** Scores each trial as {@link TrialRun#fitAndScore} does, on the rows of {@code data}; results in {@code trials} order. */
    List<FoldScore> score(Dataset data, Validation validation, List<Trial> trials);

    /** Whether {@link #score} may be called from several threads at once (Hyperband then runs its brackets concurrently). */
    default boolean concurrent() {
        return false;
    }

    /** The one-machine executor: the trials of a round in parallel on {@code pool}'s threads. */
    static TrialExecutor threads(WorkerPool pool) {
        return new TrialExecutor() {
            @Override
            public int workers() {
                return pool.workers();
            }

            @Override
            public List<FoldScore> score(Dataset data, Validation validation, List<Trial> trials) {
                return pool.map(trials, (backend, trial) -> scoreOne(backend, data, validation, trial));
            }
        };
    }

    /** One trial on {@code backend}: train on the split's training rows, score on its held-out rows. */
    static FoldScore scoreOne(io.jmlp.backend.Backend backend, Dataset data, Validation validation, Trial trial) {
        Folds.Fold split = trial.split();
        return TrialRun.fitAndScore(
                backend,
                trial.config(),
                data.select(split.trainRows(), data.name() + " train"),
                data.select(split.testRows(), data.name() + " validation"),
                validation.scaler(),
                validation.seed(),
                split.repeat(),
                split.fold());
    }
}
