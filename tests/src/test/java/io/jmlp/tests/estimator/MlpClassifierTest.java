package io.jmlp.tests.estimator;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jmlp.backend.Backend;
import io.jmlp.backend.Tensor;
import io.jmlp.data.DataSources;
import io.jmlp.data.Dataset;
import io.jmlp.data.Moons;
import io.jmlp.data.TrainTest;
import io.jmlp.estimator.ClassificationModel;
import io.jmlp.estimator.MlpClassifier;
import io.jmlp.tests.TestBackends;
import io.jmlp.train.EpochRecord;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The classifier estimator: fit and predict in the user's labels, probabilities, scoring, errors. */
class MlpClassifierTest {
    /** Moons, as the CLI draws them: 800 train / 200 test. */
    private static final Dataset MOONS = Moons.generate(1000, 0.2, 1);

    private static final Dataset.Split MOONS_SPLIT = MOONS.split(0.8, 1);

    private static String[] side(Dataset data) {
        return Arrays.stream(data.labels())
                .mapToObj(k -> k == 0 ? "upper" : "lower")
                .toArray(String[]::new);
    }

    @Test
    void moonsInStringLabelsReachTheBayesRegion() {
        Dataset train = MOONS_SPLIT.first();
        Dataset test = MOONS_SPLIT.second();
        ClassificationModel<String> model =
                MlpClassifier.builder().backend("cpu").build().fit(train.featureRows(), side(train));

        assertEquals(List.of("lower", "upper"), model.classes(), "classes are the distinct labels, sorted");
        double accuracy = model.score(test.featureRows(), side(test));
        // The Bayes-optimal classifier scores about 0.97 on moons at noise 0.2 (MoonsBayes); the small-data recipe gets
        // close.
        assertTrue(accuracy >= 0.95, "test accuracy " + accuracy);
        List<String> predicted = model.predict(test.featureRows());
        assertEquals(test.rows(), predicted.size());
        assertTrue(predicted.stream().allMatch(p -> p.equals("upper") || p.equals("lower")), predicted.toString());
        assertEquals(predicted.get(3), model.predict(test.featureRows()[3]));

        // The small-data recipe filled what the builder left unset: 100 epochs.
        assertEquals(100, model.history().epochs().size());
        EpochRecord last = model.history().last();
        assertTrue(last.validationAccuracy() > 0.9, "validation accuracy " + last.validationAccuracy());
    }

    @Test
    void probabilitiesSumToOneAndTheirArgMaxIsThePrediction() {
        Dataset train = MOONS_SPLIT.first();
        Dataset test = MOONS_SPLIT.second();
        ClassificationModel<String> model = MlpClassifier.builder()
                .hiddenLayers(16)
                .epochs(20)
                .backend("cpu")
                .build()
                .fit(train.featureRows(), side(train));
        float[][] p = model.predictProba(test.featureRows());
        List<String> predicted = model.predict(test.featureRows());
        for (int i = 0; i < p.length; i++) {
            assertEquals(2, p[i].length);
            assertEquals(1.0, p[i][0] + p[i][1], 1e-5);
            String argMax = model.classes().get(p[i][1] > p[i][0] ? 1 : 0);
            assertEquals(argMax, predicted.get(i), "row " + i);
        }
    }

    @Test
    void integerLabelsKeepTheirValuesAndSortNumerically() {
        Dataset train = MOONS_SPLIT.first();
        // Labels 10 and 7 (not 0 and 1), given so that 10 comes first: the classes still sort to [7, 10].
        int[] y = Arrays.stream(train.labels()).map(k -> k == 0 ? 10 : 7).toArray();
        ClassificationModel<Integer> model = MlpClassifier.builder()
                .hiddenLayers(16)
                .epochs(30)
                .backend("cpu")
                .build()
                .fit(train.featureRows(), y);
        assertEquals(List.of(7, 10), model.classes());
        Dataset test = MOONS_SPLIT.second();
        int[] yTest = Arrays.stream(test.labels()).map(k -> k == 0 ? 10 : 7).toArray();
        assertTrue(model.score(test.featureRows(), yTest) > 0.9);
        assertTrue(model.predict(test.featureRows()).stream().allMatch(v -> v == 7 || v == 10));
    }

    @Test
    void theLabelsOrderInTheRowsDoesNotChangeTheModel() {
        // Same examples, classes named so that their sorted order is the reverse of the moons' indices.
        Dataset train = MOONS_SPLIT.first();
        float[][] x = train.featureRows();
        String[] a =
                Arrays.stream(train.labels()).mapToObj(k -> k == 0 ? "b" : "a").toArray(String[]::new);
        String[] b =
                Arrays.stream(train.labels()).mapToObj(k -> k == 0 ? "y" : "x").toArray(String[]::new);
        MlpClassifier classifier =
                MlpClassifier.builder().hiddenLayers(8).epochs(5).backend("cpu").build();
        float[][] pa = classifier.fit(x, a).predictProba(x);
        float[][] pb = classifier.fit(x, b).predictProba(x);
        for (int i = 0; i < x.length; i++) {
            assertArrayEquals(pa[i], pb[i], "row " + i + ": the same class order gives the same network");
        }
    }

    @Test
    void sameSettingsAndDataGiveTheSameModel() {
        Dataset train = MOONS_SPLIT.first();
        MlpClassifier classifier = MlpClassifier.builder()
                .hiddenLayers(16, 8)
                .dropout(0.1f)
                .optimizer("adam")
                .epochs(5)
                .backend("cpu")
                .build();
        ClassificationModel<String> first = classifier.fit(train.featureRows(), side(train));
        ClassificationModel<String> second = classifier.fit(train.featureRows(), side(train));
        assertEquals(
                first.history().epochs().stream().map(EpochRecord::trainLoss).toList(),
                second.history().epochs().stream().map(EpochRecord::trainLoss).toList());
        float[][] p1 = first.predictProba(MOONS_SPLIT.second().featureRows());
        float[][] p2 = second.predictProba(MOONS_SPLIT.second().featureRows());
        for (int i = 0; i < p1.length; i++) {
            assertArrayEquals(p1[i], p2[i]);
        }
        ClassificationModel<String> otherSeed = MlpClassifier.builder()
                .hiddenLayers(16, 8)
                .dropout(0.1f)
                .optimizer("adam")
                .epochs(5)
                .backend("cpu")
                .seed(2)
                .build()
                .fit(train.featureRows(), side(train));
        assertTrue(
                otherSeed.history().last().trainLoss() != first.history().last().trainLoss(), "the seed matters");
    }

    @Test
    void digitsAsADataSetPredictInItsClassNames() throws IOException {
        TrainTest digits = DataSources.load("mnist-10k", 1);
        Dataset train = digits.train().select(IntStream.range(0, 2000).toArray(), "digits 2000");
        Dataset test = digits.test().select(IntStream.range(0, 500).toArray(), "digits test 500");
        ClassificationModel<String> model = MlpClassifier.builder()
                .hiddenLayers(64)
                .epochs(5)
                .batchSize(50)
                .validationFraction(0)
                .backend("cpu")
                .build()
                .fit(train);
        assertEquals(List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9"), model.classes());
        double accuracy = model.score(test);
        assertTrue(accuracy > 0.85, "accuracy " + accuracy + " on 500 test digits after 5 epochs on 2,000");
        assertEquals(accuracy, model.score(test.featureRows(), test.labelNames()), 1e-12);
        assertEquals(
                0,
                model.history().epochs().stream()
                        .filter(e -> !Double.isNaN(e.validationLoss()))
                        .count(),
                "no validation rows were held out");
    }

    @Test
    void theStandardScalerIsFittedOnTrainingRowsAndAppliedToPredictions() {
        // Moons stretched and shifted far from the origin: unscaled, the network starts saturated.
        Dataset train = MOONS_SPLIT.first();
        float[][] x = train.featureRows();
        for (float[] row : x) {
            row[0] = 1000 + 500 * row[0];
            row[1] = -3000 + 200 * row[1];
        }
        ClassificationModel<String> model = MlpClassifier.builder()
                .scaling("standard")
                .backend("cpu")
                .build()
                .fit(x, side(train));
        assertEquals(
                1000 + 500 * mean(train, 0),
                model.metadata().featureScaler().shift(0),
                50,
                "the scaler's mean comes from the training rows");
        float[][] xTest = MOONS_SPLIT.second().featureRows();
        for (float[] row : xTest) {
            row[0] = 1000 + 500 * row[0];
            row[1] = -3000 + 200 * row[1];
        }
        double accuracy = model.score(xTest, side(MOONS_SPLIT.second()));
        assertTrue(accuracy >= 0.95, "accuracy " + accuracy + ": predictions must go through the same scaler");
    }

    private static double mean(Dataset data, int col) {
        double sum = 0;
        for (int r = 0; r < data.rows(); r++) {
            sum += data.features()[r * data.cols() + col];
        }
        return sum / data.rows();
    }

    @Test
    void aBackendTheUserGaveIsUsedAndLeftOpenWithNothingOnIt() {
        Dataset train = MOONS_SPLIT.first();
        try (Backend backend = TestBackends.open("cpu")) {
            ClassificationModel<String> model = MlpClassifier.builder()
                    .hiddenLayers(8)
                    .epochs(2)
                    .backend(backend)
                    .build()
                    .fit(train.featureRows(), side(train));
            assertEquals(0, backend.liveBuffers(), "training freed what it allocated");
            model.predict(train.featureRows());
            assertEquals(0, backend.liveBuffers(), "prediction freed what it allocated");
            try (Tensor probe = Tensor.zeros(backend, 1, 3)) {
                assertEquals(3, probe.cols());
                assertEquals(1, backend.liveBuffers(), "the backend is still open");
            }
        }
    }

    @Test
    void badInputFailsNamingWhatIsWrong() {
        MlpClassifier classifier =
                MlpClassifier.builder().epochs(1).backend("cpu").build();
        float[][] ragged = {{1, 2}, {3}};
        assertTrue(assertThrows(IllegalArgumentException.class, () -> classifier.fit(ragged, new String[] {"a", "b"}))
                .getMessage()
                .contains("x[1] has 1 features"));
        float[][] withNaN = {{1, 2}, {3, Float.NaN}};
        assertTrue(assertThrows(IllegalArgumentException.class, () -> classifier.fit(withNaN, new String[] {"a", "b"}))
                .getMessage()
                .contains("x[1][1] is NaN"));
        float[][] two = {{1, 2}, {3, 4}};
        assertTrue(assertThrows(IllegalArgumentException.class, () -> classifier.fit(two, new String[] {"a"}))
                .getMessage()
                .contains("x has 2 rows but y has 1"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> classifier.fit(two, new String[] {"a", "a"}))
                .getMessage()
                .contains("at least two classes"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> classifier.fit(two, new String[] {"a", null}))
                .getMessage()
                .contains("y[1] is null"));

        assertTrue(assertThrows(
                        IllegalArgumentException.class,
                        () -> MlpClassifier.builder()
                                .optimizer("adam")
                                .momentum(0.5f)
                                .build())
                .getMessage()
                .contains("momentum does not apply to optimizer adam"));
        assertTrue(assertThrows(
                        IllegalArgumentException.class,
                        () -> MlpClassifier.builder()
                                .earlyStopping(3)
                                .validationFraction(0)
                                .build())
                .getMessage()
                .contains("validationFraction"));
        assertThrows(
                IllegalArgumentException.class, () -> MlpClassifier.builder().activation("relu6"));
        assertThrows(
                IllegalArgumentException.class, () -> MlpClassifier.builder().schedule("stepwise"));
        assertThrows(
                IllegalArgumentException.class, () -> MlpClassifier.builder().loss("cross"));
        assertThrows(
                IllegalArgumentException.class, () -> MlpClassifier.builder().backend("gpu:x"));

        ClassificationModel<String> model = MlpClassifier.builder()
                .hiddenLayers(4)
                .epochs(1)
                .validationFraction(0)
                .backend("cpu")
                .build()
                .fit(new float[][] {{0, 0}, {1, 1}, {0, 1}, {1, 0}}, new String[] {"a", "b", "a", "b"});
        assertTrue(assertThrows(IllegalArgumentException.class, () -> model.predict(new float[][] {{1, 2, 3}}))
                .getMessage()
                .contains("fitted on 2"));
        assertThrows(
                IllegalArgumentException.class, () -> model.score(two, new int[] {0, 1}), "string labels, int scores");
        ClassificationModel<String> hinge = MlpClassifier.builder()
                .hiddenLayers(4)
                .loss("hinge")
                .epochs(1)
                .validationFraction(0)
                .backend("cpu")
                .build()
                .fit(new float[][] {{0, 0}, {1, 1}, {0, 1}, {1, 0}}, new String[] {"a", "b", "a", "b"});
        assertThrows(
                UnsupportedOperationException.class,
                () -> hinge.predictProba(two),
                "hinge scores are not probabilities");
    }
}
