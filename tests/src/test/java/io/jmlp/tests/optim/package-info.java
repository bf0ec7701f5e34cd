/**
 * One update of every optimizer rule ({@code io.jmlp.backend.UpdateRule}) on every backend, against
 * values worked out by hand from PyTorch's formulas, each written in the test as the arithmetic that
 * gives it; and the named optimizers' defaults.
 */
package io.jmlp.tests.optim;
