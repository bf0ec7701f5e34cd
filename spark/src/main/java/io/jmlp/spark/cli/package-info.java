/**
 * The {@code jmlp spark} commands ({@link io.jmlp.spark.cli.SparkMain}): {@code train}, {@code search}
 * and {@code compare}, run by {@code ./jmlp spark} in local mode or by {@code spark-submit} on a
 * cluster. They take {@code jmlp train}'s and {@code jmlp search}'s flag names and defaults, so the
 * same flags mean the same run on one machine and on Spark.
 */
package io.jmlp.spark.cli;
