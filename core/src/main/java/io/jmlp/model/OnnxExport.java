package io.jmlp.model;

import io.jmlp.backend.Activation;
import io.jmlp.data.FeatureScaler;
import io.jmlp.io.AtomicWrite;
import io.jmlp.loss.BinaryCrossEntropy;
import io.jmlp.loss.SoftmaxCrossEntropy;
import io.jmlp.nn.Mlp;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Writes a model's inference graph as ONNX (opset 13): {@code Gemm} with {@code transB=1} (the
 * weights as PyTorch stores them, {@code [out, in]}), {@code BatchNormalization} from the running
 * statistics, the activations ONNX has, {@code PRelu}; dropout is the identity at inference and
 * is left out. The graph has input {@code input [N × in]} and outputs {@code output} (the raw
 * network output) and, for softmax cross-entropy, {@code probabilities} ({@code Softmax}) or, for
 * binary cross-entropy, {@code probability} ({@code Sigmoid}).
 *
 * <p>Field numbers are those of onnx/onnx.proto (ModelProto, GraphProto, NodeProto, TensorProto,
 * AttributeProto, ValueInfoProto, TypeProto).
 */
public final class OnnxExport {
    static final int OPSET = 13;
    /** IR version 7 is what opset 13 came with (ONNX 1.8). */
    static final int IR_VERSION = 7;

    private static final int FLOAT = 1;
    private static final int ATTRIBUTE_FLOAT = 1;
    private static final int ATTRIBUTE_INT = 2;

    private OnnxExport() {}

    /** Writes {@code model}'s inference graph to {@code file}, atomically. */
    public static void write(Path file, Mlp model) throws IOException {
        write(file, model, null);
    }

    /** Writes {@code model}'s inference graph, with {@code metadata}'s scalers (null: none) inside it, to {@code file}, atomically. */
    public static void write(Path file, Mlp model, ModelMetadata metadata) throws IOException {
        byte[] onnx = encode(model, metadata);
        AtomicWrite.write(file, out -> out.write(onnx));
    }

    /** The ONNX bytes of the bare network; fails naming the layer when a stage has no ONNX operator. */
    public static byte[] encode(Mlp model) {
        return encode(model, null);
    }

    /**
     * The ONNX bytes. With {@code metadata}, the graph takes raw features: a fitted feature scaler
     * becomes {@code Sub} and {@code Div} in front of the network, and a regression model with
     * standardised targets gets a further output {@code prediction} (the targets' units: {@code Mul}, {@code Add}).
     */
    public static byte[] encode(Mlp model, ModelMetadata metadata) {
        NetworkDescription description = NetworkDescription.of(model.spec(), "");
        Map<String, SafeTensor> tensors =
                ModelFile.tensors(model, description, 0).stream().collect(Collectors.toMap(SafeTensor::name, t -> t));
        ProtobufWriter graph = new ProtobufWriter();
        graph.string(2, "jmlp");
        String current = "input";
        FeatureScaler features = metadata != null ? metadata.featureScaler() : null;
        if (features != null) {
            initializer(graph, SafeTensor.ofFloats("input.shift", toFloats(features.shifts()), features.columns()));
            initializer(graph, SafeTensor.ofFloats("input.scale", toFloats(features.scales()), features.columns()));
            graph.message(1, node("Sub", "scale_input.sub", "input.centred", "input", "input.shift"));
            graph.message(1, node("Div", "scale_input.div", "features", "input.centred", "input.scale"));
            current = "features";
        }
        List<NetworkDescription.LayerEntry> layers = description.layers();
        for (int i = 0; i < layers.size(); i++) {
            NetworkDescription.LayerEntry layer = layers.get(i);
            String output = "h" + i;
            switch (layer.type()) {
                case "linear" -> {
                    initializer(graph, tensors.get(i + ".weight"));
                    ProtobufWriter node = node("Gemm", "layer" + i, output, current, i + ".weight");
                    if (layer.bias()) {
                        initializer(graph, tensors.get(i + ".bias"));
                        node.string(1, i + ".bias");
                    }
                    node.message(5, intAttribute("transB", 1));
                    graph.message(1, node);
                }
                case "batch_norm" -> {
                    for (String name : new String[] {"weight", "bias", "running_mean", "running_var"}) {
                        initializer(graph, tensors.get(i + "." + name));
                    }
                    graph.message(
                            1,
                            node(
                                            "BatchNormalization",
                                            "layer" + i,
                                            output,
                                            current,
                                            i + ".weight",
                                            i + ".bias",
                                            i + ".running_mean",
                                            i + ".running_var")
                                    .message(5, floatAttribute("epsilon", layer.eps())));
                }
                case "activation" -> activation(graph, Activation.parse(layer.activation()), i, current, output);
                case "prelu" -> {
                    initializer(graph, tensors.get(i + ".weight"));
                    graph.message(1, node("PRelu", "layer" + i, output, current, i + ".weight"));
                }
                case "dropout" -> output = current; // the identity at inference
                default -> throw new IllegalStateException("no ONNX export for layer type " + layer.type());
            }
            current = output;
        }
        int outputs = model.outputSize();
        graph.message(1, node("Identity", "output", "output", current));
        graph.message(11, valueInfo("input", model.inputSize()));
        graph.message(12, valueInfo("output", outputs));
        if (model.loss() instanceof SoftmaxCrossEntropy) {
            graph.message(
                    1, node("Softmax", "softmax", "probabilities", "output").message(5, intAttribute("axis", 1)));
            graph.message(12, valueInfo("probabilities", outputs));
        } else if (model.loss() instanceof BinaryCrossEntropy) {
            graph.message(1, node("Sigmoid", "sigmoid", "probability", "output"));
            graph.message(12, valueInfo("probability", outputs));
        }
        FeatureScaler targets = metadata != null ? metadata.targetScaler() : null;
        if (targets != null) {
            initializer(graph, SafeTensor.ofFloats("prediction.scale", toFloats(targets.scales()), targets.columns()));
            initializer(graph, SafeTensor.ofFloats("prediction.shift", toFloats(targets.shifts()), targets.columns()));
            graph.message(1, node("Mul", "unscale_output.mul", "output.scaled", "output", "prediction.scale"));
            graph.message(1, node("Add", "unscale_output.add", "prediction", "output.scaled", "prediction.shift"));
            graph.message(12, valueInfo("prediction", outputs));
        }
        return new ProtobufWriter()
                .varint(1, IR_VERSION)
                .string(2, "jmlp")
                .message(8, new ProtobufWriter().string(1, "").varint(2, OPSET))
                .message(7, graph)
                .toByteArray();
    }

    private static float[] toFloats(double[] values) {
        float[] f = new float[values.length];
        for (int i = 0; i < f.length; i++) {
            f[i] = (float) values[i];
        }
        return f;
    }

    private static void activation(
            ProtobufWriter graph, Activation activation, int index, String input, String output) {
        String name = "layer" + index;
        ProtobufWriter node = switch (activation.kind()) {
            case IDENTITY -> node("Identity", name, output, input);
            case SIGMOID -> node("Sigmoid", name, output, input);
            case TANH -> node("Tanh", name, output, input);
            case RELU -> node("Relu", name, output, input);
            case SOFTPLUS -> node("Softplus", name, output, input);
            case HARD_SIGMOID ->
                node("HardSigmoid", name, output, input)
                        .message(5, floatAttribute("alpha", 0.25f))
                        .message(5, floatAttribute("beta", 0.5f));
            case LEAKY_RELU ->
                node("LeakyRelu", name, output, input).message(5, floatAttribute("alpha", activation.alpha()));
            case ELU -> node("Elu", name, output, input).message(5, floatAttribute("alpha", activation.alpha()));
            case HARD_TANH -> {
                // Opset 13's Clip takes its bounds as inputs.
                initializer(graph, SafeTensor.ofFloats(name + ".min", new float[] {-1f}));
                initializer(graph, SafeTensor.ofFloats(name + ".max", new float[] {1f}));
                yield node("Clip", name, output, input, name + ".min", name + ".max");
            }
            case SWISH -> {
                // Swish has no operator of its own: x·σ(x).
                graph.message(1, node("Sigmoid", name + ".sigmoid", name + ".sigmoid", input));
                yield node("Mul", name, output, input, name + ".sigmoid");
            }
            case GELU ->
                throw new IllegalArgumentException("layer " + index
                        + " (gelu): ONNX has no GELU operator before opset 20, " + "and jmlp exports opset " + OPSET
                        + "; train with another activation to export to ONNX");
        };
        graph.message(1, node);
    }

    private static ProtobufWriter node(String opType, String name, String output, String... inputs) {
        ProtobufWriter node = new ProtobufWriter();
        for (String input : inputs) {
            node.string(1, input);
        }
        return node.string(2, output).string(3, name).string(4, opType);
    }

    private static ProtobufWriter intAttribute(String name, long value) {
        return new ProtobufWriter().string(1, name).varint(3, value).varint(20, ATTRIBUTE_INT);
    }

    private static ProtobufWriter floatAttribute(String name, float value) {
        return new ProtobufWriter().string(1, name).float32(2, value).varint(20, ATTRIBUTE_FLOAT);
    }

    private static void initializer(ProtobufWriter graph, SafeTensor tensor) {
        ProtobufWriter t = new ProtobufWriter();
        for (long d : tensor.shape()) {
            t.varint(1, d);
        }
        ByteBuffer raw = ByteBuffer.allocate(tensor.floats().length * 4).order(ByteOrder.LITTLE_ENDIAN);
        raw.asFloatBuffer().put(tensor.floats());
        t.varint(2, FLOAT).string(8, tensor.name()).bytes(9, raw.array());
        graph.message(5, t);
    }

    /** A float tensor {@code [N × width]} with a symbolic batch dimension. */
    private static ProtobufWriter valueInfo(String name, int width) {
        ProtobufWriter shape = new ProtobufWriter()
                .message(1, new ProtobufWriter().string(2, "N"))
                .message(1, new ProtobufWriter().varint(1, width));
        ProtobufWriter tensorType = new ProtobufWriter().varint(1, FLOAT).message(2, shape);
        return new ProtobufWriter().string(1, name).message(2, new ProtobufWriter().message(1, tensorType));
    }
}
