package io.jmlp.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jmlp.data.Dataset;
import io.jmlp.random.Philox;
import io.jmlp.random.PhiloxStream;
import java.nio.file.Path;
import org.apache.spark.ml.evaluation.RegressionEvaluator;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The regressor: learns a smooth function of two inputs and survives save/load. */
class JmlpRegressorTest {

    @Test
    void fitsASmoothFunctionAndRoundTrips(@TempDir Path dir) throws Exception {
        int n = 600;
        float[] x = new float[2 * n];
        float[] y = new float[n];
        PhiloxStream rng = new PhiloxStream(5, Philox.Purpose.SYNTHETIC_DATA, 0);
        for (int i = 0; i < n; i++) {
            x[2 * i] = (float) (2 * rng.nextDouble() - 1);
            x[2 * i + 1] = (float) (2 * rng.nextDouble() - 1);
            y[i] = (float) (Math.sin(2 * x[2 * i]) + 0.5 * x[2 * i + 1]);
        }
        org.apache.spark.sql.Dataset<Row> table = Frames.of(
                        SparkTestSession.get(), Dataset.regression("sine", x, n, 2, y, 1), 2)
                .cache();
        JmlpRegressionModel model = new JmlpRegressor()
                .setHiddenLayers(new int[] {32, 32})
                .setBatchNorm(false)
                .setSolver("adam")
                .setStepSize(0.01)
                .setSchedule("constant")
                .setMaxIter(40)
                .setBlockSize(32)
                .setSyncEvery(10)
                .setBackend("cpu")
                .fit(table);
        double rmse = new RegressionEvaluator().setMetricName("rmse").evaluate(model.transform(table));
        // The target's own standard deviation is about 0.7; a fitted network is far closer than that.
        assertTrue(rmse < 0.1, "rmse " + rmse);
        String path = dir.resolve("regressor").toString();
        model.write().overwrite().save(path);
        JmlpRegressionModel loaded = JmlpRegressionModel.load(path);
        assertEquals(
                model.transform(table).select("prediction").collectAsList(),
                loaded.transform(table).select("prediction").collectAsList());
    }
}
