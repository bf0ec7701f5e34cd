/**
 * The trainer-side menu items on the reference backend: full-batch and single-example steps,
 * gradient-norm clipping, the max-norm constraint, and early stopping with the best epoch's weights
 * restored.
 */
package io.jmlp.tests.train;
