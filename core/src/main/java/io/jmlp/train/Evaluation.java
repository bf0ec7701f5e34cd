package io.jmlp.train;

/**
 * A model's mean loss and accuracy on a dataset.
 *
 * @param accuracy fraction correct, NaN for regression
 * @param rows     how many examples were scored
 */
public record Evaluation(double loss, double accuracy, int rows) {}
