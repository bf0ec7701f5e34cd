package io.jmlp.train;

import io.jmlp.backend.Backend;
import io.jmlp.backend.DType;
import io.jmlp.backend.Scope;
import io.jmlp.backend.Tensor;
import io.jmlp.backend.UpdateRule;
import io.jmlp.nn.ForwardPass;
import io.jmlp.nn.Mlp;
import io.jmlp.optim.LearningRateSchedule;
import io.jmlp.optim.Optimizer;
import io.jmlp.random.Philox;
import io.jmlp.random.PhiloxStream;
import java.util.List;

/**
 * The buffers of one {@link Trainer#fit} and the training step over them: gather the batch on the
 * device, forward, loss (summed into device accumulators with the correct count), backward, one
 * optimizer op, the step hooks (max-norm), and the step clock moved on. What changes between steps
 * is read on the device from the clock and the epoch's rate table (see {@link Backend}), which
 * {@link #startEpoch} writes once, so {@link #run} queues the same launches every step, never waits
 * for the device, and allocates nothing.
 */
final class TrainingStep implements AutoCloseable {
    private final Mlp model;
    private final Backend backend;
    private final DeviceDataset train;
    private final Optimizer optimizer;
    private final float clipNorm;
    private final List<StepHook> hooks;
    private final long seed;
    private final int batch;
    private final int stepsPerEpoch;
    private final Scope scope;
    private final Tensor order;
    private final Tensor x;
    private final Tensor targets;
    private final Tensor labels;
    private final Tensor dOutput;
    private final Tensor lossSum;
    private final Tensor correctSum;
    private final Tensor gradientSquares;
    private final Tensor clock;
    private final Tensor rates;
    private final float[] rateTable;
    private final ForwardPass pass;
    private int rowsSeen;

    TrainingStep(
            Mlp model,
            DeviceDataset train,
            int batch,
            long seed,
            boolean shuffle,
            Optimizer optimizer,
            double clipNorm,
            List<StepHook> hooks) {
        this.model = model;
        this.backend = model.backend();
        this.train = train;
        this.optimizer = optimizer;
        this.clipNorm = (float) clipNorm;
        this.hooks = List.copyOf(hooks);
        this.seed = seed;
        this.batch = batch;
        this.stepsPerEpoch = (train.rows() + batch - 1) / batch;
        this.scope = new Scope(backend);
        Tensor lossTargets = train.lossTargets();
        order = scope.ints(train.rows(), 1);
        x = scope.zeros(batch, train.cols());
        targets = lossTargets.dtype() == DType.INT32 ? scope.ints(batch, 1) : scope.zeros(batch, lossTargets.cols());
        labels = separateLabels() ? scope.ints(batch, 1) : targets;
        dOutput = scope.zeros(batch, model.outputSize());
        lossSum = scope.zeros(1, 1);
        correctSum = scope.zeros(1, 1);
        gradientSquares = clipNorm > 0 ? scope.zeros(1, 1) : null;
        clock = scope.ints(1, 2);
        rates = scope.zeros(stepsPerEpoch, UpdateRule.RATE_COLUMNS);
        rateTable = new float[stepsPerEpoch * UpdateRule.RATE_COLUMNS];
        pass = ForwardPass.training(seed, clock);
        if (!shuffle) {
            backend.write(order, identity(train.rows()), 0);
        }
    }

    int stepsPerEpoch() {
        return stepsPerEpoch;
    }

    /** The correct-count accumulator when the set has labels, else null (nothing to count). */
    private Tensor countInLoss() {
        return train.labels() != null ? correctSum : null;
    }

    /** Labels kept apart from the loss targets (a regression-style loss on a classification set). */
    private boolean separateLabels() {
        return train.labels() != null && train.lossTargets() != train.labels();
    }

    /**
     * Uploads what epoch {@code epoch} reads on the device: its permutation (drawn on the host from
     * (seed, epoch), when shuffling), the rates of its {@code steps} steps from {@code firstStep} on,
     * and the clock at its start; and zeroes the accumulators. The only uploads of an epoch.
     */
    void startEpoch(int epoch, boolean shuffle, LearningRateSchedule schedule, long firstStep, int steps) {
        if (shuffle) {
            backend.write(order, new PhiloxStream(seed, Philox.Purpose.SHUFFLE, epoch).permutation(train.rows()), 0);
        }
        UpdateRule rule = optimizer.rule();
        for (int s = 0; s < steps; s++) {
            rule.writeRates(rateTable, s, schedule.rate(epoch, firstStep + s, stepsPerEpoch), firstStep + s + 1);
        }
        backend.write(rates, rateTable, 0);
        backend.write(clock, new int[] {0, (int) firstStep}, 0);
        backend.fill(lossSum, 0f);
        backend.fill(correctSum, 0f);
        rowsSeen = 0;
    }

    /** Queues step {@code s} of the epoch (0-based). */
    void run(int s) {
        int n = Math.min(batch, train.rows() - s * batch);
        rowsSeen += n;
        // Full batches use the buffers themselves: a view per step would be garbage per step.
        Tensor xb = n == batch ? x : x.rows(0, n);
        Tensor tb = n == batch ? targets : targets.rows(0, n);
        backend.gatherRows(train.features(), order, clock, batch, xb);
        backend.gatherRows(train.lossTargets(), order, clock, batch, tb);
        Tensor out = model.forward(xb, pass);
        Tensor dOut = n == batch ? dOutput : dOutput.rows(0, n);
        // When the loss's targets are the labels, it counts the rows right itself (one launch less).
        model.loss().forwardBackward(backend, out, tb, dOut, lossSum, separateLabels() ? null : countInLoss());
        if (separateLabels()) {
            Tensor lb = n == batch ? labels : labels.rows(0, n);
            backend.gatherRows(train.labels(), order, clock, batch, lb);
            backend.countCorrect(out, lb, correctSum);
        }
        model.backward(dOut);
        if (gradientSquares != null) {
            backend.sumOfSquares(model.gradients(), gradientSquares);
        }
        optimizer.step(model, rates, clock, clipNorm, gradientSquares);
        for (int h = 0;
                h < hooks.size();
                h++) { // indexed: an iterator per step is garbage the JIT does not always elide
            hooks.get(h).afterUpdate(model);
        }
        backend.advanceClock(clock);
    }

    /** Rows the epoch's steps have seen so far (fewer than the set when --max-steps ends it early). */
    int rowsSeen() {
        return rowsSeen;
    }

    /** The epoch's mean training loss: the host's one wait for the epoch's work. */
    double meanLoss() {
        return (double) lossSum.scalar() / rowsSeen;
    }

    /** The epoch's training accuracy, NaN without labels. */
    double accuracy() {
        return train.labels() != null ? (double) correctSum.scalar() / rowsSeen : Double.NaN;
    }

    @Override
    public void close() {
        scope.close();
    }

    private static int[] identity(int n) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        return order;
    }
}
