package io.jmlp.spark;

import io.jmlp.backend.Backend;
import io.jmlp.backend.Tensor;
import io.jmlp.cpu.CpuBackend;
import io.jmlp.nn.ForwardPass;
import io.jmlp.nn.Mlp;
import io.jmlp.spark.train.TrainedWeights;
import java.util.Map;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.ml.classification.ProbabilisticClassificationModel;
import org.apache.spark.ml.linalg.DenseVector;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.ml.util.MLWritable;
import org.apache.spark.ml.util.MLWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;

/**
 * A fitted {@link JmlpClassifier}. {@code transform} writes MLlib's columns — {@code rawPrediction}
 * (the network's logits), {@code probability} (their softmax) and {@code prediction} (the most
 * probable class, or MLlib's rule under {@code thresholds}) — running each partition through the
 * network in batches on the task's backend. Saved as Spark metadata plus jmlp's
 * {@code model.json}/{@code model.safetensors} ({@link SavedStage}).
 */
public final class JmlpClassificationModel extends ProbabilisticClassificationModel<Vector, JmlpClassificationModel>
        implements JmlpParams, MLWritable {
    private static final long serialVersionUID = 1L;
    private final String uid;
    private final JmlpParamSet params;
    private final TrainedWeights weights;
    private final int numClasses;
    private final int numFeatures;
    private final transient TrainingSummary summary;
    /** For the one-row {@link #predictRaw}: built on first use, one thread at a time. */
    private transient Mlp singleRowModel;

    private transient Backend singleRowBackend;

    JmlpClassificationModel(
            String uid, TrainedWeights weights, int numClasses, int numFeatures, TrainingSummary summary) {
        this(ParkedUid.park(uid), weights, numClasses, numFeatures, summary);
    }

    private JmlpClassificationModel(
            ParkedUid parked, TrainedWeights weights, int numClasses, int numFeatures, TrainingSummary summary) {
        this.uid = parked.release();
        this.params = new JmlpParamSet(this);
        params.setDefaults(this);
        this.weights = weights;
        this.numClasses = numClasses;
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
    public int numClasses() {
        return numClasses;
    }

    @Override
    public int numFeatures() {
        return numFeatures;
    }

    /** The trained network as plain values. */
    public TrainedWeights weights() {
        return weights;
    }

    /** How the fit went (null for a model loaded from disk). */
    public TrainingSummary summary() {
        return summary;
    }

    @Override
    public JmlpClassificationModel copy(ParamMap extra) {
        JmlpClassificationModel copy = new JmlpClassificationModel(uid, weights, numClasses, numFeatures, summary);
        return copyValues(copy, extra).setParent(parent());
    }

    @Override
    public Dataset<Row> transform(Dataset<?> dataset) {
        StructType output = transformSchema(dataset.schema());
        Broadcast<TrainedWeights> shared = dataset.sparkSession()
                .sparkContext()
                .broadcast(weights, scala.reflect.ClassTag$.MODULE$.apply(TrainedWeights.class));
        String rawCol = getRawPredictionCol();
        String probabilityCol = getProbabilityCol();
        String predictionCol = getPredictionCol();
        double[] thresholds = isDefined(thresholds()) ? getThresholds() : null;
        BatchPredictor.Outputs outputs = (names, out, offset, width) -> {
            double[] raw = new double[width];
            for (int j = 0; j < width; j++) {
                raw[j] = out[offset + j];
            }
            double[] probability = softmax(raw);
            Object[] values = new Object[names.size()];
            for (int i = 0; i < names.size(); i++) {
                String name = names.get(i);
                if (name.equals(rawCol)) {
                    values[i] = Vectors.dense(raw);
                } else if (name.equals(probabilityCol)) {
                    values[i] = Vectors.dense(probability);
                } else if (name.equals(predictionCol)) {
                    values[i] = predictClass(raw, probability, thresholds);
                } else {
                    throw new IllegalStateException("no value for output column " + name);
                }
            }
            return values;
        };
        return BatchPredictor.transform(dataset, getFeaturesCol(), output, shared, getBackend(), outputs);
    }

    @Override
    public synchronized Vector predictRaw(Vector features) {
        if (singleRowModel == null) {
            singleRowBackend = new CpuBackend(1);
            singleRowModel = weights.toMlp(singleRowBackend);
        }
        float[] x = new float[features.size()];
        double[] values = features.toArray();
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) values[i];
        }
        try (Tensor input = Tensor.of(singleRowBackend, 1, x.length, x)) {
            float[] out = singleRowModel.forward(input, ForwardPass.inference()).toHost();
            double[] raw = new double[out.length];
            for (int j = 0; j < out.length; j++) {
                raw[j] = out[j];
            }
            return Vectors.dense(raw);
        }
    }

    @Override
    public Vector raw2probabilityInPlace(Vector rawPrediction) {
        DenseVector dense = (DenseVector) rawPrediction;
        double[] p = softmax(dense.values());
        System.arraycopy(p, 0, dense.values(), 0, p.length);
        return dense;
    }

    /** Softmax in double, shifted by the maximum so large logits cannot overflow. */
    static double[] softmax(double[] raw) {
        double max = Double.NEGATIVE_INFINITY;
        for (double v : raw) {
            max = Math.max(max, v);
        }
        double sum = 0;
        double[] p = new double[raw.length];
        for (int j = 0; j < raw.length; j++) {
            p[j] = Math.exp(raw[j] - max);
            sum += p[j];
        }
        for (int j = 0; j < raw.length; j++) {
            p[j] /= sum;
        }
        return p;
    }

    /** MLlib's rule: the most probable class, or with thresholds the largest probability/threshold. */
    static double predictClass(double[] raw, double[] probability, double[] thresholds) {
        int best = 0;
        double bestScore = Double.NEGATIVE_INFINITY;
        for (int j = 0; j < raw.length; j++) {
            double score = thresholds == null
                    ? raw[j]
                    : thresholds[j] == 0 ? Double.POSITIVE_INFINITY : probability[j] / thresholds[j];
            if (score > bestScore) {
                bestScore = score;
                best = j;
            }
        }
        return best;
    }

    @Override
    public MLWriter write() {
        return new MLWriter() {
            @Override
            public void saveImpl(String path) {
                SavedStage.write(
                        JmlpClassificationModel.this,
                        path,
                        sc(),
                        Map.of("numClasses", numClasses, "numFeatures", numFeatures, "steps", weights.steps()),
                        weights);
            }
        };
    }

    public static MLReader<JmlpClassificationModel> read() {
        return new MLReader<>() {
            @Override
            public JmlpClassificationModel load(String path) {
                SavedStage.Metadata metadata = SavedStage.readMetadata(path, sc());
                TrainedWeights weights = SavedStage.readWeights(
                        path, sc(), metadata.json().get("steps").getAsLong());
                JmlpClassificationModel model = new JmlpClassificationModel(
                        metadata.uid(),
                        weights,
                        metadata.json().get("numClasses").getAsInt(),
                        metadata.json().get("numFeatures").getAsInt(),
                        null);
                SavedStage.applyParams(model, metadata);
                return model;
            }
        };
    }

    public static JmlpClassificationModel load(String path) {
        return read().load(path);
    }

    /**
     * Spark's summary hook, inherited from two Scala classes with return types Java's generics
     * cannot reconcile; the raw type satisfies both, and the behaviour is Spark's.
     */
    @Override
    @SuppressWarnings({"rawtypes", "unchecked"})
    public scala.Tuple3 findSummaryModel() {
        return super.findSummaryModel();
    }
}
