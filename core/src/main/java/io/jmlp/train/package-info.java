/**
 * The training loop: {@link io.jmlp.train.Trainer} runs mini-batch epochs of an {@code io.jmlp.nn.Mlp}
 * on its backend, gathering each batch on the device from a {@link io.jmlp.train.DeviceDataset}
 * uploaded once, with schedules, validation, early stopping and {@link io.jmlp.train.TrainingListener}s
 * for progress, logging and plots, and returns a {@link io.jmlp.train.History} of
 * {@link io.jmlp.train.EpochRecord}s. {@link io.jmlp.train.TrainingRecipe} sizes a run from the data
 * when the user leaves values unset, and {@link io.jmlp.train.LearningRateFinder} is the learning-rate
 * range test. The estimators ({@code io.jmlp.estimator}), the CLI and Spark's workers all train
 * through here.
 */
package io.jmlp.train;
