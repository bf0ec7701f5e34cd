package io.jmlp.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jmlp.data.DataSchema;
import io.jmlp.data.Dataset;
import io.jmlp.data.FeatureScaler;
import io.jmlp.loss.MeanSquaredError;
import io.jmlp.loss.SoftmaxCrossEntropy;
import io.jmlp.nn.MlpSpec;
import java.util.List;
import org.junit.jupiter.api.Test;

/** model.json's {@code data}: what a saved model's inputs and outputs mean, written and read back exactly. */
class ModelMetadataTest {
    static final MlpSpec CLASSIFIER = MlpSpec.builder(2)
            .dense(4)
            .relu()
            .dense(3)
            .loss(new SoftmaxCrossEntropy())
            .build();
    static final MlpSpec REGRESSOR = MlpSpec.builder(2)
            .dense(4)
            .relu()
            .dense(1)
            .loss(new MeanSquaredError(false))
            .build();

    static Dataset irisLike() {
        return Dataset.classification("iris", new float[] {1, 10, 2, 20, 3, 30, 4, 40}, 4, 2, new int[] {0, 1, 2, 1}, 3)
                .withClassNames(List.of("setosa", "versicolor", "virginica"))
                .withFeatureNames(List.of("petal", "sepal"));
    }

    @Test
    void classesFeatureNamesAndScalerRoundTripThroughJson() {
        Dataset train = irisLike();
        FeatureScaler scaler = FeatureScaler.standardizer(train);
        ModelMetadata written = ModelMetadata.of(train, scaler, null, "as stored");
        String json = NetworkDescription.of(CLASSIFIER, written).toJson();
        ModelMetadata read = NetworkDescription.fromJson(json).metadata();
        assertEquals(written.schema(), read.schema());
        assertEquals(List.of("setosa", "versicolor", "virginica"), read.schema().classLabels());
        assertEquals(List.of("petal", "sepal"), read.schema().featureNames());
        assertArrayEquals(scaler.shifts(), read.featureScaler().shifts(), "doubles survive JSON exactly");
        assertArrayEquals(scaler.scales(), read.featureScaler().scales());
        assertNull(read.targetScaler());
        assertEquals("virginica", read.classLabel(2));
        assertTrue(json.contains("\"classLabels\""), json);
    }

    @Test
    void regressionTargetStandardisationIsInvertedExactlyEnough() {
        Dataset train =
                Dataset.regression("houses", new float[] {1, 2, 3, 4, 5, 6}, 3, 2, new float[] {150, 300, 450}, 1);
        FeatureScaler targets = FeatureScaler.targetStandardizer(train);
        ModelMetadata read = NetworkDescription.fromJson(
                        NetworkDescription.of(REGRESSOR, ModelMetadata.of(train, null, targets, "as stored"))
                                .toJson())
                .metadata();
        assertEquals(DataSchema.Task.REGRESSION, read.schema().task());
        float[] standardised = targets.apply(new float[] {150, 300, 450});
        assertEquals(0f, standardised[1], 1e-6f);
        float[] back = read.regressionValues(standardised);
        assertArrayEquals(new float[] {150, 300, 450}, back, 1e-4f);
        assertTrue(
                NetworkDescription.fromJson(
                                NetworkDescription.of(REGRESSOR, ModelMetadata.of(train, null, targets, "x"))
                                        .toJson())
                        .toSpec()
                        .loss()
                        .equals(new MeanSquaredError(false)),
                "a regression model reads back with regression mse");
    }

    @Test
    void versionOneFilesAreReadWithIndexClasses() {
        String v1 = NetworkDescription.of(CLASSIFIER, "as stored").toJson().replace("\"version\": 2", "\"version\": 1");
        ModelMetadata legacy = NetworkDescription.fromJson(v1).metadata();
        assertEquals(List.of("0", "1", "2"), legacy.schema().classLabels());
        assertNull(legacy.featureScaler());
        String v2WithoutData = NetworkDescription.of(CLASSIFIER, "as stored").toJson();
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> NetworkDescription.fromJson(v2WithoutData).toSpec());
        assertTrue(e.getMessage().contains("lacks 'data'"), e.getMessage());
    }

    @Test
    void metadataThatContradictsTheNetworkIsRefusedNamingTheField() {
        Dataset twoClasses = Dataset.classification("two", new float[] {1, 2, 3, 4}, 2, 2, new int[] {0, 1}, 2);
        String json = NetworkDescription.of(CLASSIFIER, ModelMetadata.of(twoClasses, null, null, "x"))
                .toJson();
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> NetworkDescription.fromJson(json).metadata());
        assertTrue(e.getMessage().contains("data.classLabels has 2 labels"), e.getMessage());
        String badScale = NetworkDescription.of(
                        CLASSIFIER, ModelMetadata.of(irisLike(), FeatureScaler.standardizer(irisLike()), null, "x"))
                .toJson()
                .replaceFirst("\"scale\": \\[\\s*[0-9.E-]+", "\"scale\": [0.0");
        e = assertThrows(
                IllegalArgumentException.class,
                () -> NetworkDescription.fromJson(badScale).metadata());
        assertTrue(
                e.getMessage().contains("data.featureScaling") && e.getMessage().contains("non-zero"), e.getMessage());
    }

    @Test
    void schemaMapsLabelsByTextAndRejectsUnknownOnes() {
        DataSchema schema = DataSchema.of(irisLike());
        // A test set holding only "virginica" numbers it 0 by itself; the schema puts it back at 2.
        Dataset subset = Dataset.classification("test", new float[] {5, 50}, 1, 2, new int[] {0}, 1)
                .withClassNames(List.of("virginica"));
        assertArrayEquals(new int[] {2}, schema.conform(subset, "test").labels());
        Dataset unknown = Dataset.classification("test", new float[] {5, 50}, 1, 2, new int[] {0}, 1)
                .withClassNames(List.of("rose"));
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> schema.conform(unknown, "test.csv"));
        assertTrue(
                e.getMessage().contains("'rose'") && e.getMessage().contains("[setosa, versicolor, virginica]"),
                e.getMessage());
    }
}
