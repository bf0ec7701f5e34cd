package io.jmlp.tests.estimator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jmlp.data.Dataset;
import io.jmlp.data.Moons;
import io.jmlp.estimator.CrossValidation;
import io.jmlp.estimator.MlpClassifier;
import io.jmlp.estimator.MlpRegressor;
import io.jmlp.estimator.RegressionModel;
import io.jmlp.random.Philox;
import io.jmlp.random.PhiloxStream;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The regressor estimator on a smooth function, several targets, and cross-validation of both estimators. */
class MlpRegressorTest {

    /** {@code y = sin(2a) + b²/2 + noise} on {@code [-1.5, 1.5]²}: smooth, non-linear, and not linearly separable into pieces. */
    private static float[][] inputs(int n, long seed) {
        PhiloxStream rng = new PhiloxStream(seed, Philox.Purpose.SYNTHETIC_DATA, 77);
        float[][] x = new float[n][];
        for (int i = 0; i < n; i++) {
            x[i] = new float[] {(float) (3 * rng.nextDouble() - 1.5), (float) (3 * rng.nextDouble() - 1.5)};
        }
        return x;
    }

    private static float target(float[] row) {
        return (float) (Math.sin(2 * row[0]) + 0.5 * row[1] * row[1]);
    }

    private static float[] targets(float[][] x) {
        float[] y = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            y[i] = target(x[i]);
        }
        return y;
    }

    @Test
    void fitsASmoothFunction() {
        float[][] x = inputs(2000, 1);
        float[][] xTest = inputs(500, 2);
        RegressionModel model = MlpRegressor.builder()
                .hiddenLayers(32, 32)
                .batchNorm(false)
                .activation("tanh")
                .optimizer("adam")
                .epochs(60)
                .backend("cpu")
                .build()
                .fit(x, targets(x));
        double r2 = model.score(xTest, targets(xTest));
        assertTrue(r2 > 0.98, "R² " + r2 + " on held-out points");
        assertEquals(1, model.targets());
        assertEquals(target(xTest[0]), model.predict(xTest[0]), 0.15);
        assertTrue(model.metrics(xTest, targets(xTest)).rmse() < 0.15);
        assertTrue(Double.isNaN(model.history().last().trainAccuracy()), "regression has no accuracy");
    }

    @Test
    void severalTargetsComeBackPerRow() {
        float[][] x = inputs(1000, 3);
        float[][] y = new float[x.length][];
        for (int i = 0; i < x.length; i++) {
            y[i] = new float[] {target(x[i]), x[i][0] - x[i][1]};
        }
        RegressionModel model = MlpRegressor.builder()
                .hiddenLayers(32)
                .batchNorm(false)
                .optimizer("adam")
                .epochs(40)
                .backend("cpu")
                .build()
                .fit(x, y);
        assertEquals(2, model.targets());
        float[][] predicted = model.predictAll(x);
        assertEquals(x.length, predicted.length);
        double worstLinear = 0;
        for (int i = 0; i < x.length; i++) {
            worstLinear = Math.max(worstLinear, Math.abs(predicted[i][1] - y[i][1]));
        }
        assertTrue(worstLinear < 0.5, "the linear target is learnt: worst error " + worstLinear);
        assertThrows(IllegalStateException.class, () -> model.predict(x), "predict is for one target");
    }

    @Test
    void crossValidationScoresEachFoldOnRowsItDidNotTrainOn() {
        float[][] x = inputs(600, 4);
        double[] r2 = CrossValidation.scores(
                MlpRegressor.builder()
                        .hiddenLayers(16)
                        .batchNorm(false)
                        .optimizer("adam")
                        .epochs(30)
                        .backend("cpu")
                        .build(),
                x,
                targets(x),
                3,
                1);
        assertEquals(3, r2.length);
        assertTrue(Arrays.stream(r2).allMatch(v -> v > 0.8), Arrays.toString(r2));

        Dataset moons = Moons.generate(400, 0.2, 5);
        String[] y = Arrays.stream(moons.labels())
                .mapToObj(k -> k == 0 ? "upper" : "lower")
                .toArray(String[]::new);
        double[] accuracy = CrossValidation.scores(
                MlpClassifier.builder()
                        .hiddenLayers(16)
                        .epochs(40)
                        .backend("cpu")
                        .build(),
                moons.featureRows(),
                y,
                4,
                1);
        assertEquals(4, accuracy.length);
        assertTrue(CrossValidation.mean(accuracy) > 0.9, Arrays.toString(accuracy));
        assertTrue(CrossValidation.std(accuracy) < 0.1, Arrays.toString(accuracy));
    }

    @Test
    void classLabelsAreNotRegressionTargets() {
        Dataset moons = Moons.generate(100, 0.2, 1);
        assertThrows(
                IllegalArgumentException.class,
                () -> MlpRegressor.builder().build().fit(moons));
    }
}
