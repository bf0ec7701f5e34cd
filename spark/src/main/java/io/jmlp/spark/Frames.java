package io.jmlp.spark;

import io.jmlp.data.Dataset;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.ml.linalg.VectorUDT;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/** jmlp's data sets as Spark DataFrames of ({@code features} vector, {@code label} double), for the commands and examples. */
public final class Frames {
    private Frames() {}

    /**
     * {@code data} as a DataFrame in {@code partitions} contiguous slices (row order kept, so the
     * same data and partition count always give the same partitioning). Classification labels
     * become their class index; regression the first target column. The arrays are broadcast once
     * and each task builds its slice's rows from them: a DataFrame of {@code parallelize}d rows
     * would carry its rows inside every task of every job that reads it, cached or not.
     */
    public static org.apache.spark.sql.Dataset<Row> of(SparkSession spark, Dataset data, int partitions) {
        JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        Broadcast<Columns> shared = sc.broadcast(new Columns(
                data.features(),
                data.cols(),
                data.isClassification() ? toDoubles(data.labels()) : firstColumn(data.targets(), data.targetCols())));
        int rows = data.rows();
        List<Integer> slices = new ArrayList<>();
        for (int p = 0; p < partitions; p++) {
            slices.add(p);
        }
        JavaRDD<Row> built = sc.parallelize(slices, partitions).flatMap(p -> {
            Columns c = shared.value();
            long from = (long) rows * p / partitions;
            long to = (long) rows * (p + 1) / partitions;
            List<Row> mine = new ArrayList<>();
            for (int r = (int) from; r < to; r++) {
                double[] f = new double[c.cols()];
                for (int j = 0; j < f.length; j++) {
                    f[j] = c.features()[r * c.cols() + j];
                }
                mine.add(RowFactory.create(Vectors.dense(f), c.labels()[r]));
            }
            return mine.iterator();
        });
        StructType schema = new StructType().add("features", new VectorUDT()).add("label", DataTypes.DoubleType);
        return spark.createDataFrame(built, schema);
    }

    private record Columns(float[] features, int cols, double[] labels) implements Serializable {}

    private static double[] toDoubles(int[] labels) {
        double[] d = new double[labels.length];
        for (int i = 0; i < d.length; i++) {
            d[i] = labels[i];
        }
        return d;
    }

    private static double[] firstColumn(float[] targets, int cols) {
        double[] d = new double[targets.length / cols];
        for (int i = 0; i < d.length; i++) {
            d[i] = targets[i * cols];
        }
        return d;
    }
}
