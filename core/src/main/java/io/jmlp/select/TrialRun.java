package io.jmlp.select;

import io.jmlp.backend.Backend;
import io.jmlp.data.Dataset;
import io.jmlp.data.FeatureScaler;
import io.jmlp.eval.ModelReport;
import io.jmlp.eval.Roc;
import io.jmlp.loss.Loss;
import io.jmlp.nn.Mlp;
import io.jmlp.nn.MlpSpec;
import io.jmlp.optim.Optimizer;
import io.jmlp.train.DeviceDataset;
import io.jmlp.train.Trainer;
import io.jmlp.train.TrainingDivergedException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Trains one configuration on one training split and scores it on the held-out split: the unit of
 * work of cross-validation and of every search strategy. The scaler (if any) is fitted on the
 * training split only. The network, optimizer, schedule and trainer are the configuration's
 * ({@link TrialConfig}), as {@code jmlp train} builds them from the same flags. A run that diverges scores NaN with the reason, rather than stopping the search.
 */
public final class TrialRun {
    private TrialRun() {}

    public static FoldScore fitAndScore(
            Backend backend,
            TrialConfig config,
            Dataset train,
            Dataset heldOut,
            String scaler,
            long seed,
            int repeat,
            int fold) {
        FeatureScaler fitted = FeatureScaler.fit(scaler, train);
        Dataset trainSet = fitted != null ? fitted.transform(train) : train;
        Dataset scoredSet = fitted != null ? fitted.transform(heldOut) : heldOut;
        boolean classification = train.isClassification();
        // Regression targets are standardised on the training split, as jmlp train does, so the default
        // rates work on targets in the hundreds; metrics are computed back in the targets' units.
        FeatureScaler targetScaler = classification ? null : FeatureScaler.targetStandardizer(train);
        Dataset trainTargets = targetScaler != null ? targetScaler.transformTargets(trainSet) : trainSet;
        Dataset scoredTargets = targetScaler != null ? targetScaler.transformTargets(scoredSet) : scoredSet;
        MlpSpec spec = config.network(train, heldOut);
        Loss loss = spec.loss();
        long started = System.nanoTime();
        try (Mlp model = Mlp.create(spec, backend, config.init(), seed);
                DeviceDataset trainOnDevice = DeviceDataset.upload(backend, trainTargets, loss);
                DeviceDataset scoredOnDevice = DeviceDataset.upload(backend, scoredTargets, loss);
                Optimizer optimizer = config.newOptimizer()) {
            // The scaler's copies of the training rows are on the device now and read nowhere below: let
            // go, they do not stay beside the caller's fold while it trains (the fold itself is the caller's).
            trainSet = null;
            trainTargets = null;
            Trainer trainer = config.trainer(config.trainingOptions(seed), optimizer, config.newSchedule());
            trainer.fit(model, trainOnDevice, null);
            double seconds = (System.nanoTime() - started) / 1e9;
            Map<String, Double> metrics = new LinkedHashMap<>();
            metrics.put(
                    Metric.LOSS.cliName(),
                    Trainer.evaluate(model, scoredOnDevice, 1000).loss());
            ModelReport report = ModelReport.of(model, scoredSet, targetScaler);
            if (classification) {
                metrics.put(Metric.ACCURACY.cliName(), report.metrics().accuracy());
                metrics.put(Metric.MACRO_F1.cliName(), report.metrics().macro().f1());
                metrics.put(
                        Metric.WEIGHTED_F1.cliName(),
                        report.metrics().weighted().f1());
                metrics.put(Metric.MACRO_AUC.cliName(), Roc.macroAuc(report.roc()));
                metrics.put(Metric.LOG_LOSS.cliName(), report.logLoss());
            } else {
                metrics.put(Metric.RMSE.cliName(), report.regression().rmse());
                metrics.put(Metric.MAE.cliName(), report.regression().mae());
                metrics.put(Metric.R2.cliName(), report.regression().r2());
            }
            return new FoldScore(repeat, fold, metrics, seconds, null);
        } catch (TrainingDivergedException e) {
            return new FoldScore(repeat, fold, Map.of(), (System.nanoTime() - started) / 1e9, e.getMessage());
        }
    }
}
