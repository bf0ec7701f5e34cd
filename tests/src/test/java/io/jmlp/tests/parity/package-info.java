/**
 * The backend-parity suite: every op on every backend present against {@code ReferenceBackend} on
 * seeded random inputs ({@link io.jmlp.tests.parity.ParityCheck}, {@link io.jmlp.tests.parity.Inputs}),
 * each output within its tolerance from {@link io.jmlp.tests.parity.Tolerances} (one place, each with
 * its reasoning), then 50 training steps of the seed network. Every comparison's worst error lands in
 * {@code tests/target/parity-report.md} ({@link io.jmlp.tests.parity.ParityReport}).
 */
package io.jmlp.tests.parity;
