package io.jmlp.train;

import io.jmlp.backend.Backend;
import io.jmlp.backend.Scope;
import io.jmlp.backend.Tensor;
import io.jmlp.nn.ForwardPass;
import io.jmlp.nn.Mlp;
import io.jmlp.optim.LearningRateSchedule;
import io.jmlp.optim.Optimizer;
import java.util.ArrayList;
import java.util.List;

/**
 * Mini-batch training of an {@link Mlp} on its backend: {@link #fit} is the epoch loop, and what
 * it is made of lives beside it — {@link TrainingStep} (the buffers and one step), the step hooks
 * ({@link MaxNormConstraint}), {@link DivergenceCheck}, {@link EarlyStoppingWatch}, and the
 * caller's {@link TrainingListener}s (progress, history, checkpoints). Each epoch draws a permutation on the host
 * (Philox, keyed by the seed and the epoch) and uploads it once; every step then gathers its batch
 * on the device, runs forward, loss, backward and one optimizer op, and adds loss and correct
 * counts to device accumulators. The host reads those once per epoch, with one count of non-finite
 * parameters (the divergence check). Everything that changes between steps — the batch's position
 * in the permutation, the dropout masks, the learning rate and Adam's bias corrections — is read on
 * the device from the step clock and the epoch's rate table (see {@link Backend}), uploaded once per
 * epoch: so a step never waits for the device, uploads nothing, queues the very same launches as
 * the step before, and allocates nothing (the buffers are made once per {@link #fit}). Optional
 * per-step extras: gradient-norm clipping (its scale computed on the device), the max-norm
 * constraint after the update; per epoch: early stopping.
 */
public final class Trainer {
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
     * <p>Cost: one sum-of-squares launch per step; the optimizer kernel turns the sum into the scale
     * on the device, so the host still never waits within an epoch. 0: off.
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
        int batch = checkRun(model, train, validation, epochsCompleted);
        long stepLimit = options.maxSteps() > 0 ? options.maxSteps() : Long.MAX_VALUE;
        History history = new History();
        try (TrainingStep step = new TrainingStep(
                        model,
                        train,
                        batch,
                        options.seed(),
                        options.shuffle(),
                        optimizer,
                        clipNorm,
                        maxNorm > 0 ? List.of(new MaxNormConstraint(maxNorm)) : List.of());
                DivergenceCheck divergence = new DivergenceCheck(model, clipNorm > 0);
                EarlyStoppingWatch stopping =
                        earlyStopping != null ? new EarlyStoppingWatch(earlyStopping, model, options.epochs()) : null) {
            int stepsPerEpoch = step.stepsPerEpoch();
            checkClockRange(optimizer.steps(), stepsPerEpoch, options.epochs() - epochsCompleted, stepLimit);
            listeners.forEach(l -> l.trainingStarted(
                    new TrainingListener.TrainingPlan(options.epochs(), stepsPerEpoch, train.rows())));
            for (int epoch = epochsCompleted; epoch < options.epochs() && optimizer.steps() < stepLimit; epoch++) {
                long started = System.nanoTime();
                double epochRate = schedule.rate(epoch, optimizer.steps(), stepsPerEpoch);
                int steps = (int) Math.min(stepsPerEpoch, stepLimit - optimizer.steps());
                step.startEpoch(epoch, options.shuffle(), schedule, optimizer.steps(), steps);
                for (int s = 0; s < steps; s++) {
                    step.run(s);
                    for (TrainingListener l : listeners) {
                        l.stepFinished(epoch + 1, s + 1, stepsPerEpoch);
                    }
                }
                double trainLoss = step.meanLoss(); // waits for the epoch's work
                double seconds = (System.nanoTime() - started) / 1e9;
                Evaluation val = validation != null ? evaluate(model, validation, Math.max(batch, 1000)) : null;
                EpochRecord record = new EpochRecord(
                        epoch + 1,
                        epochRate,
                        trainLoss,
                        step.accuracy(),
                        val != null ? val.loss() : Double.NaN,
                        val != null ? val.accuracy() : Double.NaN,
                        seconds);
                divergence.afterEpoch(epoch + 1, trainLoss, epochRate);
                schedule.epochEnded(epoch, val != null ? val.loss() : trainLoss);
                history.add(record);
                listeners.forEach(l -> l.epochFinished(record));
                if (stopping != null && stopping.shouldStop(record)) {
                    break;
                }
            }
            if (stopping != null) {
                stopping.finish(history);
            }
        }
        listeners.forEach(l -> l.trainingFinished(history));
        return history;
    }

    /** Checks what a run needs before its first step; returns the batch size it trains with. */
    private int checkRun(Mlp model, DeviceDataset train, DeviceDataset validation, int epochsCompleted) {
        if (epochsCompleted < 0 || epochsCompleted > options.epochs()) {
            throw new IllegalArgumentException("cannot resume after epoch " + epochsCompleted + " of a run of "
                    + options.epochs() + " epochs; raise --epochs to train further");
        }
        checkCompatible(model, train);
        if (validation != null) {
            checkCompatible(model, validation);
        }
        if (earlyStopping != null && validation == null) {
            throw new IllegalArgumentException(
                    "early stopping watches the validation loss, but there is no validation set; "
                            + "hold one out (--validation 0.1) or turn early stopping off");
        }
        int rows = train.rows();
        int batch = options.batchSize() == TrainingOptions.FULL_BATCH ? rows : Math.min(options.batchSize(), rows);
        checkBatchNormBatches(model, batch, rows);
        return batch;
    }

    /**
     * Batch norm normalises each feature over the batch; over one row that is 0/0, and training
     * silently learns garbage (PyTorch refuses it: "Expected more than 1 value per channel when
     * training"). So with batch norm, a batch of one row, an epoch's last partial batch included, is refused.
     */
    private static void checkBatchNormBatches(Mlp model, int batch, int rows) {
        if (!DivergenceCheck.hasBatchNorm(model)) {
            return;
        }
        if (batch == 1) {
            throw new IllegalArgumentException(
                    "--batch-size 1 with batch norm: batch norm cannot normalise a batch of one row "
                            + "(its variance is 0/0) and would train to garbage; use a batch of 2 or more, or --no-batch-norm");
        }
        if (rows % batch == 1) {
            throw new IllegalArgumentException(
                    "--batch-size " + batch + " leaves a last batch of one row in each epoch (" + rows
                            + " training rows), which batch norm cannot normalise; choose a batch size that leaves no single row over, "
                            + "or --no-batch-norm");
        }
    }

    /** The clock counts steps in an int32, and dropout streams hold the step in 32 bits. */
    private static void checkClockRange(long firstStep, int stepsPerEpoch, int epochs, long stepLimit) {
        if (Math.min(stepLimit, firstStep + (long) stepsPerEpoch * epochs) > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(
                    "a run of " + epochs + " more epochs of " + stepsPerEpoch + " steps after step " + firstStep
                            + " passes 2^31 steps, more than the step clock counts; train fewer steps per run");
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
                model.loss()
                        .forwardBackward(
                                backend,
                                out,
                                data.lossTargets().rows(first, n),
                                dOutput.rows(0, n),
                                lossSum,
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
            throw new IllegalArgumentException(data.name() + " has " + data.cols()
                    + " features per row, but the network takes " + model.inputSize());
        }
        if (data.features().backend() != model.backend()) {
            throw new IllegalArgumentException(
                    data.name() + " lives on " + data.features().backend().name() + ", the model on "
                            + model.backend().name());
        }
    }
}
