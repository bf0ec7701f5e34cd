package io.jmlp.estimator;

import io.jmlp.data.Dataset;
import io.jmlp.data.FeatureScaler;
import io.jmlp.loss.Loss;
import io.jmlp.model.ModelMetadata;
import io.jmlp.nn.Mlp;
import io.jmlp.nn.MlpSpec;
import io.jmlp.nn.WeightInit;
import io.jmlp.optim.LearningRateSchedule;
import io.jmlp.optim.Optimizer;
import io.jmlp.optim.OptimizerSettings;
import io.jmlp.optim.Schedules;
import io.jmlp.train.DeviceDataset;
import io.jmlp.train.EpochRecord;
import io.jmlp.train.History;
import io.jmlp.train.Trainer;
import io.jmlp.train.TrainingListener;
import io.jmlp.train.TrainingOptions;
import io.jmlp.train.TrainingRecipe;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One training run, as {@code jmlp train} assembles it: the validation rows split off the training
 * set by the same seeded shuffle; the feature scaler (and, for regression, the targets'
 * standardiser) fitted on what is left and recorded with the data's schema in the
 * {@link ModelMetadata} a saved model carries; the unset values taken from {@link TrainingRecipe}
 * for that many rows; then the network, its data and its optimizer on the backend,
 * {@link Trainer#fit}, and the result downloaded. Everything opened on the backend (and the backend
 * itself, unless the user gave it) is closed before this returns.
 */
final class NetworkTraining {
    private static final Logger log = LoggerFactory.getLogger(NetworkTraining.class);

    private NetworkTraining() {}

    /** What a run leaves: the trained network, what its inputs and outputs mean (schema, scalers), and the epochs. */
    record Result(TrainedNetwork network, ModelMetadata metadata, History history) {}

    /**
     * Trains a network of {@code outputs} outputs with {@code loss} on {@code data} (classes, named by
     * its class names, or regression targets); {@code inputPreprocessing} says what the features are,
     * for the model file.
     */
    static Result run(TrainingSettings s, Dataset data, Loss loss, int outputs, String inputPreprocessing) {
        Dataset train = data;
        Dataset validation = null;
        if (s.validationFraction() > 0) {
            Dataset.Split split = data.split(1 - s.validationFraction(), s.seed());
            train = split.first().named(data.name() + " train");
            validation = split.second().named(data.name() + " validation");
        }
        // Fitted on the training part only, as jmlp train does; regression targets are always standardised.
        FeatureScaler scaler = FeatureScaler.fit(s.scaling(), train);
        FeatureScaler targetScaler = train.isClassification() ? null : FeatureScaler.targetStandardizer(train);
        ModelMetadata metadata = ModelMetadata.of(train, scaler, targetScaler, inputPreprocessing);
        train = scaled(train, scaler, targetScaler);
        validation = validation != null ? scaled(validation, scaler, targetScaler) : null;

        TrainingRecipe recipe = TrainingRecipe.forTrainingRows(train.rows());
        int[] hidden = s.hidden() != null ? s.hidden() : recipe.hiddenWidths();
        int batch = s.batchSize() != null ? s.batchSize() : recipe.batchSize();
        int epochs = s.epochs() != null ? s.epochs() : recipe.epochs();
        OptimizerSettings optimizerSettings = s.optimizer();
        Double recipeRate = recipe.learningRate(optimizerSettings.name());
        double rate = s.learningRate() != null
                ? s.learningRate()
                : recipeRate != null ? recipeRate : optimizerSettings.defaultLearningRate();
        LearningRateSchedule schedule = Schedules.withWarmup(
                Schedules.parse(s.schedule() != null ? s.schedule() : recipe.schedule(), rate), s.warmup());
        WeightInit init = s.init() != null ? s.init() : WeightInit.defaultFor(s.activation(), s.batchNorm());
        if (s.batchNorm() && hidden.length > 0) {
            requireBatchNormBatches(batch, train.rows());
        }
        MlpSpec spec =
                MlpSpec.classifier(data.cols(), hidden, outputs, s.activation(), s.batchNorm(), s.dropout(), loss);

        try (BackendChoice.Lease lease = s.backend().open(true);
                Mlp model = Mlp.create(spec, lease.backend(), init, s.seed());
                DeviceDataset trainOnDevice = DeviceDataset.upload(lease.backend(), train, loss);
                DeviceDataset validationOnDevice =
                        validation != null ? DeviceDataset.upload(lease.backend(), validation, loss) : null;
                Optimizer optimizer = optimizerSettings.create()) {
            int trainRows = train.rows();
            int validationRows = validation != null ? validation.rows() : 0;
            // The rows are on the device now, and nothing below reads these host copies (the split's, or
            // the scaler's output): let go, they do not stay next to the caller's data while it trains.
            train = null;
            validation = null;
            log.info(
                    "training {} on {}: {} rows{}, {} epochs, batch {}, {}, {}, init {}, seed {}{}{}",
                    model.summary(),
                    lease.backend().name(),
                    trainRows,
                    validationRows > 0 ? " (+" + validationRows + " validation)" : "",
                    epochs,
                    batch == TrainingOptions.FULL_BATCH ? "full" : Integer.toString(batch),
                    optimizer,
                    schedule,
                    init.cliName(),
                    s.seed(),
                    scaler != null ? ", " + scaler + " scaling" : "",
                    targetScaler != null ? ", targets standardised" : "");
            Trainer trainer = new Trainer(new TrainingOptions(epochs, batch, s.seed(), true), optimizer, schedule)
                    .withEarlyStopping(s.earlyStopping())
                    .withGradientClipping(s.clipNorm())
                    .withMaxNorm(s.maxNorm())
                    .addListener(new EpochLog());
            s.listeners().forEach(trainer::addListener);
            History history = trainer.fit(model, trainOnDevice, validationOnDevice);
            EpochRecord last = history.last();
            log.info(
                    "trained {} epochs in {} s: train loss {}{}",
                    history.epochs().size(),
                    String.format(Locale.ROOT, "%.1f", history.totalSeconds()),
                    String.format(Locale.ROOT, "%.4f", last.trainLoss()),
                    Double.isNaN(last.validationLoss())
                            ? ""
                            : String.format(Locale.ROOT, ", validation loss %.4f", last.validationLoss()));
            return new Result(TrainedNetwork.of(model, optimizer.steps()), metadata, history);
        }
    }

    private static Dataset scaled(Dataset data, FeatureScaler features, FeatureScaler targets) {
        Dataset out = features != null ? features.transform(data) : data;
        return targets != null ? targets.transformTargets(out) : out;
    }

    /** Batch norm cannot normalise a batch of one row (its variance is 0/0), which a batch size can leave at an epoch's end. */
    private static void requireBatchNormBatches(int batch, int trainingRows) {
        int size = batch == TrainingOptions.FULL_BATCH ? trainingRows : Math.min(batch, trainingRows);
        if (size == 1 || trainingRows % size == 1) {
            throw new IllegalArgumentException(
                    "batch size " + (batch == TrainingOptions.FULL_BATCH ? "full" : batch) + " on "
                            + trainingRows
                            + " training rows leaves a batch of one row, which batch norm cannot normalise; choose another "
                            + "batchSize, or batchNorm(false)");
        }
    }

    /** Row-major labels or targets check: {@code x} and {@code y} must describe the same examples. */
    static void requireSameRows(float[][] x, int labels) {
        if (x != null && x.length != labels) {
            throw new IllegalArgumentException(
                    "x has " + x.length + " rows but y has " + labels + "; give one label per example");
        }
    }

    /** Each epoch at DEBUG, for users who turn jmlp's logger up. */
    private static final class EpochLog implements TrainingListener {
        @Override
        public void epochFinished(EpochRecord e) {
            if (log.isDebugEnabled()) {
                log.debug(
                        "epoch {}: {}",
                        e.epoch(),
                        String.format(
                                Locale.ROOT,
                                "lr %.3g, train loss %.4f, train accuracy %.4f, validation loss %.4f, validation accuracy %.4f, %.2f s",
                                e.learningRate(),
                                e.trainLoss(),
                                e.trainAccuracy(),
                                e.validationLoss(),
                                e.validationAccuracy(),
                                e.seconds()));
            }
        }
    }
}
