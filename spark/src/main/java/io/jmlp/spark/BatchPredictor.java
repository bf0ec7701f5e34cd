package io.jmlp.spark;

import io.jmlp.backend.Backend;
import io.jmlp.backend.Tensor;
import io.jmlp.nn.ForwardPass;
import io.jmlp.nn.Mlp;
import io.jmlp.spark.train.TaskBackends;
import io.jmlp.spark.train.TrainedWeights;
import java.io.Serializable;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.apache.spark.TaskContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.StructType;

/**
 * A model's {@code transform}: each partition opens its task's backend once, rebuilds the network
 * from the broadcast weights, and runs the rows through it {@value #BATCH_ROWS} at a time (one
 * forward pass per batch, not per row as MLlib's per-row UDFs would), appending the output columns.
 */
final class BatchPredictor {
    static final int BATCH_ROWS = 1024;

    private BatchPredictor() {}

    /** The values of the new columns {@code names} for one row's network output {@code out[offset … offset+width)}. */
    interface Outputs extends Serializable {
        Object[] values(List<String> names, float[] out, int offset, int width);
    }

    static Dataset<Row> transform(
            Dataset<?> data,
            String featuresCol,
            StructType outputSchema,
            Broadcast<TrainedWeights> weights,
            String backendSpec,
            Outputs outputs) {
        StructType input = data.schema();
        int featuresIndex = input.fieldIndex(featuresCol);
        List<String> added = new ArrayList<>();
        for (int i = input.length(); i < outputSchema.length(); i++) {
            added.add(outputSchema.fields()[i].name());
        }
        int inputColumns = input.length();
        return data.toDF()
                .mapPartitions(
                        (org.apache.spark.api.java.function.MapPartitionsFunction<Row, Row>) rows -> new Predicting(
                                rows, featuresIndex, inputColumns, added, weights.value(), backendSpec, outputs),
                        Encoders.row(outputSchema));
    }

    /** Reads a batch of rows, predicts them, hands them out; closes the network when the input ends or the task does. */
    private static final class Predicting implements Iterator<Row> {
        private final Iterator<Row> rows;
        private final int featuresIndex;
        private final int inputColumns;
        private final List<String> added;
        private final TrainedWeights weights;
        private final String backendSpec;
        private final Outputs outputs;
        private final ArrayDeque<Row> ready = new ArrayDeque<>();
        private Backend backend;
        private Mlp model;

        Predicting(
                Iterator<Row> rows,
                int featuresIndex,
                int inputColumns,
                List<String> added,
                TrainedWeights weights,
                String backendSpec,
                Outputs outputs) {
            this.rows = rows;
            this.featuresIndex = featuresIndex;
            this.inputColumns = inputColumns;
            this.added = added;
            this.weights = weights;
            this.backendSpec = backendSpec;
            this.outputs = outputs;
            TaskContext task = TaskContext.get();
            if (task != null) {
                task.addTaskCompletionListener((org.apache.spark.util.TaskCompletionListener) context -> close());
            }
        }

        @Override
        public boolean hasNext() {
            if (ready.isEmpty() && rows.hasNext()) {
                predictBatch();
            }
            if (ready.isEmpty()) {
                close();
                return false;
            }
            return true;
        }

        @Override
        public Row next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            return ready.poll();
        }

        private void predictBatch() {
            if (model == null) {
                backend = TaskBackends.open(backendSpec, false);
                model = weights.toMlp(backend);
            }
            List<Row> batch = new ArrayList<>();
            while (batch.size() < BATCH_ROWS && rows.hasNext()) {
                batch.add(rows.next());
            }
            int cols = model.inputSize();
            float[] x = new float[batch.size() * cols];
            for (int r = 0; r < batch.size(); r++) {
                Vector v = batch.get(r).getAs(featuresIndex);
                if (v.size() != cols) {
                    throw new IllegalArgumentException("a row has " + v.size() + " features; the model takes " + cols);
                }
                double[] values = v.toArray();
                for (int c = 0; c < cols; c++) {
                    x[r * cols + c] = (float) values[c];
                }
            }
            float[] out;
            try (Tensor input = Tensor.of(backend, batch.size(), cols, x)) {
                out = model.forward(input, ForwardPass.inference()).toHost();
            }
            int width = model.outputSize();
            for (int r = 0; r < batch.size(); r++) {
                Row row = batch.get(r);
                Object[] values = new Object[inputColumns + added.size()];
                for (int c = 0; c < inputColumns; c++) {
                    values[c] = row.get(c);
                }
                Object[] extra = outputs.values(added, out, r * width, width);
                System.arraycopy(extra, 0, values, inputColumns, extra.length);
                ready.add(RowFactory.create(values));
            }
        }

        private void close() {
            if (model != null) {
                model.close();
                model = null;
            }
            if (backend != null) {
                backend.close();
                backend = null;
            }
        }
    }
}
