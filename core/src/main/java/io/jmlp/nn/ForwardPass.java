package io.jmlp.nn;

/**
 * How a forward pass runs: training (batch statistics, dropout drawn for this step) or inference
 * (running statistics, no dropout).
 *
 * @param seed the run's seed, which keys the dropout masks
 * @param step the 0-based optimizer step, which selects this step's masks
 */
public record ForwardPass(boolean training, long seed, long step) {

    public static ForwardPass inference() {
        return new ForwardPass(false, 0L, 0L);
    }

    public static ForwardPass training(long seed, long step) {
        return new ForwardPass(true, seed, step);
    }
}
