/**
 * Tests that run across modules against every backend present ({@link io.jmlp.tests.TestBackends}: a
 * missing backend is skipped with its reason, or fails under {@code -Djmlp.require=…}): gradient
 * checks of the reference, backend selection, API misuse and bad device input, leaks, batch norm
 * and training on moons against the Bayes-optimal classifier. The op-by-op parity suite is in
 * {@code io.jmlp.tests.parity}, every op's contract (bad input, use after close) in
 * {@code io.jmlp.tests.contract}; estimator, model-file, optimizer and trainer tests are in the
 * packages beside it.
 */
package io.jmlp.tests;
