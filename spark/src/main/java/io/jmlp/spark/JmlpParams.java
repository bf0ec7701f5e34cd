package io.jmlp.spark;

import org.apache.spark.ml.param.BooleanParam;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.IntArrayParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.LongParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.Params;

/**
 * jmlp's Params ({@link JmlpParamSet}) as the public no-argument methods Spark's {@code Params.params}
 * finds by reflection, plus their getters; shared by the estimators and their models.
 */
public interface JmlpParams extends Params {

    /** This instance's Params. */
    JmlpParamSet jmlpParams();

    default IntArrayParam layers() {
        return jmlpParams().layers;
    }

    default IntArrayParam hiddenLayers() {
        return jmlpParams().hiddenLayers;
    }

    default IntParam maxIter() {
        return jmlpParams().maxIter;
    }

    default IntParam blockSize() {
        return jmlpParams().blockSize;
    }

    default DoubleParam stepSize() {
        return jmlpParams().stepSize;
    }

    default LongParam seed() {
        return jmlpParams().seed;
    }

    default Param<String> solver() {
        return jmlpParams().solver;
    }

    default Param<String> activation() {
        return jmlpParams().activation;
    }

    default BooleanParam batchNorm() {
        return jmlpParams().batchNorm;
    }

    default DoubleParam dropout() {
        return jmlpParams().dropout;
    }

    default DoubleParam momentum() {
        return jmlpParams().momentum;
    }

    default Param<String> schedule() {
        return jmlpParams().schedule;
    }

    default DoubleParam l2() {
        return jmlpParams().l2;
    }

    default DoubleParam l1() {
        return jmlpParams().l1;
    }

    default Param<String> init() {
        return jmlpParams().init;
    }

    default DoubleParam clipNorm() {
        return jmlpParams().clipNorm;
    }

    default DoubleParam maxNorm() {
        return jmlpParams().maxNorm;
    }

    default BooleanParam shuffle() {
        return jmlpParams().shuffle;
    }

    default IntParam syncEvery() {
        return jmlpParams().syncEvery;
    }

    default IntParam numWorkers() {
        return jmlpParams().numWorkers;
    }

    default IntParam treeDepth() {
        return jmlpParams().treeDepth;
    }

    default Param<String> backend() {
        return jmlpParams().backend;
    }

    default Param<String> checkpointDir() {
        return jmlpParams().checkpointDir;
    }

    default int[] getLayers() {
        return isDefined(layers()) ? getOrDefault(layers()) : null;
    }

    default int[] getHiddenLayers() {
        return getOrDefault(hiddenLayers());
    }

    default int getMaxIter() {
        return (Integer) getOrDefault(maxIter());
    }

    default int getBlockSize() {
        return (Integer) getOrDefault(blockSize());
    }

    default double getStepSize() {
        return (Double) getOrDefault(stepSize());
    }

    default long getSeed() {
        return (Long) getOrDefault(seed());
    }

    default String getSolver() {
        return getOrDefault(solver());
    }

    default String getActivation() {
        return getOrDefault(activation());
    }

    default boolean getBatchNorm() {
        return (Boolean) getOrDefault(batchNorm());
    }

    default double getDropout() {
        return (Double) getOrDefault(dropout());
    }

    default double getMomentum() {
        return (Double) getOrDefault(momentum());
    }

    default String getSchedule() {
        return getOrDefault(schedule());
    }

    default double getL2() {
        return (Double) getOrDefault(l2());
    }

    default double getL1() {
        return (Double) getOrDefault(l1());
    }

    default String getInit() {
        return getOrDefault(init());
    }

    default double getClipNorm() {
        return (Double) getOrDefault(clipNorm());
    }

    default double getMaxNorm() {
        return (Double) getOrDefault(maxNorm());
    }

    default boolean getShuffle() {
        return (Boolean) getOrDefault(shuffle());
    }

    default int getSyncEvery() {
        return (Integer) getOrDefault(syncEvery());
    }

    default int getNumWorkers() {
        return (Integer) getOrDefault(numWorkers());
    }

    default int getTreeDepth() {
        return (Integer) getOrDefault(treeDepth());
    }

    default String getBackend() {
        return getOrDefault(backend());
    }

    default String getCheckpointDir() {
        return getOrDefault(checkpointDir());
    }
}
