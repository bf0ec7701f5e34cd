/**
 * Trained networks on disk: a model directory holds {@code model.json}
 * ({@link io.jmlp.model.NetworkDescription}: the layers in PyTorch's {@code nn.Sequential} numbering,
 * plus {@link io.jmlp.model.ModelMetadata}: schema, scaler, labels) and {@code model.safetensors}
 * ({@link io.jmlp.model.Safetensors}), tensors named and shaped as PyTorch's {@code nn.Sequential} names
 * them ({@link io.jmlp.model.ModelFile}; docs/interop.md).
 * {@link io.jmlp.model.Checkpoint} adds the optimizer and training state for resuming, and
 * {@link io.jmlp.model.OnnxExport} writes the inference graph as ONNX. Writes go through
 * {@code io.jmlp.io}, so a crash leaves the old complete files or the new ones; a network with NaN
 * or infinite parameters is refused ({@link io.jmlp.model.NonFiniteModelException}).
 */
package io.jmlp.model;
