/**
 * Hyperparameter search with one trial per Spark task: {@link io.jmlp.spark.search.SparkTrialExecutor}
 * is an {@code io.jmlp.select.TrialExecutor} that broadcasts the data once and runs each round's
 * trials as tasks. The space, the strategies and the scores are those of {@code io.jmlp.select}, so a
 * search gives the same leaderboard on Spark as on one machine.
 */
package io.jmlp.spark.search;
