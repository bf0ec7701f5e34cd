package io.jmlp.train;

import io.jmlp.backend.Backend;
import io.jmlp.backend.DType;
import io.jmlp.backend.Scope;
import io.jmlp.backend.Tensor;
import io.jmlp.nn.ForwardPass;
import io.jmlp.nn.Mlp;
import io.jmlp.optim.LearningRateSchedule;
import io.jmlp.optim.Optimizer;
import io.jmlp.random.Philox;
import io.jmlp.random.PhiloxStream;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Mini-batch training of an {@link Mlp} on its backend. Each epoch draws a permutation on the host
 * (Philox, keyed by the seed and the epoch) and uploads it once; every step then gathers its batch
 * on the device, runs forward, loss, backward and one optimizer op, and adds loss and correct
 * counts to device accumulators. The host reads those once per epoch: a step never waits for the
 * device (unless gradient clipping is on, which reads one number per step), and allocates nothing
 * (the buffers are made once per {@link #fit}). Optional per-step extras: gradient-norm clipping
 * before the update, the max-norm constraint after it; per epoch: early stopping.
 */
public final class Trainer {
    private static final Logger log = LoggerFactory.getLogger(Trainer.class);
    private final TrainingOptions options;
    private final Optimizer optimizer;
    private final LearningRateSchedule schedule;
    private final List<TrainingListener> listeners = new ArrayList<>();
    private EarlyStopping earlyStopping;
    private double clipNorm;
    private double maxNorm;

    public Trainer(TrainingOptions options, Optimizer optimizer, LearningRateSchedule schedule) {
        this.options = options;
        this.optimizer = optimizer;
        this.schedule = schedule;
    }

    /** Stops on the validation loss (then {@link #fit} needs a validation set); null: off. */
    public Trainer withEarlyStopping(EarlyStopping stopping) {
        this.earlyStopping = stopping;
        return this;
    }

    /**
     * Gradient-norm clipping: before each update, when the global L2 norm of the whole flat gradient
     * buffer (every parameter: weights, biases, batch-norm and PReLU parameters) exceeds {@code maxNorm},
     * the gradients are scaled by {@code maxNorm/(norm + 1e-6)}, as PyTorch's {@code clip_grad_norm_}.
     * Penalties (L1/L2/weight decay) are added after clipping, inside the optimizer, as in PyTorch.
     *
     * <p>Cost: one sum-of-squares launch, and one 4-byte read of the norm per step, which makes the
     * host wait for the step's backward pass before it queues the update. On the CPU backends that
     * is free (they finish each op before returning); on a GPU it drains the queue once per step
     * (tens of microseconds of idle device, and the host can no longer run ahead). 0: off.
     */
    public Trainer withGradientClipping(double maxNorm) {
        if (!(maxNorm >= 0) || !Double.isFinite(maxNorm)) {
            throw new IllegalArgumentException("gradient clipping norm must be >= 0 (0: off), got " + maxNorm);
        }
        this.clipNorm = maxNorm;
        return this;
    }

    /**
     * Max-norm constraint (Srivastava et al. 2014): after each update, every dense layer's
     * incoming-weight vector of each neuron (a column of {@code W}) longer than {@code maxNorm} is
     * scaled back to that length. Biases are not constrained. One launch per dense layer; 0: off.
     */
    public Trainer withMaxNorm(double maxNorm) {
        if (!(maxNorm >= 0) || !Double.isFinite(maxNorm)) {
            throw new IllegalArgumentException("max-norm must be >= 0 (0: off), got " + maxNorm);
        }
        this.maxNorm = maxNorm;
        return this;
    }

    public Trainer addListener(TrainingListener listener) {
        listeners.add(listener);
        return this;
    }

    /**
     * Trains {@code model} on {@code train} for the configured epochs, scoring {@code validation}
     * (may be null) after each.
     */
    public History fit(Mlp model, DeviceDataset train, DeviceDataset validation) {
        return fit(model, train, validation, 0);
    }

    /**
     * Continues a run after {@code epochsCompleted} epochs, as restored from a checkpoint: the
     * model and optimizer (state buffers, step count) hold what they held then. Nothing else needs
     * restoring: the shuffle of an epoch is keyed by (seed, epoch), dropout by (seed, step), and the
     * schedules by (epoch, step), so the resumed run computes exactly what an uninterrupted one would.
     */
    public History fit(Mlp model, DeviceDataset train, DeviceDataset validation, int epochsCompleted) {
        if (epochsCompleted < 0 || epochsCompleted > options.epochs()) {
            throw new IllegalArgumentException("cannot resume after epoch " + epochsCompleted + " of a run of " + options.epochs()
                    + " epochs; raise --epochs to train further");
        }
        Backend backend = model.backend();
        checkCompatible(model, train);
        if (validation != null) {
            checkCompatible(model, validation);
        }
        if (earlyStopping != null && validation == null) {
            throw new IllegalArgumentException("early stopping watches the validation loss, but there is no validation set; "
                    + "hold one out (--validation 0.1) or turn early stopping off");
        }
        int rows = train.rows();
        int batch = options.batchSize() == TrainingOptions.FULL_BATCH ? rows : Math.min(options.batchSize(), rows);
        int stepsPerEpoch = (rows + batch - 1) / batch;
        checkBatchNormBatches(model, batch, rows);
        Tensor lossTargets = train.lossTargets();
        boolean separateLabels = train.labels() != null && lossTargets != train.labels();
        History history = new History();
        listeners.forEach(l -> l.trainingStarted(new TrainingListener.TrainingPlan(options.epochs(), stepsPerEpoch, rows)));

        try (Scope scope = new Scope(backend)) {
            Tensor order = scope.ints(rows, 1);
            Tensor x = scope.zeros(batch, train.cols());
            Tensor targets = lossTargets.dtype() == DType.INT32 ? scope.ints(batch, 1) : scope.zeros(batch, lossTargets.cols());
            Tensor labels = separateLabels ? scope.ints(batch, 1) : targets;
            Tensor dOutput = scope.zeros(batch, model.outputSize());
            Tensor lossSum = scope.zeros(1, 1);
            Tensor correctSum = scope.zeros(1, 1);
            Tensor gradientSquares = scope.zeros(1, 1);
            Tensor nonFinite = scope.zeros(1, 1);
            List<Tensor> weightMatrices = model.weightMatrices();
            // Early stopping's best model so far, kept on the device.
            Tensor bestParameters = earlyStopping != null && earlyStopping.restoreBest() ? scope.zeros(1, (int) model.parameterCount()) : null;
            Tensor bestStates = bestParameters != null ? scope.zeros(1, model.states().cols()) : null;
            double bestLoss = Double.POSITIVE_INFINITY;
            int bestEpoch = 0;
            int epochsWithoutImprovement = 0;
            boolean stoppedEarly = false;
            if (!options.shuffle()) {
                backend.write(order, identity(rows), 0);
            }
            long step = optimizer.steps();
            long stepLimit = options.maxSteps() > 0 ? options.maxSteps() : Long.MAX_VALUE;
            for (int epoch = epochsCompleted; epoch < options.epochs() && step < stepLimit; epoch++) {
                long started = System.nanoTime();
                if (options.shuffle()) {
                    backend.write(order, new PhiloxStream(options.seed(), Philox.Purpose.SHUFFLE, epoch).permutation(rows), 0);
                }
                backend.fill(lossSum, 0f);
                backend.fill(correctSum, 0f);
                double epochRate = schedule.rate(epoch, step, stepsPerEpoch);
                int rowsSeen = 0;
                for (int s = 0; s < stepsPerEpoch && step < stepLimit; s++) {
                    int first = s * batch;
                    int n = Math.min(batch, rows - first);
                    rowsSeen += n;
                    // Full batches use the buffers themselves: a view per step would be garbage per step.
                    Tensor xb = n == batch ? x : x.rows(0, n);
                    Tensor tb = n == batch ? targets : targets.rows(0, n);
                    backend.gatherRows(train.features(), order, first, xb);
                    backend.gatherRows(lossTargets, order, first, tb);
                    Tensor out = model.forward(xb, ForwardPass.training(options.seed(), step));
                    Tensor dOut = n == batch ? dOutput : dOutput.rows(0, n);
                    model.loss().forwardBackward(backend, out, tb, dOut, lossSum, lossTargets == train.labels() ? correctSum : null);
                    if (train.labels() != null) {
                        Tensor lb = n == batch ? labels : labels.rows(0, n);
                        if (separateLabels) {
                            backend.gatherRows(train.labels(), order, first, lb);
                            backend.countCorrect(out, lb, correctSum); // else the loss counted them against its targets, the labels
                        }
                    }
                    model.backward(dOut);
                    if (clipNorm > 0) {
                        clipGradients(model, gradientSquares);
                    }
                    optimizer.step(model, (float) schedule.rate(epoch, step, stepsPerEpoch));
                    if (maxNorm > 0) {
                        for (Tensor w : weightMatrices) {
                            backend.clampColumnNorms(w, (float) maxNorm);
                        }
                    }
                    step++;
                    for (TrainingListener l : listeners) {
                        l.stepFinished(epoch + 1, s + 1, stepsPerEpoch);
                    }
                }
                // rowsSeen < rows only when --max-steps ended the epoch early.
                double trainLoss = (double) lossSum.scalar() / rowsSeen; // waits for the epoch's work
                double trainAccuracy = train.labels() != null ? (double) correctSum.scalar() / rowsSeen : Double.NaN;
                double seconds = (System.nanoTime() - started) / 1e9;
                Evaluation val = validation != null ? evaluate(model, validation, Math.max(batch, 1000)) : null;
                EpochRecord record = new EpochRecord(epoch + 1, epochRate, trainLoss, trainAccuracy,
                        val != null ? val.loss() : Double.NaN, val != null ? val.accuracy() : Double.NaN, seconds);
                // Under batch norm the loss can stay finite while weights are already NaN/Inf, so the
                // parameters and running statistics are checked too: two launches and one read per epoch.
                backend.fill(nonFinite, 0f);
                backend.countNonFinite(model.parameters(), nonFinite);
                backend.countNonFinite(model.states(), nonFinite);
                long badValues = (long) nonFinite.scalar();
                if (!Double.isFinite(trainLoss) || badValues > 0) {
                    throw new TrainingDivergedException("training diverged in epoch " + (epoch + 1) + ": "
                            + (badValues > 0 ? badValues + " parameters or batch-norm statistics are NaN/Inf (the mean loss reads "
                            + trainLoss + ")" : "the mean loss is " + trainLoss) + " at learning rate " + epochRate + "; " + advice(model));
                }
                schedule.epochEnded(epoch, val != null ? val.loss() : trainLoss);
                history.add(record);
                listeners.forEach(l -> l.epochFinished(record));
                if (earlyStopping != null) {
                    if (val.loss() < bestLoss - earlyStopping.minDelta()) {
                        bestLoss = val.loss();
                        bestEpoch = epoch + 1;
                        epochsWithoutImprovement = 0;
                        if (bestParameters != null) {
                            backend.copy(model.parameters(), bestParameters);
                            backend.copy(model.states(), bestStates);
                        }
                    } else if (++epochsWithoutImprovement >= earlyStopping.patience()) {
                        stoppedEarly = epoch + 1 < options.epochs();
                        log.info("early stopping after epoch {}: no validation-loss improvement > {} for {} epochs; best {} in epoch {}",
                                epoch + 1, earlyStopping.minDelta(), earlyStopping.patience(), bestLoss, bestEpoch);
                        break;
                    }
                }
            }
            if (earlyStopping != null) {
                boolean restore = bestParameters != null && bestEpoch > 0 && bestEpoch < history.last().epoch();
                if (restore) {
                    log.info("restoring the parameters of epoch {} (validation loss {})", bestEpoch, bestLoss);
                    backend.copy(bestParameters, model.parameters());
                    backend.copy(bestStates, model.states());
                }
                history.earlyStoppingResult(bestEpoch, stoppedEarly, restore);
            }
        }
        listeners.forEach(l -> l.trainingFinished(history));
        return history;
    }

    /**
     * Batch norm normalises each feature over the batch; over one row that is 0/0, and training
     * silently learns garbage (PyTorch refuses it: "Expected more than 1 value per channel when
     * training"). So with batch norm, a batch of one row, an epoch's last partial batch included, is refused.
     */
    private static void checkBatchNormBatches(Mlp model, int batch, int rows) {
        boolean batchNorm = model.spec().layers().stream().anyMatch(l -> l instanceof io.jmlp.nn.LayerSpec.BatchNormSpec);
        if (!batchNorm) {
            return;
        }
        if (batch == 1) {
            throw new IllegalArgumentException("--batch-size 1 with batch norm: batch norm cannot normalise a batch of one row "
                    + "(its variance is 0/0) and would train to garbage; use a batch of 2 or more, or --no-batch-norm");
        }
        if (rows % batch == 1) {
            throw new IllegalArgumentException("--batch-size " + batch + " leaves a last batch of one row in each epoch (" + rows
                    + " training rows), which batch norm cannot normalise; choose a batch size that leaves no single row over, "
                    + "or --no-batch-norm");
        }
    }

    /** What to try against divergence, leaving out what the run already does. */
    private String advice(Mlp model) {
        List<String> tries = new ArrayList<>();
        tries.add("lower --lr");
        if (clipNorm == 0) {
            tries.add("clip gradients (--clip-norm 1)");
        }
        boolean batchNorm = model.spec().layers().stream().anyMatch(l -> l instanceof io.jmlp.nn.LayerSpec.BatchNormSpec);
        if (!batchNorm) {
            tries.add("add batch norm (--batch-norm)");
        }
        tries.add("scale the features (--scale standard)");
        return String.join(", or ", tries);
    }

    /** Scales the gradients down to global norm {@link #clipNorm} when longer (see {@link #withGradientClipping}). */
    private void clipGradients(Mlp model, Tensor squares) {
        Backend backend = model.backend();
        backend.sumOfSquares(model.gradients(), squares);
        double norm = Math.sqrt(squares.scalar()); // the one host wait per step that clipping costs
        double coefficient = clipNorm / (norm + 1e-6);
        if (coefficient < 1) {
            backend.scale(model.gradients(), (float) coefficient);
        }
    }

    /** Mean loss and accuracy of {@code model} (inference mode) on {@code data}, in batches of {@code batchSize} rows. */
    public static Evaluation evaluate(Mlp model, DeviceDataset data, int batchSize) {
        checkCompatible(model, data);
        Backend backend = model.backend();
        int rows = data.rows();
        int batch = Math.min(batchSize, rows);
        try (Scope scope = new Scope(backend)) {
            Tensor dOutput = scope.zeros(batch, model.outputSize());
            Tensor lossSum = scope.zeros(1, 1);
            Tensor correctSum = scope.zeros(1, 1);
            for (int first = 0; first < rows; first += batch) {
                int n = Math.min(batch, rows - first);
                Tensor out = model.forward(data.features().rows(first, n), ForwardPass.inference());
                model.loss().forwardBackward(backend, out, data.lossTargets().rows(first, n), dOutput.rows(0, n), lossSum,
                        data.lossTargets() == data.labels() ? correctSum : null);
                if (data.labels() != null && data.lossTargets() != data.labels()) { // else the loss counted them
                    backend.countCorrect(out, data.labels().rows(first, n), correctSum);
                }
            }
            double loss = (double) lossSum.scalar() / rows;
            double accuracy = data.labels() != null ? (double) correctSum.scalar() / rows : Double.NaN;
            return new Evaluation(loss, accuracy, rows);
        }
    }

    private static void checkCompatible(Mlp model, DeviceDataset data) {
        if (data.cols() != model.inputSize()) {
            throw new IllegalArgumentException(data.name() + " has " + data.cols() + " features per row, but the network takes "
                    + model.inputSize());
        }
        if (data.features().backend() != model.backend()) {
            throw new IllegalArgumentException(data.name() + " lives on " + data.features().backend().name()
                    + ", the model on " + model.backend().name());
        }
    }

    private static int[] identity(int n) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        return order;
    }
}
