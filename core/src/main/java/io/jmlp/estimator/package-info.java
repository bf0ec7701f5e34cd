/**
 * Multilayer perceptrons as estimators: configure an {@link io.jmlp.estimator.MlpClassifier} or
 * {@link io.jmlp.estimator.MlpRegressor} with its builder, {@code fit} it to your arrays, and use the
 * {@link io.jmlp.estimator.ClassificationModel} or {@link io.jmlp.estimator.RegressionModel} it
 * returns. Nothing needs closing.
 *
 * <pre>{@code
 * float[][] x = ...;                 // one row of features per example
 * String[] y = ...;                  // one label per example: any type that sorts
 * ClassificationModel<String> model = MlpClassifier.builder()
 *         .hiddenLayers(64, 32).optimizer("adam").epochs(40).scaling("standard")
 *         .build()
 *         .fit(x, y);
 * List<String> predicted = model.predict(xNew);
 * float[][] probabilities = model.predictProba(xNew);   // columns in model.classes() order
 * model.save(Path.of("my-model"));                      // jmlp predict --model my-model reads it
 * ClassificationModel<String> again = ClassificationModel.load(Path.of("my-model"));
 * double[] foldAccuracy = CrossValidation.scores(MlpClassifier.builder().build(), x, y, 5, 1);
 * }</pre>
 *
 * <p>The estimators train as {@code jmlp train} does, with the same menu, names and defaults
 * (docs/training.md), on the best backend there is unless told otherwise. Start the JVM with
 * {@code --add-modules jdk.incubator.vector} for the cpu backend's fast kernels.
 */
package io.jmlp.estimator;
