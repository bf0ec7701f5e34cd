/**
 * Philox4x32-10, the counter-based generator every backend shares ({@link io.jmlp.random.Philox}):
 * a key and a counter map to random words with no state in between, so the CUDA and OpenCL kernels
 * and the Java backends draw bit-identical dropout masks for the same seed.
 * {@link io.jmlp.random.PhiloxStream} draws sequentially from one stream for the host-side randomness
 * (weight init, shuffles, splits, synthetic data), one stream per purpose, so adding a draw in one
 * place never shifts another.
 */
package io.jmlp.random;
