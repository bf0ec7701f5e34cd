package io.jmlp.nn;

import io.jmlp.backend.Activation;
import io.jmlp.loss.Loss;
import java.util.ArrayList;
import java.util.List;
import java.util.StringJoiner;

/**
 * What a network is, independent of any backend: input size, the stages in order, and the loss
 * (which also fixes how outputs are read: class scores, a logit, or values).
 */
public record MlpSpec(int inputSize, List<LayerSpec> layers, Loss loss) {

    public MlpSpec {
        if (inputSize < 1) {
            throw new IllegalArgumentException("input size must be >= 1, got " + inputSize);
        }
        layers = List.copyOf(layers);
        if (layers.stream().noneMatch(l -> l instanceof LayerSpec.DenseSpec)) {
            throw new IllegalArgumentException("a network needs at least one dense layer");
        }
        if (loss == null) {
            throw new IllegalArgumentException("a network needs a loss");
        }
    }

    public int outputSize() {
        int size = inputSize;
        for (LayerSpec layer : layers) {
            size = layer.outputSize(size);
        }
        return size;
    }

    /**
     * Whether the dense layer at {@code index} of {@link #layers} has a bias: not when batch norm
     * follows it, whose mean subtraction cancels any bias (β does its work). The one definition of
     * the rule: the runtime layers ({@link Mlp#create}), the model description and its check of a
     * file's bias flags ({@code NetworkDescription}) all ask here.
     */
    public boolean denseHasBias(int index) {
        if (!(layers.get(index) instanceof LayerSpec.DenseSpec)) {
            throw new IllegalArgumentException("layer " + index + " is " + layers.get(index) + ", not a dense layer");
        }
        return !(index + 1 < layers.size() && layers.get(index + 1) instanceof LayerSpec.BatchNormSpec);
    }

    /** The layer widths, e.g. "784-300-150-10". */
    public String widths() {
        StringJoiner joiner = new StringJoiner("-");
        joiner.add(Integer.toString(inputSize));
        for (LayerSpec layer : layers) {
            if (layer instanceof LayerSpec.DenseSpec dense) {
                joiner.add(Integer.toString(dense.units()));
            }
        }
        return joiner.toString();
    }

    /**
     * The usual classifier: hidden dense layers of {@code hidden} sizes, each followed by batch
     * norm (when {@code batchNorm}) and {@code activation}, then a dense output of {@code outputs}.
     */
    public static MlpSpec classifier(
            int inputSize,
            int[] hidden,
            int outputs,
            Activation activation,
            boolean batchNorm,
            float dropout,
            Loss loss) {
        Builder b = builder(inputSize);
        for (int units : hidden) {
            b.dense(units);
            if (batchNorm) {
                b.batchNorm();
            }
            b.activation(activation);
            if (dropout > 0f) {
                b.dropout(dropout);
            }
        }
        return b.dense(outputs).loss(loss).build();
    }

    /**
     * As {@link #classifier(int, int[], int, Activation, boolean, float, Loss)}, with PReLU allowed
     * and a dropout probability per hidden layer: {@code dropout} holds none (no dropout), one (every
     * hidden layer) or one per hidden layer; a 0 leaves that layer without dropout. Dropout follows
     * the activation, as in Srivastava et al.
     */
    public static MlpSpec classifier(
            int inputSize,
            int[] hidden,
            int outputs,
            HiddenActivation activation,
            boolean batchNorm,
            float[] dropout,
            Loss loss) {
        if (dropout.length > 1 && dropout.length != hidden.length) {
            throw new IllegalArgumentException("give one dropout probability for every hidden layer, or one for all: "
                    + hidden.length + " hidden layers, " + dropout.length + " probabilities");
        }
        Builder b = builder(inputSize);
        for (int i = 0; i < hidden.length; i++) {
            b.dense(hidden[i]);
            if (batchNorm) {
                b.batchNorm();
            }
            activation.appendTo(b);
            float p = dropout.length == 0 ? 0f : dropout[dropout.length == 1 ? 0 : i];
            if (p > 0f) {
                b.dropout(p);
            }
        }
        return b.dense(outputs).loss(loss).build();
    }

    public static Builder builder(int inputSize) {
        return new Builder(inputSize);
    }

    /** Collects stages in order: {@code builder(784).dense(300).batchNorm().relu().dense(10).loss(…).build()}. */
    public static final class Builder {
        private final int inputSize;
        private final List<LayerSpec> layers = new ArrayList<>();
        private Loss loss;

        private Builder(int inputSize) {
            this.inputSize = inputSize;
        }

        public Builder dense(int units) {
            layers.add(new LayerSpec.DenseSpec(units));
            return this;
        }

        public Builder batchNorm() {
            return batchNorm(BatchNorm.DEFAULT_EPS, BatchNorm.DEFAULT_MOMENTUM);
        }

        public Builder batchNorm(float eps, float momentum) {
            layers.add(new LayerSpec.BatchNormSpec(eps, momentum));
            return this;
        }

        public Builder activation(Activation activation) {
            layers.add(new LayerSpec.ActivationSpec(activation));
            return this;
        }

        public Builder relu() {
            return activation(Activation.RELU);
        }

        public Builder sigmoid() {
            return activation(Activation.SIGMOID);
        }

        public Builder tanh() {
            return activation(Activation.TANH);
        }

        public Builder dropout(float p) {
            layers.add(new LayerSpec.DropoutSpec(p));
            return this;
        }

        public Builder prelu(boolean shared) {
            layers.add(new LayerSpec.PReluSpec(shared));
            return this;
        }

        public Builder loss(Loss loss) {
            this.loss = loss;
            return this;
        }

        public MlpSpec build() {
            return new MlpSpec(inputSize, layers, loss);
        }
    }
}
