/**
 * Model selection: hyperparameter search over a {@link io.jmlp.select.SearchSpace} by grid, random
 * sampling, successive halving or Hyperband ({@link io.jmlp.select.Search},
 * {@link io.jmlp.select.SearchPlan}), each configuration ({@link io.jmlp.select.TrialConfig}) trained
 * and scored by {@link io.jmlp.select.TrialRun} on the splits of a {@link io.jmlp.select.Validation}
 * (cross-validation or a holdout), ranked on a {@link io.jmlp.select.Leaderboard}. Trials run on a
 * {@link io.jmlp.select.TrialExecutor}: threads with a backend each here
 * ({@link io.jmlp.select.WorkerPool}), Spark tasks in {@code io.jmlp.spark.search}, with the same
 * scores either way. {@code jmlp search}, {@code jmlp cv} and {@code jmlp spark search} drive it.
 */
package io.jmlp.select;
