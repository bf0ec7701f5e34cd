package io.jmlp.spark;

import io.jmlp.loss.SoftmaxCrossEntropy;
import io.jmlp.spark.train.DistributedTrainer;
import java.util.Map;
import org.apache.spark.ml.classification.ProbabilisticClassifier;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.Identifiable$;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.ml.util.MLWritable;
import org.apache.spark.ml.util.MLWriter;
import org.apache.spark.sql.Dataset;

/**
 * A multilayer-perceptron classifier for Spark ML, trained by jmlp: softmax cross-entropy on
 * hidden layers with any of jmlp's activations, batch norm, dropout, momentum/Adam/…, schedules and
 * penalties, data-parallel over the input's partitions by local SGD with parameter averaging every
 * {@code syncEvery} steps, each task on its executor's best backend. Use it where MLlib's
 * {@code MultilayerPerceptronClassifier} goes: features vector column, label column of class indices.
 *
 * <pre>{@code
 * JmlpClassifier mlp = new JmlpClassifier().setLayers(new int[] {784, 300, 150, 10}).setMaxIter(10);
 * JmlpClassificationModel model = mlp.fit(train);
 * model.transform(test).select("prediction", "probability");
 * }</pre>
 */
public final class JmlpClassifier extends ProbabilisticClassifier<Vector, JmlpClassifier, JmlpClassificationModel>
        implements JmlpParams, MLWritable {
    private static final long serialVersionUID = 1L;
    private final String uid;
    private final JmlpParamSet params;

    public JmlpClassifier() {
        this(Identifiable$.MODULE$.randomUID("jmlpClassifier"));
    }

    public JmlpClassifier(String uid) {
        this(ParkedUid.park(uid));
    }

    private JmlpClassifier(ParkedUid parked) {
        this.uid = parked.release();
        this.params = new JmlpParamSet(this);
        params.setDefaults(this);
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
    public JmlpClassifier copy(ParamMap extra) {
        return defaultCopy(extra);
    }

    @Override
    public JmlpClassificationModel train(Dataset<?> dataset) {
        int classes = getNumClasses(dataset, 10_000);
        int features = FeatureCount.of(dataset, getFeaturesCol());
        DistributedTrainer.Result result = ParamsTraining.train(
                this, dataset, getFeaturesCol(), getLabelCol(), features, classes, classes, new SoftmaxCrossEntropy());
        JmlpClassificationModel model =
                new JmlpClassificationModel(uid, result.weights(), classes, features, TrainingSummary.of(result));
        return copyValues(model.setParent(this), copyValues$default$2());
    }

    @Override
    public MLWriter write() {
        return new MLWriter() {
            @Override
            public void saveImpl(String path) {
                SavedStage.write(JmlpClassifier.this, path, sc(), Map.of(), null);
            }
        };
    }

    public static MLReader<JmlpClassifier> read() {
        return new MLReader<>() {
            @Override
            public JmlpClassifier load(String path) {
                SavedStage.Metadata metadata = SavedStage.readMetadata(path, sc());
                JmlpClassifier stage = new JmlpClassifier(metadata.uid());
                SavedStage.applyParams(stage, metadata);
                return stage;
            }
        };
    }

    public static JmlpClassifier load(String path) {
        return read().load(path);
    }

    public JmlpClassifier setLayers(int[] value) {
        return (JmlpClassifier) set(layers(), value);
    }

    public JmlpClassifier setHiddenLayers(int[] value) {
        return (JmlpClassifier) set(hiddenLayers(), value);
    }

    public JmlpClassifier setMaxIter(int value) {
        return (JmlpClassifier) set(maxIter(), value);
    }

    public JmlpClassifier setBlockSize(int value) {
        return (JmlpClassifier) set(blockSize(), value);
    }

    public JmlpClassifier setStepSize(double value) {
        return (JmlpClassifier) set(stepSize(), value);
    }

    public JmlpClassifier setSeed(long value) {
        return (JmlpClassifier) set(seed(), value);
    }

    public JmlpClassifier setSolver(String value) {
        return (JmlpClassifier) set(solver(), value);
    }

    public JmlpClassifier setActivation(String value) {
        return (JmlpClassifier) set(activation(), value);
    }

    public JmlpClassifier setBatchNorm(boolean value) {
        return (JmlpClassifier) set(batchNorm(), value);
    }

    public JmlpClassifier setDropout(double value) {
        return (JmlpClassifier) set(dropout(), value);
    }

    public JmlpClassifier setMomentum(double value) {
        return (JmlpClassifier) set(momentum(), value);
    }

    public JmlpClassifier setSchedule(String value) {
        return (JmlpClassifier) set(schedule(), value);
    }

    public JmlpClassifier setL2(double value) {
        return (JmlpClassifier) set(l2(), value);
    }

    public JmlpClassifier setL1(double value) {
        return (JmlpClassifier) set(l1(), value);
    }

    public JmlpClassifier setInit(String value) {
        return (JmlpClassifier) set(init(), value);
    }

    public JmlpClassifier setClipNorm(double value) {
        return (JmlpClassifier) set(clipNorm(), value);
    }

    public JmlpClassifier setMaxNorm(double value) {
        return (JmlpClassifier) set(maxNorm(), value);
    }

    public JmlpClassifier setShuffle(boolean value) {
        return (JmlpClassifier) set(shuffle(), value);
    }

    public JmlpClassifier setSyncEvery(int value) {
        return (JmlpClassifier) set(syncEvery(), value);
    }

    public JmlpClassifier setNumWorkers(int value) {
        return (JmlpClassifier) set(numWorkers(), value);
    }

    public JmlpClassifier setTreeDepth(int value) {
        return (JmlpClassifier) set(treeDepth(), value);
    }

    public JmlpClassifier setBackend(String value) {
        return (JmlpClassifier) set(backend(), value);
    }

    public JmlpClassifier setCheckpointDir(String value) {
        return (JmlpClassifier) set(checkpointDir(), value);
    }
}
