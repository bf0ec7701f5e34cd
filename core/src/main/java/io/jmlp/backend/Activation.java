package io.jmlp.backend;

import java.util.Arrays;
import java.util.Locale;

/**
 * An elementwise activation {@code a = f(z)} and its parameter {@code alpha} (the slope γ of
 * leaky ReLU, the scale γ of ELU; unused by the others). Backends dispatch on {@link Kind};
 * {@link #apply} and {@link #derivative} are the defining formulas (in {@code double}) that
 * every kernel reproduces in {@code float}.
 */
public record Activation(Kind kind, float alpha) {

    public enum Kind {
        IDENTITY("identity"),
        SIGMOID("sigmoid"),
        TANH("tanh"),
        /** max(min(0.25·z + 0.5, 1), 0), the course reports' hard-logistic. */
        HARD_SIGMOID("hard-sigmoid"),
        /** max(min(z, 1), −1). */
        HARD_TANH("hard-tanh"),
        RELU("relu"),
        /** z for z > 0, α·z otherwise. */
        LEAKY_RELU("leaky-relu"),
        /** z for z > 0, α·(eᶻ − 1) otherwise. */
        ELU("elu"),
        /** log(1 + eᶻ). */
        SOFTPLUS("softplus"),
        /** z·σ(z), also called SiLU. */
        SWISH("swish"),
        /** The tanh approximation 0.5·z·(1 + tanh(√(2/π)·(z + 0.044715·z³))), PyTorch's {@code approximate='tanh'}. */
        GELU("gelu");

        private final String cliName;

        Kind(String cliName) {
            this.cliName = cliName;
        }

        public String cliName() {
            return cliName;
        }
    }

    public static final Activation IDENTITY = new Activation(Kind.IDENTITY, 0f);
    public static final Activation SIGMOID = new Activation(Kind.SIGMOID, 0f);
    public static final Activation TANH = new Activation(Kind.TANH, 0f);
    public static final Activation HARD_SIGMOID = new Activation(Kind.HARD_SIGMOID, 0f);
    public static final Activation HARD_TANH = new Activation(Kind.HARD_TANH, 0f);
    public static final Activation RELU = new Activation(Kind.RELU, 0f);
    public static final Activation SOFTPLUS = new Activation(Kind.SOFTPLUS, 0f);
    public static final Activation SWISH = new Activation(Kind.SWISH, 0f);
    public static final Activation GELU = new Activation(Kind.GELU, 0f);

    /** Default slope of leaky ReLU (PyTorch's). */
    public static final float DEFAULT_LEAKY_SLOPE = 0.01f;
    /** Default α of ELU (PyTorch's). */
    public static final float DEFAULT_ELU_ALPHA = 1.0f;

    static final double GELU_C = Math.sqrt(2.0 / Math.PI);
    static final double GELU_K = 0.044715;

    public Activation {
        if (kind == null) {
            throw new IllegalArgumentException("activation kind must not be null");
        }
        if (!Float.isFinite(alpha)) {
            throw new IllegalArgumentException("activation parameter must be finite, got " + alpha);
        }
    }

    public static Activation leakyRelu(float slope) {
        return new Activation(Kind.LEAKY_RELU, slope);
    }

    public static Activation elu(float alpha) {
        return new Activation(Kind.ELU, alpha);
    }

    /**
     * Parses {@code relu}, {@code tanh}, {@code leaky-relu}, {@code leaky-relu:0.2}, {@code elu:1.0},
     * … (the names of {@link Kind#cliName()}, case-insensitive, {@code _} and {@code -} alike).
     */
    public static Activation parse(String text) {
        String[] parts = text.trim().toLowerCase(Locale.ROOT).replace('_', '-').split(":", 2);
        String name = switch (parts[0]) {
            case "logistic" -> "sigmoid";
            case "hard-logistic" -> "hard-sigmoid";
            case "silu" -> "swish";
            case "linear", "none" -> "identity";
            default -> parts[0];
        };
        for (Kind kind : Kind.values()) {
            if (kind.cliName.equals(name)) {
                float alpha = switch (kind) {
                    case LEAKY_RELU -> DEFAULT_LEAKY_SLOPE;
                    case ELU -> DEFAULT_ELU_ALPHA;
                    default -> 0f;
                };
                if (parts.length == 2) {
                    if (kind != Kind.LEAKY_RELU && kind != Kind.ELU) {
                        throw new IllegalArgumentException(
                                "activation '" + kind.cliName + "' takes no parameter, got '" + text + "'");
                    }
                    try {
                        alpha = Float.parseFloat(parts[1]);
                    } catch (NumberFormatException e) {
                        throw new IllegalArgumentException("activation parameter in '" + text + "' is not a number");
                    }
                }
                return new Activation(kind, alpha);
            }
        }
        throw new IllegalArgumentException("unknown activation '" + text + "'; choose one of "
                + Arrays.stream(Kind.values()).map(Kind::cliName).toList()
                + " (leaky-relu and elu take a parameter, e.g. leaky-relu:0.1)");
    }

    /** f(z). */
    public double apply(double z) {
        return switch (kind) {
            case IDENTITY -> z;
            case SIGMOID -> sigmoid(z);
            case TANH -> Math.tanh(z);
            case HARD_SIGMOID -> Math.max(Math.min(0.25 * z + 0.5, 1.0), 0.0);
            case HARD_TANH -> Math.max(Math.min(z, 1.0), -1.0);
            case RELU -> z > 0 ? z : 0.0;
            case LEAKY_RELU -> z > 0 ? z : alpha * z;
            case ELU -> z > 0 ? z : alpha * Math.expm1(z);
            case SOFTPLUS -> Math.max(z, 0.0) + Math.log1p(Math.exp(-Math.abs(z)));
            case SWISH -> z * sigmoid(z);
            case GELU -> 0.5 * z * (1.0 + Math.tanh(GELU_C * (z + GELU_K * z * z * z)));
        };
    }

    /**
     * f'(z), given z and a = f(z). At a kink the derivative is that of the branch {@code z <= 0}
     * (ReLU'(0) = 0, as in PyTorch); hard-sigmoid and hard-tanh count their corners as flat.
     */
    public double derivative(double z, double a) {
        return switch (kind) {
            case IDENTITY -> 1.0;
            case SIGMOID -> a * (1.0 - a);
            case TANH -> 1.0 - a * a;
            case HARD_SIGMOID -> (z > -2.0 && z < 2.0) ? 0.25 : 0.0;
            case HARD_TANH -> (z > -1.0 && z < 1.0) ? 1.0 : 0.0;
            case RELU -> z > 0 ? 1.0 : 0.0;
            case LEAKY_RELU -> z > 0 ? 1.0 : alpha;
            case ELU -> z > 0 ? 1.0 : a + alpha;
            case SOFTPLUS -> sigmoid(z);
            case SWISH -> {
                double s = sigmoid(z);
                yield s + z * s * (1.0 - s);
            }
            case GELU -> {
                double u = GELU_C * (z + GELU_K * z * z * z);
                double t = Math.tanh(u);
                yield 0.5 * (1.0 + t) + 0.5 * z * (1.0 - t * t) * GELU_C * (1.0 + 3.0 * GELU_K * z * z);
            }
        };
    }

    /** Numerically stable logistic function. */
    public static double sigmoid(double z) {
        if (z >= 0) {
            return 1.0 / (1.0 + Math.exp(-z));
        }
        double e = Math.exp(z);
        return e / (1.0 + e);
    }

    /** The name {@link #parse} accepts, with the parameter where it has one. */
    public String cliName() {
        return switch (kind) {
            case LEAKY_RELU, ELU -> kind.cliName + ":" + alpha;
            default -> kind.cliName;
        };
    }

    @Override
    public String toString() {
        return cliName();
    }
}
