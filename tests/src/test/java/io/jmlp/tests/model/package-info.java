/**
 * Model files across backends: a model trained and saved on the reference loads on every backend
 * with its weights bit for bit and predicts the same; the tensors are named and shaped as PyTorch's
 * {@code nn.Sequential} expects; damaged files fail with their reason; a resumed checkpoint ends
 * bit-identical to an uninterrupted run; and ONNX Runtime computes what jmlp computes on an
 * exported network.
 */
package io.jmlp.tests.model;
