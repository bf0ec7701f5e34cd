package io.jmlp.train;

/**
 * What one epoch did. Accuracies are fractions in [0, 1]; values that were not measured (no
 * validation set, a regression task) are NaN.
 *
 * @param epoch         1-based
 * @param learningRate  the rate of the epoch's first step
 * @param seconds       wall time of the epoch's training steps, validation excluded
 */
public record EpochRecord(
        int epoch,
        double learningRate,
        double trainLoss,
        double trainAccuracy,
        double validationLoss,
        double validationAccuracy,
        double seconds) {}
