/**
 * The training objectives on a network's output: {@link io.jmlp.loss.SoftmaxCrossEntropy},
 * {@link io.jmlp.loss.BinaryCrossEntropy}, {@link io.jmlp.loss.MeanSquaredError} and
 * {@link io.jmlp.loss.MulticlassHinge}. Each one is a single fused backend op that writes the
 * gradient of the batch mean and adds the batch's summed loss to a device accumulator, so the
 * trainer reads losses once per epoch. {@link io.jmlp.loss.Loss#parse} reads the names the
 * {@code --loss} flag and model files use.
 */
package io.jmlp.loss;
