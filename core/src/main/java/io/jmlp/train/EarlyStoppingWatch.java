package io.jmlp.train;

import io.jmlp.backend.Tensor;
import io.jmlp.nn.Mlp;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link EarlyStopping} over one run: watches each epoch's validation loss, keeps the best
 * parameters and batch-norm statistics in device-side copies (no host transfer), says when to
 * stop, and at the end restores the best and records the outcome in the {@link History}.
 */
final class EarlyStoppingWatch implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(EarlyStoppingWatch.class);
    private final EarlyStopping rule;
    private final Mlp model;
    private final int epochs;
    private final Tensor bestParameters;
    private final Tensor bestStates;
    private double bestLoss = Double.POSITIVE_INFINITY;
    private int bestEpoch;
    private int epochsWithoutImprovement;
    private boolean stoppedEarly;

    EarlyStoppingWatch(EarlyStopping rule, Mlp model, int epochs) {
        this.rule = rule;
        this.model = model;
        this.epochs = epochs;
        boolean keep = rule.restoreBest();
        bestParameters = keep ? Tensor.zeros(model.backend(), 1, (int) model.parameterCount()) : null;
        bestStates = keep ? Tensor.zeros(model.backend(), 1, model.states().cols()) : null;
    }

    /** After epoch {@code record.epoch()}: true when training should stop now. */
    boolean shouldStop(EpochRecord record) {
        if (record.validationLoss() < bestLoss - rule.minDelta()) {
            bestLoss = record.validationLoss();
            bestEpoch = record.epoch();
            epochsWithoutImprovement = 0;
            if (bestParameters != null) {
                model.backend().copy(model.parameters(), bestParameters);
                model.backend().copy(model.states(), bestStates);
            }
            return false;
        }
        if (++epochsWithoutImprovement < rule.patience()) {
            return false;
        }
        stoppedEarly = record.epoch() < epochs;
        log.info(
                "early stopping after epoch {}: no validation-loss improvement > {} for {} epochs; best {} in epoch {}",
                record.epoch(),
                rule.minDelta(),
                rule.patience(),
                bestLoss,
                bestEpoch);
        return true;
    }

    /** Restores the best epoch's parameters when a later epoch ended the run, and records the outcome. */
    void finish(History history) {
        boolean restore = bestParameters != null
                && bestEpoch > 0
                && bestEpoch < history.last().epoch();
        if (restore) {
            log.info("restoring the parameters of epoch {} (validation loss {})", bestEpoch, bestLoss);
            model.backend().copy(bestParameters, model.parameters());
            model.backend().copy(bestStates, model.states());
        }
        history.earlyStoppingResult(bestEpoch, stoppedEarly, restore);
    }

    @Override
    public void close() {
        if (bestParameters != null) {
            bestParameters.close();
            bestStates.close();
        }
    }
}
