package io.jmlp.nn;

import io.jmlp.backend.Activation;
import io.jmlp.backend.Backend;
import io.jmlp.backend.Tensor;
import io.jmlp.loss.Loss;
import io.jmlp.random.Philox;
import io.jmlp.random.PhiloxStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A multilayer perceptron on one backend: its layers, and all trainable parameters in one flat
 * buffer (weights first, so regularisation covers a prefix), the gradients in a second buffer of
 * the same layout, and non-trainable state (batch-norm running statistics) in a third. An optimizer
 * step is then one op over the whole model.
 */
public final class Mlp implements AutoCloseable {
    private final MlpSpec spec;
    private final Backend backend;
    private final List<Layer> layers;
    private final List<ParameterSlot> parameterSlots;
    private final List<ParameterSlot> stateSlots;
    private final long decayedCount;
    private final Tensor parameters;
    private final Tensor gradients;
    private final Tensor states;

    private Mlp(
            MlpSpec spec,
            Backend backend,
            List<Layer> layers,
            List<String> layerNames,
            List<Integer> positions,
            WeightInit init,
            long seed) {
        this.spec = spec;
        this.backend = backend;
        this.layers = List.copyOf(layers);

        // Lay out the flat buffers: every decayed parameter (the weights) first, then the rest.
        List<ParameterSlot> params = new ArrayList<>();
        List<ParameterSlot> stateList = new ArrayList<>();
        long offset = 0;
        long decayed = 0;
        for (boolean decayedPass : new boolean[] {true, false}) {
            for (int i = 0; i < layers.size(); i++) {
                for (ParameterSpec p : layers.get(i).parameters()) {
                    if (p.decayed() == decayedPass) {
                        params.add(new ParameterSlot(layerNames.get(i) + "." + p.name(), p, offset));
                        offset += p.size();
                    }
                }
            }
            if (decayedPass) {
                decayed = offset;
            }
        }
        this.decayedCount = decayed;
        long stateOffset = 0;
        for (int i = 0; i < layers.size(); i++) {
            for (ParameterSpec s : layers.get(i).states()) {
                stateList.add(new ParameterSlot(layerNames.get(i) + "." + s.name(), s, stateOffset));
                stateOffset += s.size();
            }
        }
        this.parameterSlots = Collections.unmodifiableList(params);
        this.stateSlots = Collections.unmodifiableList(stateList);

        int parameterCount = Math.toIntExact(offset);
        parameters = Tensor.of(backend, 1, parameterCount, initialValues(params, parameterCount, init, seed));
        gradients = Tensor.zeros(backend, 1, parameterCount);
        int stateCount = Math.toIntExact(stateOffset);
        states = Tensor.of(
                backend, 1, Math.max(stateCount, 1), initialValues(stateList, Math.max(stateCount, 1), init, seed));

        for (int i = 0; i < layers.size(); i++) {
            Layer layer = layers.get(i);
            List<Tensor> p = new ArrayList<>();
            List<Tensor> g = new ArrayList<>();
            List<Tensor> s = new ArrayList<>();
            String prefix = layerNames.get(i) + ".";
            for (ParameterSpec ps : layer.parameters()) {
                ParameterSlot slot = find(params, prefix + ps.name());
                p.add(parameters.view(slot.offset(), ps.rows(), ps.cols()));
                g.add(gradients.view(slot.offset(), ps.rows(), ps.cols()));
            }
            for (ParameterSpec ss : layer.states()) {
                ParameterSlot slot = find(stateList, prefix + ss.name());
                s.add(states.view(slot.offset(), ss.rows(), ss.cols()));
            }
            layer.attach(new LayerBinding(backend, positions.get(i), p, g, s));
        }
    }

    /**
     * Builds {@code spec} on {@code backend} with weights drawn by {@code init} from the Philox
     * stream of {@code seed}: the same seed gives the same initial model on every backend.
     */
    public static Mlp create(MlpSpec spec, Backend backend, WeightInit init, long seed) {
        List<Layer> layers = new ArrayList<>();
        List<String> names = new ArrayList<>();
        // Each layer's position keys its dropout stream. A batch norm fused with its activation still
        // counts as the two layers it was before that fusion existed, so the dropout masks of a given
        // network and seed stay what they were.
        List<Integer> positions = new ArrayList<>();
        int position = 0;
        List<LayerSpec> specs = spec.layers();
        int size = spec.inputSize();
        for (int i = 0; i < specs.size(); i++) {
            LayerSpec s = specs.get(i);
            LayerSpec next = i + 1 < specs.size() ? specs.get(i + 1) : null;
            Layer layer;
            names.add(Integer.toString(i));
            positions.add(position++);
            if (s instanceof LayerSpec.DenseSpec d) {
                boolean bias = spec.denseHasBias(i);
                Activation fused = Activation.IDENTITY;
                if (bias && next instanceof LayerSpec.ActivationSpec a) {
                    fused = a.activation();
                    i++; // the activation is part of this layer now
                }
                layer = new Dense(size, d.units(), bias, fused);
            } else if (s instanceof LayerSpec.BatchNormSpec bn && next instanceof LayerSpec.ActivationSpec a) {
                // Batch norm and the activation after it run as one op each way (Backend#batchNormForwardTraining).
                layer = new BatchNorm(size, bn.eps(), bn.momentum(), a.activation());
                i++; // the activation is part of this layer now
                position++;
            } else if (s instanceof LayerSpec.BatchNormSpec bn) {
                layer = new BatchNorm(size, bn.eps(), bn.momentum());
            } else if (s instanceof LayerSpec.ActivationSpec a) {
                layer = new ActivationLayer(size, a.activation());
            } else if (s instanceof LayerSpec.DropoutSpec d) {
                layer = new Dropout(size, d.p());
            } else if (s instanceof LayerSpec.PReluSpec p) {
                layer = new PRelu(size, p.shared());
            } else {
                throw new IllegalStateException("no runtime layer for " + s); // LayerSpec is sealed: unreachable
            }
            layers.add(layer);
            size = layer.outputSize();
        }
        return new Mlp(spec, backend, layers, names, positions, init, seed);
    }

    private static ParameterSlot find(List<ParameterSlot> slots, String name) {
        return slots.stream()
                .filter(s -> s.name().equals(name))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("no slot named " + name));
    }

    private static float[] initialValues(List<ParameterSlot> slots, int length, WeightInit init, long seed) {
        float[] values = new float[length];
        for (int k = 0; k < slots.size(); k++) {
            ParameterSlot slot = slots.get(k);
            ParameterSpec p = slot.spec();
            int base = Math.toIntExact(slot.offset());
            if (p.random()) {
                // One stream per slot, so adding a layer never shifts the weights of the others.
                PhiloxStream rng = new PhiloxStream(seed, Philox.Purpose.WEIGHT_INIT, k);
                for (int e = 0; e < p.size(); e++) {
                    values[base + e] = (float) init.sample(rng, p.rows(), p.cols());
                }
            } else {
                java.util.Arrays.fill(values, base, base + Math.toIntExact(p.size()), p.constant());
            }
        }
        return values;
    }

    /** Runs {@code x = [n × inputSize]} through every layer; returns the output {@code [n × outputSize]}. */
    public Tensor forward(Tensor x, ForwardPass pass) {
        if (x.cols() != spec.inputSize()) {
            throw new IllegalArgumentException("the network takes " + spec.inputSize() + " inputs per row, got " + x);
        }
        Tensor h = x;
        for (Layer layer : layers) {
            h = layer.forward(h, pass);
        }
        return h;
    }

    /** Back-propagates {@code dOutput} (from the loss) and writes every parameter gradient. */
    public void backward(Tensor dOutput) {
        Tensor d = dOutput;
        for (int i = layers.size() - 1; i >= 0; i--) {
            d = layers.get(i).backward(d, i > 0);
        }
    }

    public MlpSpec spec() {
        return spec;
    }

    public Loss loss() {
        return spec.loss();
    }

    public Backend backend() {
        return backend;
    }

    public List<Layer> layers() {
        return layers;
    }

    public int inputSize() {
        return spec.inputSize();
    }

    public int outputSize() {
        return spec.outputSize();
    }

    /** All trainable parameters, {@code [1 × parameterCount]}. */
    public Tensor parameters() {
        return parameters;
    }

    /** Gradients, same layout as {@link #parameters()}. */
    public Tensor gradients() {
        return gradients;
    }

    /** Non-trainable state (running statistics); a single unused zero when the model has none. */
    public Tensor states() {
        return states;
    }

    /** How many leading elements of {@link #parameters()} are weights (regularised). */
    public long decayedCount() {
        return decayedCount;
    }

    /**
     * Views of the weight matrices {@code [in × out]} of the dense layers (the regularised
     * parameters), in layer order: column {@code j} holds neuron {@code j}'s incoming weights.
     */
    public List<Tensor> weightMatrices() {
        List<Tensor> views = new ArrayList<>();
        for (ParameterSlot slot : parameterSlots) {
            if (slot.spec().decayed()) {
                views.add(parameters.view(
                        slot.offset(), slot.spec().rows(), slot.spec().cols()));
            }
        }
        return views;
    }

    public long parameterCount() {
        return parameters.size();
    }

    public List<ParameterSlot> parameterSlots() {
        return parameterSlots;
    }

    public List<ParameterSlot> stateSlots() {
        return stateSlots;
    }

    /** One line: widths, layers, parameter count. */
    public String summary() {
        StringBuilder sb = new StringBuilder(spec.widths()).append(" [");
        for (int i = 0; i < layers.size(); i++) {
            sb.append(i == 0 ? "" : ", ").append(layers.get(i).describe());
        }
        return sb.append("], ")
                .append(String.format("%,d", parameterCount()))
                .append(" parameters, loss ")
                .append(spec.loss().name())
                .toString();
    }

    @Override
    public void close() {
        for (Layer layer : layers) {
            layer.close();
        }
        parameters.close();
        gradients.close();
        states.close();
    }
}
