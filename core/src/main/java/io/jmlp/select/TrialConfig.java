package io.jmlp.select;

import io.jmlp.loss.Loss;
import io.jmlp.nn.HiddenActivation;
import io.jmlp.nn.MlpSpec;
import io.jmlp.nn.WeightInit;
import io.jmlp.optim.LearningRateSchedule;
import io.jmlp.optim.Optimizer;
import io.jmlp.optim.OptimizerSettings;
import io.jmlp.optim.Schedules;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * One point of a search space: everything that decides a training run except the data and the
 * seed. {@link #epochs} is the budget a strategy gives it. Builds the run from core APIs only, and
 * prints itself as the {@code jmlp train} command (the shared flag names) that repeats it.
 *
 * @param hidden     hidden layer widths (empty: a linear model)
 * @param activation a {@link HiddenActivation#parse} name, e.g. {@code relu}, {@code leaky-relu:0.1}, {@code prelu}
 * @param optimizer  sgd, momentum, nesterov, adagrad, rmsprop, adam or adamw (PyTorch's default hyperparameters)
 * @param l2         L2 penalty λ on the weights (0: none)
 * @param schedule   a {@link Schedules#parse} form, e.g. {@code constant}, {@code step:0.5:2}
 */
public record TrialConfig(List<Integer> hidden, String activation, boolean batchNorm, String optimizer, double learningRate,
                          double l2, int batchSize, String schedule, int epochs) implements java.io.Serializable {

    public static final List<String> OPTIMIZERS = OptimizerSettings.NAMES;

    public TrialConfig {
        hidden = List.copyOf(hidden);
        HiddenActivation.parse(activation); // fail early, naming the value
        if (!OPTIMIZERS.contains(optimizer)) {
            throw new IllegalArgumentException("unknown optimizer '" + optimizer + "'; choose one of " + String.join(", ", OPTIMIZERS));
        }
        if (!(learningRate > 0)) {
            throw new IllegalArgumentException("learning rate must be > 0, got " + learningRate);
        }
        if (!(l2 >= 0)) {
            throw new IllegalArgumentException("l2 must be >= 0, got " + l2);
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be >= 1, got " + batchSize);
        }
        Schedules.parse(schedule, learningRate);
        if (epochs < 1) {
            throw new IllegalArgumentException("epochs must be >= 1, got " + epochs);
        }
    }

    public TrialConfig withEpochs(int newEpochs) {
        return new TrialConfig(hidden, activation, batchNorm, optimizer, learningRate, l2, batchSize, schedule, newEpochs);
    }

    /** The network for {@code inputs} features and {@code outputs} output units under {@code loss}. */
    public MlpSpec network(int inputs, int outputs, Loss loss) {
        int[] widths = hidden.stream().mapToInt(Integer::intValue).toArray();
        return MlpSpec.classifier(inputs, widths, outputs, HiddenActivation.parse(activation), batchNorm, new float[0], loss);
    }

    /** A fresh optimizer (it holds per-run state), with the L2 penalty. */
    public Optimizer newOptimizer() {
        return OptimizerSettings.defaults(optimizer).withPenalties((float) l2, 0f).create();
    }

    public LearningRateSchedule newSchedule() {
        return Schedules.parse(schedule, learningRate);
    }

    /** As {@code jmlp train} chooses by default: PyTorch's init under batch norm, else He for ReLU-like, Xavier for the rest. */
    public WeightInit init() {
        if (batchNorm) {
            return WeightInit.PYTORCH_DEFAULT;
        }
        return HiddenActivation.parse(activation).reluLike() ? WeightInit.HE_NORMAL : WeightInit.XAVIER_NORMAL;
    }

    public String layersText() {
        return hidden.isEmpty() ? "none" : hidden.stream().map(String::valueOf).collect(Collectors.joining(","));
    }

    /** A compact one-line description for tables. */
    public String label() {
        return String.format(Locale.ROOT, "layers=%s act=%s bn=%s opt=%s lr=%.3g l2=%.3g batch=%d sched=%s", layersText(), activation,
                batchNorm, optimizer, learningRate, l2, batchSize, schedule);
    }

    /** The {@code jmlp train} command that trains this configuration on {@code data} with {@code seed}. */
    public String trainCommand(String data, long seed) {
        StringBuilder sb = new StringBuilder("jmlp train --data ").append(data)
                .append(" --layers ").append(layersText())
                .append(" --activation ").append(activation)
                .append(batchNorm ? " --batch-norm" : " --no-batch-norm")
                .append(" --optimizer ").append(optimizer);
        if (optimizer.equals("momentum") || optimizer.equals("nesterov")) {
            sb.append(" --momentum 0.9");
        }
        sb.append(String.format(Locale.ROOT, " --lr %s", shortNumber(learningRate)));
        if (l2 > 0) {
            sb.append(" --l2 ").append(shortNumber(l2));
        }
        sb.append(" --schedule ").append(schedule)
                .append(" --batch-size ").append(batchSize)
                .append(" --epochs ").append(epochs)
                .append(" --seed ").append(seed);
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
