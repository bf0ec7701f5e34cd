/**
 * The network: {@link io.jmlp.nn.MlpSpec} says what it is, independent of any backend (a list of
 * {@link io.jmlp.nn.LayerSpec}s and a loss), and {@link io.jmlp.nn.Mlp#create} builds it on a backend
 * as runtime {@link io.jmlp.nn.Layer}s ({@link io.jmlp.nn.Dense} with its activation fused in,
 * {@link io.jmlp.nn.BatchNorm}, {@link io.jmlp.nn.PRelu}, {@link io.jmlp.nn.Dropout}, …). All
 * trainable parameters live in one flat device buffer (weights first), gradients in a second of the
 * same layout, so an optimizer step is one backend op; layers hold views into them and their own
 * reusable workspaces. Weights are drawn on the host from the shared Philox generator
 * ({@link io.jmlp.nn.WeightInit}), so every backend starts from the same values.
 */
package io.jmlp.nn;
