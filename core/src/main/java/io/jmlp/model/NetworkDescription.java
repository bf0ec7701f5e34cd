package io.jmlp.model;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonParseException;
import io.jmlp.backend.Activation;
import io.jmlp.loss.Loss;
import io.jmlp.nn.LayerSpec;
import io.jmlp.nn.MlpSpec;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code model.json} of a model directory: what the network is, in the order PyTorch's
 * {@code nn.Sequential} numbers its modules, so tensor {@code "3.weight"} belongs to {@code layers[3]}.
 * Plain data for Gson (no Java serialization); {@link #toSpec()} and {@link #of} convert.
 *
 * @param format            always {@value #FORMAT}
 * @param version           the format version, {@value #VERSION}
 * @param inputSize         features per example, after {@code inputPreprocessing}
 * @param inputPreprocessing how raw inputs were turned into features before training (the model expects the same)
 * @param loss              the training loss ({@link Loss#parse} form); it fixes how outputs are read
 * @param layers            the stages in order
 */
public record NetworkDescription(String format, int version, int inputSize, String inputPreprocessing, String loss,
                                 List<LayerEntry> layers) {
    public static final String FORMAT = "jmlp-model";
    public static final int VERSION = 1;

    /**
     * One stage. {@code type} is {@code linear}, {@code batch_norm}, {@code activation}, {@code dropout} or {@code prelu};
     * the other fields apply to the types named.
     *
     * @param in         linear, batch_norm, prelu: input width
     * @param out        linear: output width
     * @param bias       linear: whether it has a bias (left out when batch norm follows)
     * @param eps        batch_norm
     * @param momentum   batch_norm (PyTorch's meaning: running = (1 − momentum)·running + momentum·batch)
     * @param activation activation: its name as {@link Activation#parse} reads it
     * @param p          dropout probability (inactive at inference)
     * @param shared     prelu: one slope for all features
     */
    public record LayerEntry(String type, Integer in, Integer out, Boolean bias, Float eps, Float momentum,
                             String activation, Float p, Boolean shared) {
    }

    /** Describes {@code spec}; {@code inputPreprocessing} documents what was done to raw inputs (e.g. "bytes / 255"). */
    public static NetworkDescription of(MlpSpec spec, String inputPreprocessing) {
        List<LayerEntry> entries = new ArrayList<>();
        List<LayerSpec> layers = spec.layers();
        int size = spec.inputSize();
        for (int i = 0; i < layers.size(); i++) {
            LayerSpec layer = layers.get(i);
            LayerSpec next = i + 1 < layers.size() ? layers.get(i + 1) : null;
            LayerEntry entry;
            if (layer instanceof LayerSpec.DenseSpec d) {
                entry = new LayerEntry("linear", size, d.units(), !(next instanceof LayerSpec.BatchNormSpec), null, null, null, null, null);
            } else if (layer instanceof LayerSpec.BatchNormSpec b) {
                entry = new LayerEntry("batch_norm", size, null, null, b.eps(), b.momentum(), null, null, null);
            } else if (layer instanceof LayerSpec.ActivationSpec a) {
                entry = new LayerEntry("activation", null, null, null, null, null, a.activation().cliName(), null, null);
            } else if (layer instanceof LayerSpec.DropoutSpec d) {
                entry = new LayerEntry("dropout", null, null, null, null, null, null, d.p(), null);
            } else if (layer instanceof LayerSpec.PReluSpec p) {
                entry = new LayerEntry("prelu", size, null, null, null, null, null, null, p.shared());
            } else {
                throw new IllegalStateException("no description for layer " + layer);
            }
            entries.add(entry);
            size = layer.outputSize(size);
        }
        return new NetworkDescription(FORMAT, VERSION, spec.inputSize(), inputPreprocessing, spec.loss().name(), entries);
    }

    /** The network this describes; a description that does not make a valid network fails naming the layer. */
    public MlpSpec toSpec() {
        if (!FORMAT.equals(format)) {
            throw new IllegalArgumentException("not a jmlp model description: format is '" + format + "', expected '" + FORMAT + "'");
        }
        if (version != VERSION) {
            throw new IllegalArgumentException("model format version " + version + " is not supported (this jmlp reads version " + VERSION + ")");
        }
        if (layers == null || loss == null) {
            throw new IllegalArgumentException("model description lacks 'layers' or 'loss'");
        }
        MlpSpec.Builder builder = MlpSpec.builder(inputSize);
        int size = inputSize;
        for (int i = 0; i < layers.size(); i++) {
            LayerEntry e = layers.get(i);
            String where = "layer " + i + " (" + (e == null ? null : e.type()) + ")";
            if (e == null || e.type() == null) {
                throw new IllegalArgumentException("model description: " + where + " has no type");
            }
            switch (e.type()) {
                case "linear" -> {
                    require(where, e.in() != null && e.in() == size, "input width " + e.in() + " but the previous stage gives " + size);
                    require(where, e.out() != null && e.out() >= 1, "output width " + e.out());
                    builder.dense(e.out());
                    size = e.out();
                }
                case "batch_norm" -> {
                    require(where, e.in() != null && e.in() == size, "width " + e.in() + " but the previous stage gives " + size);
                    require(where, e.eps() != null && e.momentum() != null, "needs eps and momentum");
                    builder.batchNorm(e.eps(), e.momentum());
                }
                case "activation" -> builder.activation(Activation.parse(String.valueOf(e.activation())));
                case "dropout" -> builder.dropout(e.p() == null ? 0f : e.p());
                case "prelu" -> {
                    require(where, e.in() != null && e.in() == size, "width " + e.in() + " but the previous stage gives " + size);
                    builder.prelu(Boolean.TRUE.equals(e.shared()));
                }
                default -> throw new IllegalArgumentException("model description: " + where
                        + " has unknown type; expected linear, batch_norm, activation, dropout or prelu");
            }
        }
        MlpSpec spec = builder.loss(Loss.parse(loss)).build();
        // The bias flags are derived (no bias before batch norm); a file that disagrees was not written by us.
        NetworkDescription rebuilt = of(spec, inputPreprocessing);
        for (int i = 0; i < layers.size(); i++) {
            if (layers.get(i).type().equals("linear") && !layers.get(i).bias().equals(rebuilt.layers().get(i).bias())) {
                throw new IllegalArgumentException("model description: layer " + i + " says bias=" + layers.get(i).bias()
                        + ", but jmlp gives a linear layer a bias exactly when no batch norm follows it");
            }
        }
        return spec;
    }

    private static void require(String where, boolean ok, String what) {
        if (!ok) {
            throw new IllegalArgumentException("model description: " + where + ": " + what);
        }
    }

    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().create();

    public String toJson() {
        return GSON.toJson(this) + "\n";
    }

    public static NetworkDescription fromJson(String json) {
        try {
            NetworkDescription d = GSON.fromJson(json, NetworkDescription.class);
            if (d == null) {
                throw new IllegalArgumentException("model description is empty");
            }
            return d;
        } catch (JsonParseException e) {
            throw new IllegalArgumentException("model description is not valid JSON: " + e.getMessage());
        }
    }
}
