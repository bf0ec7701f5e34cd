package io.jmlp.nn;

import io.jmlp.backend.Backend;
import io.jmlp.backend.Tensor;
import java.util.List;

/**
 * What {@link Mlp} hands a layer when it is placed in the model.
 *
 * @param backend    where the layer computes
 * @param index      the layer's position in the model (keys its dropout stream)
 * @param parameters views into the flat parameter buffer, in the order of {@link Layer#parameters()}
 * @param gradients  views into the flat gradient buffer, same order
 * @param states     views into the flat state buffer, in the order of {@link Layer#states()}
 */
public record LayerBinding(
        Backend backend, int index, List<Tensor> parameters, List<Tensor> gradients, List<Tensor> states) {}
