package io.jmlp.cli;

import java.util.Arrays;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * The network flags a search space does not vary — dropout, loss and weight init — so that
 * {@code jmlp search} shares them with {@code jmlp train} ({@link FixedTrainingOptions}), while
 * train and the other training commands get them inside {@link NetworkOptions}.
 */
final class NetworkDetailOptions {

    @Option(
            names = "--dropout",
            defaultValue = "0",
            paramLabel = "P[,P2,…]",
            description =
                    "Inverted dropout after each hidden activation: one probability for every hidden layer, or one per "
                            + "hidden layer (0: none).")
    String dropout;

    @Option(
            names = "--loss",
            defaultValue = "auto",
            paramLabel = "LOSS",
            description =
                    "auto (softmax-ce for classes, mse for regression targets), softmax-ce, bce (binary logistic: sigmoid + "
                            + "cross-entropy on one output, two classes), mse (one-hot targets for classes, the values for regression), "
                            + "hinge[:margin] (multiclass SVM, margin 1).")
    String loss;

    @Option(
            names = "--init",
            defaultValue = "auto",
            paramLabel = "SCHEME",
            description =
                    "Weight init: auto (with batch norm pytorch, else he-normal for ReLU-like activations and "
                            + "xavier-normal for the others), small (N(0,1)·0.01), xavier-normal, xavier-uniform, he-normal, he-uniform, "
                            + "lecun-normal, lecun-uniform, pytorch (U(±1/√fan-in), PyTorch's nn.Linear default). Biases start at 0.")
    String init;

    /**
     * The {@code --dropout} probabilities (empty: none). Their range is checked by
     * {@link io.jmlp.select.FixedSettings}, their count against the hidden layers by
     * {@link io.jmlp.select.TrialConfig}, once the small-data recipe has settled {@code --layers}.
     */
    List<Float> dropoutProbabilities() {
        String text = dropout.trim();
        if (text.isEmpty() || text.equals("0")) {
            return List.of();
        }
        try {
            return Arrays.stream(text.split(","))
                    .map(String::trim)
                    .map(p -> (float) Double.parseDouble(p))
                    .toList();
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    "--dropout takes a probability or one per hidden layer, like 0.2 or 0.2,0.5; got '" + dropout
                            + "'");
        }
    }
}
