package io.jmlp.spark;

import io.jmlp.loss.Loss;
import io.jmlp.nn.HiddenActivation;
import io.jmlp.nn.MlpSpec;
import io.jmlp.nn.WeightInit;
import io.jmlp.optim.OptimizerSettings;
import io.jmlp.spark.train.DistributedTrainer;
import io.jmlp.spark.train.LocalSgdConfig;
import io.jmlp.spark.train.Shard;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.storage.StorageLevel;

/**
 * What {@code fit} does for both estimators: reads the Params into a network and a
 * {@link LocalSgdConfig}, converts each partition's rows once into a {@link Shard} (cached for the
 * whole run), and runs the {@link DistributedTrainer}.
 */
final class ParamsTraining {
    private ParamsTraining() {}

    /** The network the Params describe, for {@code inputs} features and {@code outputs} outputs. */
    static MlpSpec network(JmlpParams p, int inputs, int outputs, Loss loss) {
        int[] hidden;
        int[] layers = p.getLayers();
        if (layers != null) {
            if (layers.length < 2 || layers[0] != inputs || layers[layers.length - 1] != outputs) {
                throw new IllegalArgumentException("layers " + java.util.Arrays.toString(layers)
                        + " must run from the data's " + inputs + " features to its " + outputs + " outputs, e.g. ["
                        + inputs + ", 300, 150, " + outputs + "]");
            }
            hidden = java.util.Arrays.copyOfRange(layers, 1, layers.length - 1);
        } else {
            hidden = p.getHiddenLayers();
        }
        float dropout = (float) p.getDropout();
        return MlpSpec.classifier(
                inputs,
                hidden,
                outputs,
                HiddenActivation.parse(p.getActivation()),
                p.getBatchNorm(),
                dropout > 0 ? new float[] {dropout} : new float[0],
                loss);
    }

    /** {@code solver} as an optimizer: jmlp's names, MLlib's {@code gd} as plain SGD. */
    static OptimizerSettings optimizer(JmlpParams p) {
        String name = p.getSolver().trim().toLowerCase(Locale.ROOT);
        if (name.equals("gd")) {
            name = "sgd";
        }
        if (name.equals("l-bfgs") || name.equals("lbfgs")) {
            throw new IllegalArgumentException(
                    "solver l-bfgs is MLlib's full-batch quasi-Newton method; jmlp trains by mini-batch "
                            + "gradient descent: choose sgd, momentum, nesterov, adagrad, rmsprop, adam or adamw");
        }
        return OptimizerSettings.defaults(name)
                .withMomentum((float) p.getMomentum())
                .withPenalties((float) p.getL2(), (float) p.getL1());
    }

    static WeightInit init(JmlpParams p) {
        String name = p.getInit().trim().toLowerCase(Locale.ROOT);
        if (!name.equals("auto")) {
            return WeightInit.parse(name);
        }
        if (p.getBatchNorm()) {
            return WeightInit.PYTORCH_DEFAULT;
        }
        return HiddenActivation.parse(p.getActivation()).reluLike() ? WeightInit.HE_NORMAL : WeightInit.XAVIER_NORMAL;
    }

    static LocalSgdConfig config(JmlpParams p, MlpSpec spec) {
        OptimizerSettings optimizer = optimizer(p);
        // An unset stepSize means the solver's own default rate (adam's 0.001, the SGD family's 0.01).
        double rate = p.isSet(p.stepSize()) ? p.getStepSize() : optimizer.defaultLearningRate();
        String checkpoints = p.getCheckpointDir();
        return new LocalSgdConfig(
                spec,
                init(p),
                p.getSeed(),
                optimizer,
                rate,
                p.getSchedule(),
                p.getMaxIter(),
                p.getBlockSize(),
                p.getSyncEvery(),
                p.getShuffle(),
                p.getClipNorm(),
                p.getMaxNorm(),
                p.getBackend(),
                false,
                p.getTreeDepth(),
                checkpoints.isBlank() ? null : Path.of(checkpoints),
                1,
                0);
    }

    /**
     * Each partition's (features, label) rows as one shard, persisted; empty partitions give none.
     * {@code classes} > 0: labels must be class indices 0 … classes−1; 0: regression targets.
     */
    static JavaRDD<Shard> shards(Dataset<?> data, String featuresCol, String labelCol, int workers, int classes) {
        Dataset<Row> rows = data.select(featuresCol, labelCol);
        if (workers > 0 && rows.rdd().getNumPartitions() != workers) {
            rows = rows.repartition(workers);
        }
        JavaRDD<Shard> shards =
                rows.toJavaRDD().mapPartitionsWithIndex((partition, it) -> toShard(partition, it, classes), true);
        return shards.persist(StorageLevel.MEMORY_AND_DISK());
    }

    private static Iterator<Shard> toShard(int partition, Iterator<Row> rows, int classes) {
        List<float[]> features = new ArrayList<>();
        List<Double> labels = new ArrayList<>();
        int cols = -1;
        while (rows.hasNext()) {
            Row row = rows.next();
            Vector v = row.getAs(0);
            if (row.isNullAt(1)) {
                throw new IllegalArgumentException("a training row of partition " + partition + " has no label");
            }
            double[] values = v.toArray();
            if (cols < 0) {
                cols = values.length;
            } else if (values.length != cols) {
                throw new IllegalArgumentException("feature vectors differ in size within partition " + partition + ": "
                        + cols + " and " + values.length);
            }
            float[] f = new float[values.length];
            for (int i = 0; i < f.length; i++) {
                f[i] = (float) values[i];
            }
            features.add(f);
            labels.add(((Number) row.get(1)).doubleValue());
        }
        if (features.isEmpty()) {
            return java.util.Collections.emptyIterator();
        }
        float[] flat = new float[features.size() * cols];
        for (int r = 0; r < features.size(); r++) {
            System.arraycopy(features.get(r), 0, flat, r * cols, cols);
        }
        if (classes == 0) {
            float[] targets = new float[labels.size()];
            for (int r = 0; r < targets.length; r++) {
                targets[r] = labels.get(r).floatValue();
            }
            return List.of(Shard.regression(partition, cols, flat, targets)).iterator();
        }
        int[] classLabels = new int[labels.size()];
        for (int r = 0; r < classLabels.length; r++) {
            double label = labels.get(r);
            if (label != Math.rint(label) || label < 0 || label >= classes) {
                throw new IllegalArgumentException("label " + label + " of partition " + partition
                        + " is not a class index in [0, " + classes + "); index text labels with StringIndexer first");
            }
            classLabels[r] = (int) label;
        }
        return List.of(Shard.classification(partition, cols, flat, classLabels, classes))
                .iterator();
    }

    /** Trains: converts, runs, and releases the cached shards. */
    static DistributedTrainer.Result train(
            JmlpParams p,
            Dataset<?> data,
            String featuresCol,
            String labelCol,
            int inputs,
            int outputs,
            int classes,
            Loss loss) {
        MlpSpec spec = network(p, inputs, outputs, loss);
        LocalSgdConfig config = config(p, spec);
        JavaRDD<Shard> shards = shards(data, featuresCol, labelCol, p.getNumWorkers(), classes);
        try {
            return new DistributedTrainer(config)
                    .fit(shards, null, "the features column " + featuresCol + " as given to fit");
        } finally {
            shards.unpersist(false);
        }
    }
}
