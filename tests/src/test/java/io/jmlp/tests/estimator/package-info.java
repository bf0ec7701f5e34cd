/**
 * End-to-end tests of the estimators ({@code io.jmlp.estimator}): fit and predict in the user's
 * labels and targets, probabilities and scores, cross-validation, bad input failing with what is
 * wrong, and models saved with the CLI's file format, labels and scaler included, loading back to
 * the same predictions.
 */
package io.jmlp.tests.estimator;
