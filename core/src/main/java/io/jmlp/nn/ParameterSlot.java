package io.jmlp.nn;

/**
 * Where one named tensor lives in a model's flat buffer.
 *
 * @param name   the PyTorch-style name, "{sequential index}.{local name}", e.g. "0.weight", "1.running_var"
 * @param spec   shape and initialisation
 * @param offset element offset in the flat parameter (or state) buffer
 */
public record ParameterSlot(String name, ParameterSpec spec, long offset) {}
