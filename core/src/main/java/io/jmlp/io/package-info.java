/**
 * File-system steps that a crash, a kill or a full disk cannot leave half done: atomic file
 * writes ({@link io.jmlp.io.AtomicWrite}), several files of a directory replaced as one step
 * ({@link io.jmlp.io.FileSetCommit}), whole directories published and retired by rename
 * ({@link io.jmlp.io.Directories}), and an exclusive lock on a directory jmlp writes into
 * ({@link io.jmlp.io.DirectoryLock}). {@code io.jmlp.model} writes models and checkpoints through
 * them; the guarantees and their tests are listed in docs/reliability.md.
 */
package io.jmlp.io;
