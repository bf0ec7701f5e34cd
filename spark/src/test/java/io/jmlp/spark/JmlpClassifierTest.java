package io.jmlp.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jmlp.backend.Tensor;
import io.jmlp.cpu.CpuBackend;
import io.jmlp.data.DataSources;
import io.jmlp.data.Dataset;
import io.jmlp.model.ModelFile;
import io.jmlp.nn.ForwardPass;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.evaluation.MulticlassClassificationEvaluator;
import org.apache.spark.ml.feature.StandardScaler;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.tuning.CrossValidator;
import org.apache.spark.ml.tuning.CrossValidatorModel;
import org.apache.spark.ml.tuning.ParamGridBuilder;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The estimator as Spark users meet it: fit/transform, save/load, a Pipeline, CrossValidator. */
class JmlpClassifierTest {
    private static SparkSession spark;
    private static org.apache.spark.sql.Dataset<Row> train;
    private static org.apache.spark.sql.Dataset<Row> test;

    @BeforeAll
    static void setUp() throws Exception {
        spark = SparkTestSession.get();
        io.jmlp.data.TrainTest digits = DataSources.load("mnist-10k", 1);
        train = frame(digits.train(), 0, 2000);
        test = frame(digits.test(), 0, 500);
    }

    /** Rows {@code from … from+count-1} of {@code data} as (features, label), in two partitions. */
    static org.apache.spark.sql.Dataset<Row> frame(Dataset data, int from, int count) {
        int[] rows = new int[count];
        for (int i = 0; i < count; i++) {
            rows[i] = from + i;
        }
        return Frames.of(spark, data.select(rows, data.name()), 2).cache();
    }

    private static JmlpClassifier small() {
        return new JmlpClassifier()
                .setHiddenLayers(new int[] {32})
                .setMaxIter(3)
                .setBlockSize(50)
                .setSyncEvery(10)
                .setBackend("cpu")
                .setStepSize(0.05);
    }

    @Test
    void fitsTransformsAndRoundTripsThroughSaveAndLoad(@TempDir Path dir) throws Exception {
        JmlpClassificationModel model = small().fit(train);
        assertEquals(10, model.numClasses());
        assertEquals(784, model.numFeatures());
        assertNotNull(model.summary());
        assertEquals(3, model.summary().epochs().size());
        org.apache.spark.sql.Dataset<Row> scored = model.transform(test);
        assertTrue(List.of(scored.columns()).containsAll(List.of("rawPrediction", "probability", "prediction")));
        double accuracy = new MulticlassClassificationEvaluator()
                .setMetricName("accuracy")
                .evaluate(scored);
        assertTrue(accuracy > 0.85, "3 epochs on 2,000 digits score " + accuracy);

        // Probabilities are the softmax of the raw outputs, and prediction the argmax: MLlib's columns.
        Row first = scored.select("rawPrediction", "probability", "prediction").head();
        double[] raw = ((Vector) first.getAs(0)).toArray();
        double[] p = ((Vector) first.getAs(1)).toArray();
        assertArrayEquals(JmlpClassificationModel.softmax(raw), p, 1e-12);
        assertEquals(model.predict((Vector) scored.select("features").head().getAs(0)), first.getDouble(2));

        String path = dir.resolve("model").toString();
        model.write().overwrite().save(path);
        JmlpClassificationModel loaded = JmlpClassificationModel.load(path);
        assertEquals(model.uid(), loaded.uid());
        assertEquals(model.getMaxIter(), loaded.getMaxIter());
        assertArrayEquals(model.weights().parameters(), loaded.weights().parameters());
        List<Row> before = model.transform(test).select("probability").collectAsList();
        List<Row> after = loaded.transform(test).select("probability").collectAsList();
        assertEquals(before, after);

        // The model directory is jmlp's own: ModelFile (what jmlp predict uses) reads it and computes the same logits.
        Path modelDir = dir.resolve("model").resolve(SavedStage.MODEL_DIR);
        assertTrue(Files.isRegularFile(modelDir.resolve("model.safetensors")));
        try (CpuBackend backend = new CpuBackend(1);
                io.jmlp.nn.Mlp file = ModelFile.load(modelDir, backend).model()) {
            float[] x = new float[784];
            double[] f = ((Vector) scored.select("features").head().getAs(0)).toArray();
            for (int i = 0; i < x.length; i++) {
                x[i] = (float) f[i];
            }
            try (Tensor input = Tensor.of(backend, 1, 784, x)) {
                float[] out = file.forward(input, ForwardPass.inference()).toHost();
                for (int j = 0; j < out.length; j++) {
                    assertEquals(raw[j], out[j], 0.0, "logit " + j);
                }
            }
        }
    }

    @Test
    void worksInAPipelineWithVectorAssemblerAndStandardScalerAndInCrossValidator(@TempDir Path dir) throws Exception {
        Dataset moons = DataSources.load("moons:n=400", 3).train();
        List<Row> rows = new ArrayList<>();
        for (int r = 0; r < moons.rows(); r++) {
            rows.add(RowFactory.create((double) moons.features()[2 * r], (double) moons.features()[2 * r + 1], (double)
                    moons.labels()[r]));
        }
        StructType schema = new StructType()
                .add("x", DataTypes.DoubleType)
                .add("y", DataTypes.DoubleType)
                .add("label", DataTypes.DoubleType);
        org.apache.spark.sql.Dataset<Row> table =
                spark.createDataFrame(rows, schema).repartition(2).cache();
        VectorAssembler assemble =
                new VectorAssembler().setInputCols(new String[] {"x", "y"}).setOutputCol("raw");
        StandardScaler scale = new StandardScaler().setInputCol("raw").setOutputCol("features");
        JmlpClassifier mlp = new JmlpClassifier()
                .setHiddenLayers(new int[] {16, 16})
                .setBatchNorm(false)
                .setSolver("adam")
                .setStepSize(0.01)
                .setSchedule("constant")
                .setMaxIter(30)
                .setBlockSize(16)
                .setSyncEvery(20)
                .setBackend("cpu");
        Pipeline pipeline = new Pipeline().setStages(new PipelineStage[] {assemble, scale, mlp});
        PipelineModel fitted = pipeline.fit(table);
        MulticlassClassificationEvaluator accuracy = new MulticlassClassificationEvaluator().setMetricName("accuracy");
        double trained = accuracy.evaluate(fitted.transform(table));
        assertTrue(trained > 0.9, "moons, 30 epochs: " + trained);

        String path = dir.resolve("pipeline").toString();
        fitted.write().overwrite().save(path);
        PipelineModel loaded = PipelineModel.load(path);
        assertEquals(
                fitted.transform(table).select("probability").collectAsList(),
                loaded.transform(table).select("probability").collectAsList());
        pipeline.write().overwrite().save(dir.resolve("unfitted").toString());
        assertEquals(
                30,
                ((JmlpClassifier) Pipeline.load(dir.resolve("unfitted").toString())
                                .getStages()[2])
                        .getMaxIter());

        ParamMap[] grid =
                new ParamGridBuilder().addGrid(mlp.maxIter(), new int[] {1, 20}).build();
        CrossValidator cv = new CrossValidator()
                .setEstimator(pipeline)
                .setEstimatorParamMaps(grid)
                .setEvaluator(accuracy)
                .setNumFolds(2)
                .setSeed(1);
        CrossValidatorModel best = cv.fit(table);
        double[] scores = best.avgMetrics();
        assertEquals(2, scores.length);
        assertTrue(scores[1] > scores[0], "20 epochs must beat 1: " + java.util.Arrays.toString(scores));
    }
}
