package io.jmlp.estimator;

import io.jmlp.backend.Backend;
import io.jmlp.backend.Tensor;
import io.jmlp.model.ModelFile;
import io.jmlp.model.ModelMetadata;
import io.jmlp.nn.ForwardPass;
import io.jmlp.nn.Mlp;
import io.jmlp.nn.MlpSpec;
import io.jmlp.nn.WeightInit;
import java.io.IOException;
import java.nio.file.Path;

/**
 * A trained network held in host memory: its description, its flat parameter and state buffers,
 * and how many optimizer steps made it. A fitted model keeps one of these rather than device
 * buffers, so that it owns nothing native between calls and needs no closing; each prediction
 * uploads it (a few hundred kilobytes for the seed network), runs the forward pass and frees it.
 */
final class TrainedNetwork {
    /** Rows per forward pass: bounds the device memory of a prediction on millions of rows. */
    private static final int BATCH_ROWS = 1000;

    private final MlpSpec spec;
    private final float[] parameters;
    private final float[] states;
    private final long steps;

    private TrainedNetwork(MlpSpec spec, float[] parameters, float[] states, long steps) {
        this.spec = spec;
        this.parameters = parameters;
        this.states = states;
        this.steps = steps;
    }

    /** Downloads {@code model}'s parameters and batch-norm statistics. */
    static TrainedNetwork of(Mlp model, long steps) {
        return new TrainedNetwork(
                model.spec(), model.parameters().toHost(), model.states().toHost(), steps);
    }

    MlpSpec spec() {
        return spec;
    }

    long steps() {
        return steps;
    }

    /** The network on {@code backend}, holding the trained values; the caller closes it. */
    Mlp onto(Backend backend) {
        // The initial values are all overwritten; the scheme only has to be valid.
        Mlp model = Mlp.create(spec, backend, WeightInit.PYTORCH_DEFAULT, 0);
        try {
            backend.write(model.parameters(), parameters, 0);
            backend.write(model.states(), states, 0);
            return model;
        } catch (RuntimeException e) {
            model.close();
            throw e;
        }
    }

    /** Writes the network and {@code metadata} as {@code jmlp train --save} does ({@link ModelFile}), through a backend opened for it. */
    void save(Path directory, ModelMetadata metadata, BackendChoice where) throws IOException {
        try (BackendChoice.Lease lease = where.open(false);
                Mlp model = onto(lease.backend())) {
            ModelFile.save(directory, model, metadata, steps);
        }
    }

    /** Reads a model directory ({@link ModelFile#load}) into host memory, with what its {@code model.json} says about the data. */
    static Loaded load(Path directory, BackendChoice where) throws IOException {
        try (BackendChoice.Lease lease = where.open(false)) {
            ModelFile.Loaded loaded = ModelFile.load(directory, lease.backend());
            try (Mlp model = loaded.model()) {
                return new Loaded(of(model, 0), loaded.metadata());
            }
        }
    }

    /** A network read from a model directory, and what its inputs and outputs mean. */
    record Loaded(TrainedNetwork network, ModelMetadata metadata) {}

    /** Raw network outputs {@code [rows × outputSize]}, row-major, for row-major {@code features} (inference mode). */
    float[] outputs(float[] features, int rows, BackendChoice where) {
        int cols = spec.inputSize();
        int outputs = spec.outputSize();
        float[] result = new float[rows * outputs];
        try (BackendChoice.Lease lease = where.open(false);
                Mlp model = onto(lease.backend())) {
            for (int first = 0; first < rows; first += BATCH_ROWS) {
                int n = Math.min(BATCH_ROWS, rows - first);
                float[] batch = new float[n * cols];
                System.arraycopy(features, first * cols, batch, 0, batch.length);
                try (Tensor x = Tensor.of(lease.backend(), n, cols, batch)) {
                    float[] out = model.forward(x, ForwardPass.inference()).toHost();
                    System.arraycopy(out, 0, result, first * outputs, n * outputs);
                }
            }
        }
        return result;
    }
}
