package io.jmlp.loss;

import io.jmlp.backend.Backend;
import io.jmlp.backend.Tensor;
import java.util.Locale;

/**
 * A training objective on the network's output. Every loss is the mean over the batch of a
 * per-sample loss; {@link #forwardBackward} writes the gradient of that mean and adds the batch's
 * summed loss to a device accumulator, so the trainer reads losses once per epoch, not per step.
 */
public interface Loss {

    /** What targets a loss reads, which decides what a dataset uploads. */
    enum Targets {
        /** int32 class indices {@code [n × 1]}. */
        CLASS_INDICES,
        /** float 0/1 {@code [n × 1]} derived from two-class labels. */
        BINARY,
        /** float one-hot rows {@code [n × classes]} derived from labels. */
        ONE_HOT,
        /** float regression targets {@code [n × k]}. */
        VALUES
    }

    /** The name {@link #parse} accepts. */
    String name();

    Targets targets();

    /**
     * Writes {@code dOutput = ∂(mean loss)/∂output} and adds {@code Σ per-sample loss} to {@code lossSum[0]}.
     * {@code targets} is int32 labels for {@link Targets#CLASS_INDICES}, float values otherwise.
     */
    void forwardBackward(Backend backend, Tensor output, Tensor targets, Tensor dOutput, Tensor lossSum);

    /**
     * {@link #forwardBackward(Backend, Tensor, Tensor, Tensor, Tensor)}, and when {@code correctSum} is not
     * null also adds to it how many rows {@link Backend#countCorrect} counts as classified right against
     * {@code targets}, which must then be the int32 class labels ({@link Targets#CLASS_INDICES}; count
     * against labels kept apart from float targets with {@link Backend#countCorrect} itself). By default
     * two ops; a loss whose op can count in the same pass ({@link SoftmaxCrossEntropy}) overrides it.
     */
    default void forwardBackward(
            Backend backend, Tensor output, Tensor targets, Tensor dOutput, Tensor lossSum, Tensor correctSum) {
        forwardBackward(backend, output, targets, dOutput, lossSum);
        if (correctSum != null) {
            backend.countCorrect(output, targets, correctSum);
        }
    }

    /** Parses {@code softmax-ce} (alias {@code cross-entropy}), {@code bce}, {@code mse}, {@code hinge[:margin]}. */
    static Loss parse(String text) {
        String[] parts = text.trim().toLowerCase(Locale.ROOT).replace('_', '-').split(":", 2);
        Loss loss = switch (parts[0]) {
            case "softmax-ce", "cross-entropy", "ce", "softmax" -> new SoftmaxCrossEntropy();
            case "bce", "binary-logistic", "logistic", "sigmoid-bce" -> new BinaryCrossEntropy();
            case "mse", "squared-error" -> new MeanSquaredError();
            case "hinge", "svm", "multiclass-hinge" ->
                new MulticlassHinge(parts.length == 2 ? parseMargin(text, parts[1]) : 1f);
            default ->
                throw new IllegalArgumentException(
                        "unknown loss '" + text + "'; choose softmax-ce, bce (binary logistic), mse or hinge[:margin]");
        };
        if (parts.length == 2 && !(loss instanceof MulticlassHinge)) {
            throw new IllegalArgumentException("loss '" + parts[0] + "' takes no parameter, got '" + text + "'");
        }
        return loss;
    }

    private static float parseMargin(String text, String value) {
        try {
            return Float.parseFloat(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("hinge margin in '" + text + "' is not a number");
        }
    }
}
