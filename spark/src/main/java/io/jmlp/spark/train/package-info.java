/**
 * Synchronous local SGD on Spark ({@link io.jmlp.spark.train.DistributedTrainer}): each round the driver
 * broadcasts the parameters, running statistics and optimizer state, every partition's
 * {@code ShardWorker} trains a few steps on its shard with jmlp's own trainer pieces, and
 * {@code treeAggregate} sums the states back with {@code ExactSum}, whose result does not depend on
 * the order Spark merges in, so a run (and a retried task) is reproducible bit for bit. Workers and
 * their uploaded shards stay cached in the executor between rounds ({@code WorkerCache}).
 */
package io.jmlp.spark.train;
