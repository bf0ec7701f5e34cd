/**
 * jmlp on Apache Spark ML: {@link io.jmlp.spark.JmlpClassifier} and {@link io.jmlp.spark.JmlpRegressor}
 * are Spark {@code Predictor}s with MLlib-style Params, trained by local SGD with exact parameter
 * averaging ({@code io.jmlp.spark.train}), and their fitted models predict partition by partition on
 * each task's own backend ({@code BatchPredictor}). Stages save and load as Spark's own do
 * ({@code SavedStage}). Spark is a provided dependency: nothing else in jmlp depends on this module
 * (docs/spark.md).
 */
package io.jmlp.spark;
