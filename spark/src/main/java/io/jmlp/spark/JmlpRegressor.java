package io.jmlp.spark;

import io.jmlp.loss.MeanSquaredError;
import io.jmlp.spark.train.DistributedTrainer;
import java.util.Map;
import org.apache.spark.ml.Predictor;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.Identifiable$;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.ml.util.MLWritable;
import org.apache.spark.ml.util.MLWriter;
import org.apache.spark.sql.Dataset;

/**
 * A multilayer-perceptron regressor for Spark ML, trained by jmlp as {@link JmlpRegressor} is
 * (the same Params and local SGD), on mean squared error with one linear output: the label column
 * holds the target value.
 */
public final class JmlpRegressor extends Predictor<Vector, JmlpRegressor, JmlpRegressionModel>
        implements JmlpParams, MLWritable {
    private static final long serialVersionUID = 1L;
    private final String uid;
    private final JmlpParamSet params;

    public JmlpRegressor() {
        this(Identifiable$.MODULE$.randomUID("jmlpRegressor"));
    }

    public JmlpRegressor(String uid) {
        this(ParkedUid.park(uid));
    }

    private JmlpRegressor(ParkedUid parked) {
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
    public JmlpRegressor copy(ParamMap extra) {
        return defaultCopy(extra);
    }

    @Override
    public JmlpRegressionModel train(Dataset<?> dataset) {
        int features = FeatureCount.of(dataset, getFeaturesCol());
        DistributedTrainer.Result result = ParamsTraining.train(
                this, dataset, getFeaturesCol(), getLabelCol(), features, 1, 0, new MeanSquaredError(false));
        JmlpRegressionModel model =
                new JmlpRegressionModel(uid, result.weights(), features, TrainingSummary.of(result));
        return copyValues(model.setParent(this), copyValues$default$2());
    }

    @Override
    public MLWriter write() {
        return new MLWriter() {
            @Override
            public void saveImpl(String path) {
                SavedStage.write(JmlpRegressor.this, path, sc(), Map.of(), null);
            }
        };
    }

    public static MLReader<JmlpRegressor> read() {
        return new MLReader<>() {
            @Override
            public JmlpRegressor load(String path) {
                SavedStage.Metadata metadata = SavedStage.readMetadata(path, sc());
                JmlpRegressor stage = new JmlpRegressor(metadata.uid());
                SavedStage.applyParams(stage, metadata);
                return stage;
            }
        };
    }

    public static JmlpRegressor load(String path) {
        return read().load(path);
    }

    public JmlpRegressor setLayers(int[] value) {
        return (JmlpRegressor) set(layers(), value);
    }

    public JmlpRegressor setHiddenLayers(int[] value) {
        return (JmlpRegressor) set(hiddenLayers(), value);
    }

    public JmlpRegressor setMaxIter(int value) {
        return (JmlpRegressor) set(maxIter(), value);
    }

    public JmlpRegressor setBlockSize(int value) {
        return (JmlpRegressor) set(blockSize(), value);
    }

    public JmlpRegressor setStepSize(double value) {
        return (JmlpRegressor) set(stepSize(), value);
    }

    public JmlpRegressor setSeed(long value) {
        return (JmlpRegressor) set(seed(), value);
    }

    public JmlpRegressor setSolver(String value) {
        return (JmlpRegressor) set(solver(), value);
    }

    public JmlpRegressor setActivation(String value) {
        return (JmlpRegressor) set(activation(), value);
    }

    public JmlpRegressor setBatchNorm(boolean value) {
        return (JmlpRegressor) set(batchNorm(), value);
    }

    public JmlpRegressor setDropout(double value) {
        return (JmlpRegressor) set(dropout(), value);
    }

    public JmlpRegressor setMomentum(double value) {
        return (JmlpRegressor) set(momentum(), value);
    }

    public JmlpRegressor setSchedule(String value) {
        return (JmlpRegressor) set(schedule(), value);
    }

    public JmlpRegressor setL2(double value) {
        return (JmlpRegressor) set(l2(), value);
    }

    public JmlpRegressor setL1(double value) {
        return (JmlpRegressor) set(l1(), value);
    }

    public JmlpRegressor setInit(String value) {
        return (JmlpRegressor) set(init(), value);
    }

    public JmlpRegressor setClipNorm(double value) {
        return (JmlpRegressor) set(clipNorm(), value);
    }

    public JmlpRegressor setMaxNorm(double value) {
        return (JmlpRegressor) set(maxNorm(), value);
    }

    public JmlpRegressor setShuffle(boolean value) {
        return (JmlpRegressor) set(shuffle(), value);
    }

    public JmlpRegressor setSyncEvery(int value) {
        return (JmlpRegressor) set(syncEvery(), value);
    }

    public JmlpRegressor setNumWorkers(int value) {
        return (JmlpRegressor) set(numWorkers(), value);
    }

    public JmlpRegressor setTreeDepth(int value) {
        return (JmlpRegressor) set(treeDepth(), value);
    }

    public JmlpRegressor setBackend(String value) {
        return (JmlpRegressor) set(backend(), value);
    }

    public JmlpRegressor setCheckpointDir(String value) {
        return (JmlpRegressor) set(checkpointDir(), value);
    }
}
