package io.jmlp.nn;

import io.jmlp.backend.Tensor;
import java.util.List;

/**
 * One stage of an {@link Mlp} on a backend. A layer owns its workspaces (outputs and input
 * gradients, grown to the largest batch) but not its parameters: those are views into the model's
 * flat buffers, handed over once by {@link #attach}.
 *
 * <p>Contract: {@code backward} follows the {@code forward} of the same batch and may use what
 * that forward kept (its input, pre-activations, batch statistics, dropout mask).
 */
public interface Layer extends AutoCloseable {

    int inputSize();

    int outputSize();

    /** Trainable parameters, in a fixed order. */
    default List<ParameterSpec> parameters() {
        return List.of();
    }

    /** Non-trainable state saved with the model (batch-norm running statistics). */
    default List<ParameterSpec> states() {
        return List.of();
    }

    /** Gives the layer its views into the model's flat buffers, one per spec in order. Called once. */
    void attach(LayerBinding binding);

    /** {@code y = layer(x)} for {@code x = [n × inputSize]}; returns a view of the layer's workspace. */
    Tensor forward(Tensor x, ForwardPass pass);

    /**
     * Writes the parameter gradients (overwriting) and returns {@code dL/dx}, or null when
     * {@code needInputGradient} is false (the first layer, whose input is the data).
     */
    Tensor backward(Tensor dy, boolean needInputGradient);

    /** A short description for summaries, e.g. "dense 784→300". */
    String describe();

    /** Frees the workspaces. */
    @Override
    void close();
}
