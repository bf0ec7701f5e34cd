/**
 * Measures of a trained model on a data set, as {@code jmlp eval} reports them: a model's
 * {@link io.jmlp.eval.Predictions} read back to the host, then accuracy, the confusion matrix,
 * precision/recall/F1, one-vs-rest ROC curves with AUC and log-loss for classifiers, and RMSE, MAE
 * and R² for regressors, computed in double as scikit-learn defines them. {@link io.jmlp.eval.ModelReport}
 * gathers them; the training loop itself only needs {@code io.jmlp.train.Evaluation}.
 */
package io.jmlp.eval;
