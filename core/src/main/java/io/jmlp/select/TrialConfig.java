package io.jmlp.select;

import io.jmlp.data.Dataset;
import io.jmlp.loss.BinaryCrossEntropy;
import io.jmlp.loss.Loss;
import io.jmlp.loss.MeanSquaredError;
import io.jmlp.loss.SoftmaxCrossEntropy;
import io.jmlp.nn.HiddenActivation;
import io.jmlp.nn.MlpSpec;
import io.jmlp.nn.WeightInit;
import io.jmlp.optim.LearningRateSchedule;
import io.jmlp.optim.Optimizer;
import io.jmlp.optim.OptimizerSettings;
import io.jmlp.optim.Schedules;
import io.jmlp.train.Trainer;
import io.jmlp.train.TrainingOptions;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * One training configuration: everything that decides a training run except the data and the
 * seed. The first fields are the dimensions a {@link SearchSpace} varies; {@link #fixed} holds the
 * rest of {@code jmlp train}'s menu, which every trial of a search shares. {@link #epochs} is the
 * budget a strategy gives it. Builds the run from core APIs only — the one place where the
 * network, the optimizer, the schedule and the trainer of {@code jmlp train}, {@code cv},
 * {@code search}, {@code lr-find} and {@code boundary} are made — and prints itself as the
 * {@code jmlp train} command (the shared flag names) that repeats it.
 *
 * @param hidden     hidden layer widths (empty: a linear model)
 * @param activation a {@link HiddenActivation#parse} name, e.g. {@code relu}, {@code leaky-relu:0.1}, {@code prelu}
 * @param optimizer  sgd, momentum, nesterov, adagrad, rmsprop, adam or adamw
 * @param l2         L2 penalty λ on the weights (0: none)
 * @param batchSize  examples per step, or {@link TrainingOptions#FULL_BATCH} for the whole training set
 * @param schedule   a {@link Schedules#parse} form, e.g. {@code constant}, {@code step:0.5:2}
 * @param fixed      dropout, loss, init, the optimizer's other hyperparameters, L1, warm-up, clipping, max-norm
 */
public record TrialConfig(
        List<Integer> hidden,
        String activation,
        boolean batchNorm,
        String optimizer,
        double learningRate,
        double l2,
        int batchSize,
        String schedule,
        int epochs,
        FixedSettings fixed)
        implements java.io.Serializable {

    public static final List<String> OPTIMIZERS = OptimizerSettings.NAMES;

    public TrialConfig {
        hidden = List.copyOf(hidden);
        HiddenActivation.parse(activation); // fail early, naming the value
        if (!OPTIMIZERS.contains(optimizer)) {
            throw new IllegalArgumentException(
                    "unknown optimizer '" + optimizer + "'; choose one of " + String.join(", ", OPTIMIZERS));
        }
        if (!(learningRate > 0)) {
            throw new IllegalArgumentException("learning rate must be > 0, got " + learningRate);
        }
        if (!(l2 >= 0)) {
            throw new IllegalArgumentException("l2 must be >= 0, got " + l2);
        }
        if (batchSize < 1 && batchSize != TrainingOptions.FULL_BATCH) {
            throw new IllegalArgumentException("batch size must be >= 1 (or full), got " + batchSize);
        }
        Schedules.parse(schedule, learningRate);
        if (epochs < 1) {
            throw new IllegalArgumentException("epochs must be >= 1, got " + epochs);
        }
        java.util.Objects.requireNonNull(fixed, "fixed settings (FixedSettings.DEFAULTS for train's defaults)");
        if (fixed.dropout().size() > 1 && fixed.dropout().size() != hidden.size()) {
            throw new IllegalArgumentException("--dropout "
                    + String.join(
                            ",", fixed.dropout().stream().map(String::valueOf).toList())
                    + " gives " + fixed.dropout().size() + " probabilities for " + hidden.size()
                    + " hidden layers (--layers "
                    + (hidden.isEmpty()
                            ? "none"
                            : hidden.stream().map(String::valueOf).collect(Collectors.joining(",")))
                    + "); give one for all, or one per hidden layer");
        }
        fixed.optimizerSettings(optimizer, l2); // the hyperparameters' ranges, named
    }

    /** A configuration with {@code jmlp train}'s defaults for everything a search does not vary ({@link FixedSettings#DEFAULTS}). */
    public TrialConfig(
            List<Integer> hidden,
            String activation,
            boolean batchNorm,
            String optimizer,
            double learningRate,
            double l2,
            int batchSize,
            String schedule,
            int epochs) {
        this(
                hidden,
                activation,
                batchNorm,
                optimizer,
                learningRate,
                l2,
                batchSize,
                schedule,
                epochs,
                FixedSettings.DEFAULTS);
    }

    public TrialConfig withEpochs(int newEpochs) {
        return new TrialConfig(
                hidden, activation, batchNorm, optimizer, learningRate, l2, batchSize, schedule, newEpochs, fixed);
    }

    public TrialConfig withHidden(List<Integer> newHidden) {
        return new TrialConfig(
                newHidden, activation, batchNorm, optimizer, learningRate, l2, batchSize, schedule, epochs, fixed);
    }

    /**
     * The loss for data with class labels ({@code classification}) or regression targets: {@code auto}
     * is softmax cross-entropy for classes and mean squared error for targets; mse on classes regresses
     * one-hot targets; the other losses need classes.
     */
    public Loss loss(boolean classification) {
        if (fixed.loss().equals("auto")) {
            return classification ? new SoftmaxCrossEntropy() : new MeanSquaredError(false);
        }
        Loss parsed = Loss.parse(fixed.loss());
        if (parsed instanceof MeanSquaredError) {
            return new MeanSquaredError(classification);
        }
        if (!classification) {
            throw new IllegalArgumentException("--loss " + fixed.loss()
                    + " needs class labels, but the data has regression targets; " + "use --loss mse (or auto)");
        }
        return parsed;
    }

    /**
     * The network for training on {@code train} and scoring on {@code scored} (whose split may hold
     * classes the training rows lack): as many outputs as classes (one for bce) or targets.
     */
    public MlpSpec network(Dataset train, Dataset scored) {
        boolean classification = train.isClassification();
        Loss chosen = loss(classification);
        int classes = classification ? Math.max(train.classes(), scored.classes()) : 0;
        if (chosen instanceof BinaryCrossEntropy && classes != 2) {
            throw new IllegalArgumentException(
                    "--loss bce is binary logistic regression on one output and needs 2 classes; the data has "
                            + classes + " (use softmax-ce)");
        }
        int outputs = !classification ? train.targetCols() : chosen instanceof BinaryCrossEntropy ? 1 : classes;
        requireFitsInHeap(train.cols(), outputs);
        return network(train.cols(), outputs, chosen);
    }

    /** The network for {@code inputs} features and {@code outputs} output units under {@code loss}. */
    public MlpSpec network(int inputs, int outputs, Loss loss) {
        int[] widths = hidden.stream().mapToInt(Integer::intValue).toArray();
        return MlpSpec.classifier(
                inputs,
                widths,
                outputs,
                HiddenActivation.parse(activation),
                batchNorm,
                fixed.dropoutProbabilities(),
                loss);
    }

    /**
     * A few characters of {@code --layers} can ask for more memory than there is: refused before
     * anything is allocated. Parameters, gradients, two optimizer buffers and the host copy made at
     * init take about five floats per weight, and all of them live in one buffer indexed by int.
     */
    private void requireFitsInHeap(int inputs, int outputs) {
        long weights = 0;
        long width = inputs;
        for (int w : hidden) {
            weights += width * w + w;
            width = w;
        }
        weights += width * outputs + outputs;
        long bytes = weights * 4 * 5;
        long heap = Runtime.getRuntime().maxMemory();
        if (weights > Integer.MAX_VALUE - 8 || bytes > heap) {
            throw new IllegalArgumentException(String.format(
                    Locale.ROOT,
                    "--layers %s makes a %d-input network of %,d weights "
                            + "(about %.1f GiB with gradients and optimizer state), more than the %.1f GiB Java heap holds; choose smaller layers",
                    layersText(),
                    inputs,
                    weights,
                    bytes / 1073741824.0,
                    heap / 1073741824.0));
        }
    }

    /** The optimizer's settings: its defaults (PyTorch's), the hyperparameters of {@link #fixed} it uses, and the penalties. */
    public OptimizerSettings optimizerSettings() {
        return fixed.optimizerSettings(optimizer, l2);
    }

    /** A fresh optimizer (it holds per-run state). */
    public Optimizer newOptimizer() {
        return optimizerSettings().create();
    }

    /** The schedule from {@link #learningRate}, with the warm-up of {@link #fixed} in front. */
    public LearningRateSchedule newSchedule() {
        return Schedules.withWarmup(Schedules.parse(schedule, learningRate), fixed.warmup());
    }

    /** {@code init} of {@link #fixed}, or for {@code auto} as {@link WeightInit#defaultFor} chooses: PyTorch's under batch norm, else He for ReLU-like, Xavier for the rest. */
    public WeightInit init() {
        return fixed.init().equals("auto")
                ? WeightInit.defaultFor(HiddenActivation.parse(activation), batchNorm)
                : WeightInit.parse(fixed.init());
    }

    /** The epochs and batch size with {@code seed}, shuffling every epoch. */
    public TrainingOptions trainingOptions(long seed) {
        return new TrainingOptions(epochs, batchSize, seed, true);
    }

    /** A trainer for {@code options} with gradient clipping and the max-norm constraint of {@link #fixed}. */
    public Trainer trainer(TrainingOptions options, Optimizer newOptimizer, LearningRateSchedule schedule) {
        return new Trainer(options, newOptimizer, schedule)
                .withGradientClipping(fixed.clipNorm())
                .withMaxNorm(fixed.maxNorm());
    }

    public String layersText() {
        return hidden.isEmpty() ? "none" : hidden.stream().map(String::valueOf).collect(Collectors.joining(","));
    }

    private String batchText() {
        return batchSize == TrainingOptions.FULL_BATCH ? "full" : Integer.toString(batchSize);
    }

    /** A compact one-line description for tables; the fixed settings only where they differ from the defaults. */
    public String label() {
        List<String> fixedFlags = fixed.flags(optimizer);
        return String.format(
                        Locale.ROOT,
                        "layers=%s act=%s bn=%s opt=%s lr=%.3g l2=%.3g batch=%s sched=%s",
                        layersText(),
                        activation,
                        batchNorm,
                        optimizer,
                        learningRate,
                        l2,
                        batchText(),
                        schedule)
                + (fixedFlags.isEmpty() ? "" : " " + String.join(" ", fixedFlags));
    }

    /** The {@code jmlp train} command that trains this configuration on {@code data} with {@code seed}. */
    public String trainCommand(String data, long seed) {
        StringBuilder sb = new StringBuilder("jmlp train --data ")
                .append(data)
                .append(" --layers ")
                .append(layersText())
                .append(" --activation ")
                .append(activation)
                .append(batchNorm ? " --batch-norm" : " --no-batch-norm")
                .append(" --optimizer ")
                .append(optimizer);
        if (fixed.momentum() == null && (optimizer.equals("momentum") || optimizer.equals("nesterov"))) {
            sb.append(" --momentum 0.9");
        }
        sb.append(String.format(Locale.ROOT, " --lr %s", shortNumber(learningRate)));
        if (l2 > 0) {
            sb.append(" --l2 ").append(shortNumber(l2));
        }
        sb.append(" --schedule ")
                .append(schedule)
                .append(" --batch-size ")
                .append(batchText())
                .append(" --epochs ")
                .append(epochs)
                .append(" --seed ")
                .append(seed);
        fixed.flags(optimizer).forEach(flag -> sb.append(' ').append(flag));
        return sb.toString();
    }

    static String shortNumber(double v) {
        String s = String.format(Locale.ROOT, "%.4g", v);
        if (s.contains("e")) {
            return s.replaceAll("\\.?0+e", "e");
        }
        return s.contains(".") ? s.replaceAll("0+$", "").replaceAll("\\.$", "") : s;
    }
}
