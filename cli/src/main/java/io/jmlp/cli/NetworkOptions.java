package io.jmlp.cli;

import io.jmlp.nn.HiddenActivation;
import io.jmlp.select.FixedSettings;
import io.jmlp.select.TrialConfig;
import java.util.Arrays;
import java.util.Locale;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The flags that say what network to build: hidden layers, activation and batch norm, with
 * dropout, loss and weight init ({@link NetworkDetailOptions}). Part of {@link TrainingFlags}
 * (train, cv, lr-find, boundary); {@code jmlp gradcheck} takes them alone.
 */
final class NetworkOptions {

    /** No annotated default: a command may start from other widths ({@link #withLayers}); help shows this value. */
    @Option(
            names = "--layers",
            paramLabel = "W1,W2,…",
            description = "Hidden layer widths; input and output sizes come from the data. 'none' for no hidden layer. "
                    + "Small data (< 5,000 training rows): 32,32.")
    String layers = "300,150";

    /** No annotated default, like {@code --batch-norm}: a command may start from another ({@link TrainingFlags}). */
    @Option(
            names = "--activation",
            paramLabel = "NAME",
            description =
                    "Hidden activation: identity, sigmoid (logistic), tanh, hard-sigmoid, hard-tanh, relu, leaky-relu[:slope], "
                            + "prelu[:shared|per-neuron] (learned slope), elu[:alpha], softplus, swish (silu), gelu.")
    String activation = "relu";

    @Option(
            names = "--batch-norm",
            negatable = true,
            fallbackValue = "true",
            description = "Batch normalisation before each hidden activation.")
    boolean batchNorm = true;

    @Mixin
    NetworkDetailOptions details = new NetworkDetailOptions();

    /** Network flags whose {@code --layers} defaults to {@code widths}. */
    static NetworkOptions withLayers(String widths) {
        NetworkOptions options = new NetworkOptions();
        options.layers = widths;
        return options;
    }

    /** Parses the flags of the network's shape without data, so a typo fails before anything is loaded. */
    void check() {
        parseLayers(layers);
        HiddenActivation.parse(activation);
        details.dropoutProbabilities();
    }

    /**
     * This network as a configuration with {@code jmlp train}'s default optimizer and schedule, for
     * a command that only builds the network ({@code jmlp gradcheck}); {@code --layers} as given.
     */
    TrialConfig networkConfig() {
        return new TrialConfig(
                Arrays.stream(parseLayers(layers)).boxed().toList(),
                activation.trim().toLowerCase(Locale.ROOT),
                batchNorm,
                "momentum",
                0.01,
                0,
                100,
                "constant",
                1,
                new FixedSettings(
                        details.dropoutProbabilities(),
                        details.loss,
                        details.init,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        0,
                        "0",
                        0,
                        0));
    }

    static int[] parseLayers(String text) {
        if (text.isBlank() || text.equalsIgnoreCase("none")) {
            return new int[0];
        }
        try {
            int[] widths = Arrays.stream(text.split(","))
                    .map(String::trim)
                    .mapToInt(Integer::parseInt)
                    .toArray();
            for (int w : widths) {
                if (w < 1) {
                    throw new IllegalArgumentException("--layers widths must be >= 1, got " + w + " in '" + text + "'");
                }
            }
            return widths;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    "--layers takes comma-separated widths like 300,150 (or 'none'), got '" + text + "'");
        }
    }
}
