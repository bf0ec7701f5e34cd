package io.jmlp.tests.estimator;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jmlp.backend.Backend;
import io.jmlp.data.Dataset;
import io.jmlp.data.Moons;
import io.jmlp.estimator.ClassificationModel;
import io.jmlp.estimator.MlpClassifier;
import io.jmlp.estimator.MlpRegressor;
import io.jmlp.estimator.RegressionModel;
import io.jmlp.model.ModelFile;
import io.jmlp.model.ModelMetadata;
import io.jmlp.nn.ForwardPass;
import io.jmlp.tests.TestBackends;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Estimators save the CLI's model files, labels and scalers included, and load them back predicting exactly the same. */
class EstimatorModelFileTest {
    private static final Dataset.Split MOONS = Moons.generate(600, 0.2, 3).split(0.8, 3);

    /** Moons far from the origin, so that the scaler matters. */
    private static float[][] shifted(Dataset data) {
        float[][] x = data.featureRows();
        for (float[] row : x) {
            row[0] = 40 + 10 * row[0];
            row[1] = -7 + 3 * row[1];
        }
        return x;
    }

    private enum Side {
        UPPER,
        LOWER
    }

    private static Side[] sides(Dataset data) {
        return Arrays.stream(data.labels())
                .mapToObj(k -> k == 0 ? Side.UPPER : Side.LOWER)
                .toArray(Side[]::new);
    }

    @Test
    void aSavedClassifierLoadsWithItsLabelsAndScalerAndPredictsTheSame(@TempDir Path dir) throws IOException {
        ClassificationModel<Side> model = MlpClassifier.builder()
                .hiddenLayers(16)
                .epochs(20)
                .scaling("standard")
                .backend("cpu")
                .build()
                .fit(shifted(MOONS.first()), sides(MOONS.first()));
        assertEquals(List.of(Side.UPPER, Side.LOWER), model.classes(), "an enum sorts by declaration order");
        model.save(dir);

        float[][] test = shifted(MOONS.second());
        ClassificationModel<Side> typed = ClassificationModel.load(dir, Side::valueOf);
        ClassificationModel<String> text = ClassificationModel.load(dir);
        assertEquals(model.classes(), typed.classes());
        assertEquals(List.of("UPPER", "LOWER"), text.classes());
        assertEquals(model.predict(test), typed.predict(test));
        float[][] before = model.predictProba(test);
        float[][] after = text.predictProba(test);
        for (int i = 0; i < test.length; i++) {
            assertArrayEquals(before[i], after[i], "row " + i + ": the same weights, statistics and scaler");
        }
        assertTrue(typed.score(test, sides(MOONS.second())) > 0.9);
        assertTrue(text.history().epochs().isEmpty(), "a loaded model has no training history");

        // What the CLI reads: the schema and the scaler are in model.json.
        ModelMetadata metadata = ModelFile.readMetadata(dir);
        assertEquals(List.of("UPPER", "LOWER"), metadata.schema().classLabels());
        assertEquals("standard", metadata.featureScaler().kind());
        assertEquals(
                model.metadata().featureScaler().shift(0),
                metadata.featureScaler().shift(0),
                0);
    }

    @Test
    void theModelFileHoldsTheNetworkTheEstimatorTrained(@TempDir Path dir) throws IOException {
        // Read back through ModelFile onto the reference backend, the network picks the classes the estimator picked.
        ClassificationModel<Integer> model = MlpClassifier.builder()
                .hiddenLayers(8)
                .epochs(5)
                .backend("cpu")
                .build()
                .fit(
                        MOONS.first().featureRows(),
                        Arrays.stream(MOONS.first().labels()).map(k -> 5 + k).toArray());
        model.save(dir);
        assertEquals(
                List.of(5, 6), ClassificationModel.load(dir, Integer::valueOf).classes());
        float[][] x = MOONS.second().featureRows();
        float[][] p = model.predictProba(x);
        try (Backend reference = TestBackends.open("reference");
                var loaded = ModelFile.load(dir, reference).model();
                var input = io.jmlp.backend.Tensor.of(
                        reference, x.length, 2, MOONS.second().features())) {
            float[] logits = loaded.forward(input, ForwardPass.inference()).toHost();
            for (int i = 0; i < x.length; i++) {
                assertEquals(logits[2 * i] > logits[2 * i + 1], p[i][0] > p[i][1], "row " + i);
            }
        }
    }

    @Test
    void aSavedRegressorPredictsInTheTargetsUnitsAfterLoading(@TempDir Path dir) throws IOException {
        Dataset data = MOONS.first();
        float[][] x = data.featureRows();
        float[] y = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            y[i] = 1000 + 250 * x[i][0] - 80 * x[i][1]; // far from standardised: the target standardiser must be saved
        }
        RegressionModel model = MlpRegressor.builder()
                .hiddenLayers(16)
                .batchNorm(false)
                .optimizer("adam")
                .epochs(30)
                .backend("cpu")
                .build()
                .fit(x, y);
        assertTrue(model.score(x, y) > 0.95, "R² " + model.score(x, y));
        model.save(dir);
        RegressionModel loaded = RegressionModel.load(dir);
        assertArrayEquals(model.predict(x), loaded.predict(x));
        double mean = 0;
        for (float v : y) {
            mean += v / y.length;
        }
        // Fitted on the 90% left after the validation split: near the mean of all targets (their spread is about 200).
        assertEquals(mean, model.metadata().targetScaler().shift(0), 30, "the targets' mean");
        assertThrows(IOException.class, () -> ClassificationModel.load(dir));
    }
}
