package io.jmlp.train;

import io.jmlp.backend.Backend;
import io.jmlp.backend.DType;
import io.jmlp.backend.Scope;
import io.jmlp.backend.Tensor;
import io.jmlp.nn.ForwardPass;
import io.jmlp.nn.Mlp;
import io.jmlp.optim.Optimizer;
import io.jmlp.random.Philox;
import io.jmlp.random.PhiloxStream;
import java.util.ArrayList;
import java.util.List;

/**
 * The learning-rate range test (Smith 2017; fastai's {@code lr_find}): train from the initial
 * weights while the rate grows exponentially from {@code startRate} to {@code endRate}, one rate
 * per step, and record each step's mini-batch loss. The loss first barely moves (rate too small),
 * then falls fastest, then blows up (rate too large). Good rates lie on the falling stretch.
 *
 * <p>The curve is smoothed with a bias-corrected exponential moving average, as fastai does, with
 * β = 1 − 20/steps held to [0.8, 0.98] (an average over about the last 5% of the sweep: fastai's
 * 0.98 on a 100-step sweep lags so far behind that the minimum lands several times too high), and the run stops early once the smoothed loss exceeds 4× its minimum or a loss
 * is not finite. Two readings are reported: the rate at the minimum smoothed loss divided by 10
 * (the {@link Result#suggestedRate() suggestion}: safely below where training starts to diverge),
 * and the rate where the smoothed loss falls steepest against log(rate).
 *
 * <p>Unlike {@link Trainer}, this reads the loss after every step (a host wait per step): it is a
 * short diagnostic, not a training run.
 */
public final class LearningRateFinder {
    private static final double DIVERGENCE = 4.0;

    private LearningRateFinder() {}

    /** One step of the sweep. */
    public record Point(long step, double learningRate, double loss, double smoothedLoss) {}

    /**
     * The recorded curve and its readings.
     *
     * @param minimumRate  the rate at the lowest smoothed loss
     * @param steepestRate the rate where the smoothed loss falls fastest per unit of log(rate), before its minimum
     * @param stoppedEarly whether the loss blew up before {@code endRate} was reached
     */
    public record Result(List<Point> points, double minimumRate, double steepestRate, boolean stoppedEarly) {
        /** The rate to train with: a tenth of the minimum's rate. */
        public double suggestedRate() {
            return minimumRate / 10;
        }
    }

    /**
     * Sweeps {@code steps} rates over mini-batches of {@code batchSize} rows drawn from
     * {@code train} (a fresh shuffle, keyed by {@code seed}, every pass over the data). Changes
     * {@code model} and {@code optimizer}: run it on a model made for the purpose.
     */
    public static Result run(
            Mlp model,
            Optimizer optimizer,
            DeviceDataset train,
            int batchSize,
            long seed,
            double startRate,
            double endRate,
            int steps) {
        if (!(startRate > 0) || !(endRate > startRate) || !Double.isFinite(endRate)) {
            throw new IllegalArgumentException(
                    "the range test needs 0 < start rate < end rate, got " + startRate + " and " + endRate);
        }
        if (steps < 2) {
            throw new IllegalArgumentException("the range test needs >= 2 steps, got " + steps);
        }
        Backend backend = model.backend();
        int rows = train.rows();
        int batch = batchSize == TrainingOptions.FULL_BATCH ? rows : Math.min(batchSize, rows);
        int stepsPerPass = (rows + batch - 1) / batch;
        Tensor lossTargets = train.lossTargets();
        List<Point> points = new ArrayList<>();
        boolean stoppedEarly = false;
        double smoothing = Math.max(0.8, Math.min(0.98, 1 - 20.0 / steps));
        try (Scope scope = new Scope(backend)) {
            Tensor order = scope.ints(rows, 1);
            Tensor x = scope.zeros(batch, train.cols());
            Tensor targets =
                    lossTargets.dtype() == DType.INT32 ? scope.ints(batch, 1) : scope.zeros(batch, lossTargets.cols());
            Tensor dOutput = scope.zeros(batch, model.outputSize());
            Tensor lossSum = scope.zeros(1, 1);
            double average = 0;
            double best = Double.POSITIVE_INFINITY;
            for (int step = 0; step < steps; step++) {
                int inPass = step % stepsPerPass;
                if (inPass == 0) {
                    backend.write(
                            order,
                            new PhiloxStream(seed, Philox.Purpose.SHUFFLE, step / stepsPerPass).permutation(rows),
                            0);
                }
                double rate = startRate * Math.pow(endRate / startRate, (double) step / (steps - 1));
                int first = inPass * batch;
                int n = Math.min(batch, rows - first);
                Tensor xb = x.rows(0, n);
                Tensor tb = targets.rows(0, n);
                backend.gatherRows(train.features(), order, first, xb);
                backend.gatherRows(lossTargets, order, first, tb);
                backend.fill(lossSum, 0f);
                Tensor out = model.forward(xb, ForwardPass.training(seed, step));
                Tensor dOut = dOutput.rows(0, n);
                model.loss().forwardBackward(backend, out, tb, dOut, lossSum);
                model.backward(dOut);
                optimizer.step(model, (float) rate);
                double loss = lossSum.scalar() / n; // this batch's loss, before the update at this rate took effect
                average = smoothing * average + (1 - smoothing) * loss;
                double smoothed = average / (1 - Math.pow(smoothing, step + 1));
                points.add(new Point(step, rate, loss, smoothed));
                if (!Double.isFinite(loss) || smoothed > DIVERGENCE * best) {
                    stoppedEarly = step + 1 < steps;
                    break;
                }
                best = Math.min(best, smoothed);
            }
        }
        return readings(points, stoppedEarly);
    }

    /** The minimum and the steepest descent of the smoothed curve. */
    static Result readings(List<Point> points, boolean stoppedEarly) {
        int minimum = 0;
        for (int i = 1; i < points.size(); i++) {
            if (points.get(i).smoothedLoss() < points.get(minimum).smoothedLoss()) {
                minimum = i;
            }
        }
        // Central differences of the smoothed loss against log(rate), up to the minimum.
        int steepest = minimum;
        double steepestSlope = 0;
        for (int i = 1; i < minimum; i++) {
            Point before = points.get(i - 1);
            Point after = points.get(i + 1);
            double slope = (after.smoothedLoss() - before.smoothedLoss())
                    / (Math.log(after.learningRate()) - Math.log(before.learningRate()));
            if (slope < steepestSlope) {
                steepestSlope = slope;
                steepest = i;
            }
        }
        return new Result(
                List.copyOf(points),
                points.get(minimum).learningRate(),
                points.get(steepest).learningRate(),
                stoppedEarly);
    }
}
