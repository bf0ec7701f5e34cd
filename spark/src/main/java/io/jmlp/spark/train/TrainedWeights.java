package io.jmlp.spark.train;

import io.jmlp.backend.Backend;
import io.jmlp.model.ModelFile;
import io.jmlp.model.ModelMetadata;
import io.jmlp.model.NetworkDescription;
import io.jmlp.nn.Mlp;
import io.jmlp.nn.WeightInit;
import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Path;

/**
 * A trained network as plain values — its description ({@code model.json} text), the flat
 * parameter and running-statistics vectors, and the steps it was trained for — so a Spark model
 * can be broadcast to executors and rebuilt there on whatever backend a task opens.
 */
public record TrainedWeights(String network, float[] parameters, float[] states, long steps) implements Serializable {

    /** The network on {@code backend} with these weights; the caller closes it. */
    public Mlp toMlp(Backend backend) {
        Mlp model = Mlp.create(NetworkDescription.fromJson(network).toSpec(), backend, WeightInit.PYTORCH_DEFAULT, 0);
        try {
            backend.write(model.parameters(), parameters, 0);
            backend.write(model.states(), states, 0);
            return model;
        } catch (RuntimeException e) {
            model.close();
            throw e;
        }
    }

    /** What {@code model} holds now. */
    public static TrainedWeights of(Mlp model, String inputPreprocessing, long steps) {
        return new TrainedWeights(
                NetworkDescription.of(model.spec(), ModelMetadata.unnamed(model.spec(), inputPreprocessing))
                        .toJson(),
                model.parameters().toHost(),
                model.states().toHost(),
                steps);
    }

    /** Writes jmlp's model directory ({@code model.json} + {@code model.safetensors}), which {@code jmlp predict} and PyTorch read. */
    public void save(Path directory, Backend backend) throws IOException {
        try (Mlp model = toMlp(backend)) {
            ModelFile.save(
                    directory,
                    model,
                    ModelMetadata.unnamed(
                            model.spec(), NetworkDescription.fromJson(network).inputPreprocessing()),
                    steps);
        }
    }

    /** Reads a model directory written by {@link #save} (or by {@code jmlp train --save}). */
    public static TrainedWeights load(Path directory, Backend backend) throws IOException {
        ModelFile.Loaded loaded = ModelFile.load(directory, backend);
        try (Mlp model = loaded.model()) {
            return new TrainedWeights(
                    loaded.description().toJson(),
                    model.parameters().toHost(),
                    model.states().toHost(),
                    0);
        }
    }
}
