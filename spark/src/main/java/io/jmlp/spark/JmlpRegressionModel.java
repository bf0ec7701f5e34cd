package io.jmlp.spark;

import io.jmlp.backend.Backend;
import io.jmlp.backend.Tensor;
import io.jmlp.cpu.CpuBackend;
import io.jmlp.nn.ForwardPass;
import io.jmlp.nn.Mlp;
import io.jmlp.spark.train.TrainedWeights;
import java.util.Map;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.regression.RegressionModel;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.ml.util.MLWritable;
import org.apache.spark.ml.util.MLWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;

/** A fitted {@link JmlpRegressor}: {@code transform} writes the network's output as the {@code prediction} column, in batches. */
public final class JmlpRegressionModel extends RegressionModel<Vector, JmlpRegressionModel>
        implements JmlpParams, MLWritable {
    private static final long serialVersionUID = 1L;
    private final String uid;
    private final JmlpParamSet params;
    private final TrainedWeights weights;
    private final int numFeatures;
    private final transient TrainingSummary summary;
    private transient Mlp singleRowModel;
    private transient Backend singleRowBackend;

    JmlpRegressionModel(String uid, TrainedWeights weights, int numFeatures, TrainingSummary summary) {
        this(ParkedUid.park(uid), weights, numFeatures, summary);
    }

    private JmlpRegressionModel(ParkedUid parked, TrainedWeights weights, int numFeatures, TrainingSummary summary) {
        this.uid = parked.release();
        this.params = new JmlpParamSet(this);
        params.setDefaults(this);
        this.weights = weights;
        this.numFeatures = numFeatures;
        this.summary = summary;
    }

    @Override
    public String uid() {
        return uid != null ? uid : ParkedUid.current();
    }

    @Override
    public JmlpParamSet jmlpParams() {
        return params;
    }

    @Override
    public int numFeatures() {
        return numFeatures;
    }

    public TrainedWeights weights() {
        return weights;
    }

    /** How the fit went (null for a model loaded from disk). */
    public TrainingSummary summary() {
        return summary;
    }

    @Override
    public JmlpRegressionModel copy(ParamMap extra) {
        return copyValues(new JmlpRegressionModel(uid, weights, numFeatures, summary), extra)
                .setParent(parent());
    }

    @Override
    public Dataset<Row> transform(Dataset<?> dataset) {
        StructType output = transformSchema(dataset.schema());
        if (output.length() == dataset.schema().length()) {
            return dataset.toDF(); // no prediction column asked for
        }
        Broadcast<TrainedWeights> shared = dataset.sparkSession()
                .sparkContext()
                .broadcast(weights, scala.reflect.ClassTag$.MODULE$.apply(TrainedWeights.class));
        BatchPredictor.Outputs outputs = (names, out, offset, width) -> new Object[] {(double) out[offset]};
        return BatchPredictor.transform(dataset, getFeaturesCol(), output, shared, getBackend(), outputs);
    }

    @Override
    public synchronized double predict(Vector features) {
        if (singleRowModel == null) {
            singleRowBackend = new CpuBackend(1);
            singleRowModel = weights.toMlp(singleRowBackend);
        }
        double[] values = features.toArray();
        float[] x = new float[values.length];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) values[i];
        }
        try (Tensor input = Tensor.of(singleRowBackend, 1, x.length, x)) {
            return singleRowModel.forward(input, ForwardPass.inference()).toHost()[0];
        }
    }

    @Override
    public MLWriter write() {
        return new MLWriter() {
            @Override
            public void saveImpl(String path) {
                SavedStage.write(
                        JmlpRegressionModel.this,
                        path,
                        sc(),
                        Map.of("numFeatures", numFeatures, "steps", weights.steps()),
                        weights);
            }
        };
    }

    public static MLReader<JmlpRegressionModel> read() {
        return new MLReader<>() {
            @Override
            public JmlpRegressionModel load(String path) {
                SavedStage.Metadata metadata = SavedStage.readMetadata(path, sc());
                TrainedWeights weights = SavedStage.readWeights(
                        path, sc(), metadata.json().get("steps").getAsLong());
                JmlpRegressionModel model = new JmlpRegressionModel(
                        metadata.uid(),
                        weights,
                        metadata.json().get("numFeatures").getAsInt(),
                        null);
                SavedStage.applyParams(model, metadata);
                return model;
            }
        };
    }

    public static JmlpRegressionModel load(String path) {
        return read().load(path);
    }
}
