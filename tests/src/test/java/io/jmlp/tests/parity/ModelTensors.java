package io.jmlp.tests.parity;

import io.jmlp.nn.Mlp;
import io.jmlp.nn.ParameterSlot;
import java.util.LinkedHashMap;
import java.util.Map;

/** A trained model's tensors by name, and the distance the training-parity tests compare them by. */
final class ModelTensors {
    private ModelTensors() {}

    /** Every parameter and state tensor (running statistics) of {@code model}, downloaded, by slot name. */
    static Map<String, float[]> byName(Mlp model) {
        Map<String, float[]> tensors = new LinkedHashMap<>();
        float[] params = model.parameters().toHost();
        float[] states = model.states().toHost();
        for (ParameterSlot slot : model.parameterSlots()) {
            tensors.put(slot.name(), slice(params, slot));
        }
        for (ParameterSlot slot : model.stateSlots()) {
            tensors.put(slot.name(), slice(states, slot));
        }
        return tensors;
    }

    private static float[] slice(float[] all, ParameterSlot slot) {
        float[] out = new float[Math.toIntExact(slot.spec().size())];
        System.arraycopy(all, Math.toIntExact(slot.offset()), out, 0, out.length);
        return out;
    }

    /** max |a − b| / max |b|. */
    static double relativeDistance(float[] a, float[] b) {
        double diff = 0;
        double scale = 0;
        for (int i = 0; i < a.length; i++) {
            diff = Math.max(diff, Math.abs((double) a[i] - b[i]));
            scale = Math.max(scale, Math.abs(b[i]));
        }
        return scale == 0 ? diff : diff / scale;
    }
}
