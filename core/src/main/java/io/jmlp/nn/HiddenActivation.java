package io.jmlp.nn;

import io.jmlp.backend.Activation;
import java.util.Locale;

/**
 * What follows each hidden layer: an elementwise {@link Activation}, or PReLU, whose slope is a
 * learned parameter and so a layer of its own. Parses the {@code --activation} names.
 */
public sealed interface HiddenActivation {

    /** A fixed elementwise function (fused into the dense layer when no batch norm sits between). */
    record Elementwise(Activation activation) implements HiddenActivation {
        @Override
        public String cliName() {
            return activation.cliName();
        }

        @Override
        public boolean reluLike() {
            return switch (activation.kind()) {
                case RELU, LEAKY_RELU, ELU, SWISH, GELU, SOFTPLUS -> true;
                default -> false;
            };
        }
    }

    /** PReLU with one learned slope for the whole layer ({@code shared}, PyTorch's default) or one per neuron; slopes start at 0.25. */
    record PRelu(boolean shared) implements HiddenActivation {
        @Override
        public String cliName() {
            return shared ? "prelu:shared" : "prelu:per-neuron";
        }

        @Override
        public boolean reluLike() {
            return true;
        }
    }

    /** The name {@link #parse} accepts. */
    String cliName();

    /** Whether He initialisation suits it (ReLU-like), rather than Xavier. */
    boolean reluLike();

    /** Adds this activation to a network being built. */
    default void appendTo(MlpSpec.Builder builder) {
        if (this instanceof PRelu p) {
            builder.prelu(p.shared());
        } else {
            builder.activation(((Elementwise) this).activation());
        }
    }

    /** {@code prelu}, {@code prelu:shared}, {@code prelu:per-neuron}, or any {@link Activation#parse} name. */
    static HiddenActivation parse(String text) {
        String[] parts = text.trim().toLowerCase(Locale.ROOT).replace('_', '-').split(":", 2);
        if (!parts[0].equals("prelu")) {
            try {
                return new Elementwise(Activation.parse(text));
            } catch (IllegalArgumentException e) {
                if (e.getMessage().startsWith("unknown activation")) {
                    throw new IllegalArgumentException(
                            e.getMessage() + "; or prelu[:shared|per-neuron] (a learned slope)");
                }
                throw e;
            }
        }
        if (parts.length == 1 || parts[1].equals("shared")) {
            return new PRelu(true);
        }
        if (parts[1].equals("per-neuron") || parts[1].equals("per-channel")) {
            return new PRelu(false);
        }
        throw new IllegalArgumentException(
                "prelu takes 'shared' (one slope per layer) or 'per-neuron' (one per unit), got '" + text + "'");
    }
}
