package io.jmlp.nn;

/**
 * One entry of a network description, in the order a user writes it and PyTorch's
 * {@code nn.Sequential} would number it. {@link Mlp#create}, and only it, turns the list into
 * runtime layers, because a layer depends on its neighbours: a dense layer has no bias before batch
 * norm ({@link MlpSpec#denseHasBias}), and a dense layer or a batch norm runs fused with the
 * activation right after it.
 */
public sealed interface LayerSpec {

    /** Size of this stage's output, given the size of its input. */
    int outputSize(int inputSize);

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
    }

    record BatchNormSpec(float eps, float momentum) implements LayerSpec {
        @Override
        public int outputSize(int inputSize) {
            return inputSize;
        }
    }

    record ActivationSpec(io.jmlp.backend.Activation activation) implements LayerSpec {
        @Override
        public int outputSize(int inputSize) {
            return inputSize;
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
    }

    record PReluSpec(boolean shared) implements LayerSpec {
        @Override
        public int outputSize(int inputSize) {
            return inputSize;
        }
    }
}
