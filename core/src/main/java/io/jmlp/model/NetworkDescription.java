package io.jmlp.model;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonParseException;
import io.jmlp.backend.Activation;
import io.jmlp.loss.Loss;
import io.jmlp.loss.MeanSquaredError;
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
 * @param version           the format version, {@value #VERSION} (version 1, without {@code data}, is still read)
 * @param inputSize         features per example, after {@code inputPreprocessing}
 * @param inputPreprocessing how raw inputs were turned into features before training (the model expects the same)
 * @param loss              the training loss ({@link Loss#parse} form); it fixes how outputs are read
 * @param layers            the stages in order
 * @param data              what the inputs and outputs mean and how raw data is scaled ({@link ModelMetadata}); null in version 1
 */
public record NetworkDescription(
        String format,
        int version,
        int inputSize,
        String inputPreprocessing,
        String loss,
        List<LayerEntry> layers,
        DataEntry data) {
    public static final String FORMAT = "jmlp-model";
    public static final int VERSION = 2;
    /** The oldest version still read: it lacks {@code data}. */
    static final int FIRST_VERSION = 1;

    /**
     * {@code model.json}'s {@code data} object, the JSON form of {@link ModelMetadata}.
     *
     * @param task           {@code classification} or {@code regression}
     * @param features       feature columns the network takes (equals {@code inputSize})
     * @param featureNames   their names in network order, or null (new data is then matched by position)
     * @param classLabels    classification: the user's label for each output class, in index order
     * @param targetNames    regression: the target columns' names, or null
     * @param featureScaling the fitted feature scaler, applied before the network; null: none
     * @param targetScaling  regression: the target standardiser; the network predicts {@code (y − shift) / scale}; null: none
     */
    public record DataEntry(
            String task,
            Integer features,
            List<String> featureNames,
            List<String> classLabels,
            List<String> targetNames,
            ScalingEntry featureScaling,
            ScalingEntry targetScaling) {}

    /**
     * A fitted per-column affine map {@code x' = (x − shift) / scale}.
     *
     * @param kind  {@code standard} (mean, population std) or {@code minmax} (min, range)
     * @param shift one value per column
     * @param scale one value per column, non-zero
     */
    public record ScalingEntry(String kind, double[] shift, double[] scale) {}

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
    public record LayerEntry(
            String type,
            Integer in,
            Integer out,
            Boolean bias,
            Float eps,
            Float momentum,
            String activation,
            Float p,
            Boolean shared) {}

    /** Describes {@code spec} trained on data that {@code metadata} describes. */
    public static NetworkDescription of(MlpSpec spec, ModelMetadata metadata) {
        NetworkDescription layersOnly = of(spec, metadata.inputPreprocessing());
        return new NetworkDescription(
                FORMAT,
                VERSION,
                spec.inputSize(),
                metadata.inputPreprocessing(),
                spec.loss().name(),
                layersOnly.layers(),
                metadata.toEntry());
    }

    /**
     * Describes {@code spec}'s layers only, without {@code data} (for comparing networks and for
     * exports that need no metadata); {@code inputPreprocessing} documents what was done to raw inputs.
     */
    public static NetworkDescription of(MlpSpec spec, String inputPreprocessing) {
        List<LayerEntry> entries = new ArrayList<>();
        List<LayerSpec> layers = spec.layers();
        int size = spec.inputSize();
        for (int i = 0; i < layers.size(); i++) {
            LayerSpec layer = layers.get(i);
            LayerEntry entry;
            if (layer instanceof LayerSpec.DenseSpec d) {
                entry = new LayerEntry("linear", size, d.units(), spec.denseHasBias(i), null, null, null, null, null);
            } else if (layer instanceof LayerSpec.BatchNormSpec b) {
                entry = new LayerEntry("batch_norm", size, null, null, b.eps(), b.momentum(), null, null, null);
            } else if (layer instanceof LayerSpec.ActivationSpec a) {
                entry = new LayerEntry(
                        "activation",
                        null,
                        null,
                        null,
                        null,
                        null,
                        a.activation().cliName(),
                        null,
                        null);
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
        return new NetworkDescription(
                FORMAT,
                VERSION,
                spec.inputSize(),
                inputPreprocessing,
                spec.loss().name(),
                entries,
                null);
    }

    /** What {@code data} says (or, for version 1, what it assumed), checked against the network; fails naming the field. */
    public ModelMetadata metadata() {
        return ModelMetadata.fromEntry(data, toSpec(), inputPreprocessing);
    }

    /** The network this describes; a description that does not make a valid network fails naming the layer. */
    public MlpSpec toSpec() {
        if (!FORMAT.equals(format)) {
            throw new IllegalArgumentException(
                    "not a jmlp model description: format is '" + format + "', expected '" + FORMAT + "'");
        }
        if (version < FIRST_VERSION || version > VERSION) {
            throw new IllegalArgumentException(
                    "model format version " + version + " is not supported (this jmlp reads versions " + FIRST_VERSION
                            + " to " + VERSION + "; a newer jmlp wrote it?)");
        }
        if (version >= 2 && data == null) {
            throw new IllegalArgumentException(
                    "model description version " + version + " lacks 'data' (task, features, classes)");
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
                    require(
                            where,
                            e.in() != null && e.in() == size,
                            "input width " + e.in() + " but the previous stage gives " + size);
                    require(where, e.out() != null && e.out() >= 1, "output width " + e.out());
                    builder.dense(e.out());
                    size = e.out();
                }
                case "batch_norm" -> {
                    require(
                            where,
                            e.in() != null && e.in() == size,
                            "width " + e.in() + " but the previous stage gives " + size);
                    require(where, e.eps() != null && e.momentum() != null, "needs eps and momentum");
                    builder.batchNorm(e.eps(), e.momentum());
                }
                case "activation" -> builder.activation(Activation.parse(String.valueOf(e.activation())));
                case "dropout" -> builder.dropout(e.p() == null ? 0f : e.p());
                case "prelu" -> {
                    require(
                            where,
                            e.in() != null && e.in() == size,
                            "width " + e.in() + " but the previous stage gives " + size);
                    builder.prelu(Boolean.TRUE.equals(e.shared()));
                }
                default ->
                    throw new IllegalArgumentException("model description: " + where
                            + " has unknown type; expected linear, batch_norm, activation, dropout or prelu");
            }
        }
        Loss parsedLoss = Loss.parse(loss);
        if (parsedLoss instanceof MeanSquaredError && data != null && "regression".equals(data.task())) {
            parsedLoss = new MeanSquaredError(false);
        }
        MlpSpec spec = builder.loss(parsedLoss).build();
        // The bias flags are derived (MlpSpec.denseHasBias: none before batch norm); a file that disagrees was not
        // written by us.
        NetworkDescription rebuilt = of(spec, inputPreprocessing);
        for (int i = 0; i < layers.size(); i++) {
            if (layers.get(i).type().equals("linear")
                    && !java.util.Objects.equals(
                            layers.get(i).bias(), rebuilt.layers().get(i).bias())) {
                throw new IllegalArgumentException("model description: layer " + i + " says bias="
                        + layers.get(i).bias()
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
