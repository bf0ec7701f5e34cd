package io.jmlp.nn;

/**
 * One entry of a network description, in the order a user writes it and PyTorch's
 * {@code nn.Sequential} would number it. {@link Mlp#create} turns the list into runtime layers,
 * fusing where it can (a dense layer, or a batch norm, and the activation right after it become one layer).
 */
public sealed interface LayerSpec {

    /** Size of this stage's output, given the size of its input. */
    int outputSize(int inputSize);

    /** The runtime layer for an input of {@code inputSize} (a dense layer gets its bias and fusion from {@link Mlp#create}). */
    Layer toLayer(int inputSize);

    /** A fully connected layer of {@code units} neurons (bias dropped when batch norm follows: {@link MlpSpec#denseHasBias}). */
    record DenseSpec(int units) implements LayerSpec {
        public DenseSpec {
            if (units < 1) {
                throw new IllegalArgumentException("a dense layer needs >= 1 unit, got " + units);
            }
        }

        @Override
        public int outputSize(int inputSize) {
            return units;
        }

        @Override
        public Layer toLayer(int inputSize) {
            return new Dense(inputSize, units, true, io.jmlp.backend.Activation.IDENTITY);
        }
    }

    record BatchNormSpec(float eps, float momentum) implements LayerSpec {
        @Override
        public int outputSize(int inputSize) {
            return inputSize;
        }

        @Override
        public Layer toLayer(int inputSize) {
            return new BatchNorm(inputSize, eps, momentum);
        }
    }

    record ActivationSpec(io.jmlp.backend.Activation activation) implements LayerSpec {
        @Override
        public int outputSize(int inputSize) {
            return inputSize;
        }

        @Override
        public Layer toLayer(int inputSize) {
            return new ActivationLayer(inputSize, activation);
        }
    }

    record DropoutSpec(float p) implements LayerSpec {
        public DropoutSpec {
            if (!(p >= 0f && p < 1f)) {
                throw new IllegalArgumentException("dropout probability must be in [0, 1), got " + p);
            }
        }

        @Override
        public int outputSize(int inputSize) {
            return inputSize;
        }

        @Override
        public Layer toLayer(int inputSize) {
            return new Dropout(inputSize, p);
        }
    }

    record PReluSpec(boolean shared) implements LayerSpec {
        @Override
        public int outputSize(int inputSize) {
            return inputSize;
        }

        @Override
        public Layer toLayer(int inputSize) {
            return new PRelu(inputSize, shared);
        }
    }
}
