package io.jmlp.nn;

import io.jmlp.backend.Tensor;

/**
 * How a forward pass runs: training (batch statistics, dropout drawn for this step) or inference
 * (running statistics, no dropout).
 *
 * @param seed  the run's seed, which keys the dropout masks
 * @param step  the 0-based optimizer step, which selects this step's masks (when {@code clock} is null)
 * @param clock the trainer's step clock on the device (see {@link io.jmlp.backend.Backend}), whose
 *              second entry is the step: then the masks are chosen on the device and the pass is
 *              queued the same way every step; null: {@code step} is used
 */
public record ForwardPass(boolean training, long seed, long step, Tensor clock) {

    public static ForwardPass inference() {
        return new ForwardPass(false, 0L, 0L, null);
    }

    public static ForwardPass training(long seed, long step) {
        return new ForwardPass(true, seed, step, null);
    }

    /** A training pass whose step is read from {@code clock} on the device. */
    public static ForwardPass training(long seed, Tensor clock) {
        return new ForwardPass(true, seed, 0L, clock);
    }
}
