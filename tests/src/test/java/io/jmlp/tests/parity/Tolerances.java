package io.jmlp.tests.parity;

/**
 * Every parity tolerance, in one place, with its reasoning. The unit roundoff of float32 is
 * u = 2⁻²⁴ ≈ 6.0e-8. A tolerance is loose enough for any correct float32 implementation (any
 * summation order, FMA or not, a few-ulp libm) and tight enough that a wrong formula, a wrong
 * index or lowered precision (TF32, half) fails by orders of magnitude. Never widen one to make a
 * backend pass: fix the backend.
 */
public final class Tolerances {
    private Tolerances() {}

    public static final double U = 0x1.0p-24;

    /** Data movement and integer results. */
    public static final Tolerance EXACT = Tolerance.exact(
            "copies, gathers, fills, argmax, counts and Philox dropout masks involve no rounding at all; "
                    + "a product of two floats (scale, multiply, mask application) is one correctly rounded operation everywhere");

    /** Dot products and sums: C = αAB + βC, column sums, sums of squares. */
    public static final Tolerance SUMS = Tolerance.sumBound(
            2.0,
            "a float32 sum of k terms errs by at most γₖ·Σ|terms| with γₖ ≈ k·u in any order (Higham, "
                    + "Accuracy and Stability of Numerical Algorithms, §3.1), blocked, pairwise or with FMA; "
                    + "×2 covers the reference's own final rounding. TF32 (u = 2⁻¹¹) exceeds it ~8000×.");

    /** Elementwise transcendental functions: activations and their derivatives, softmax probabilities. */
    public static final Tolerance TRANSCENDENTAL = Tolerance.elementwise(
            1e-5,
            1e-6,
            "float exp/tanh/log1p/expm1 are within 4 ulp in CUDA and OpenCL's full profile; with a bias add "
                    + "and a product or two that is < 1e-6 relative; 10× margin. atol covers results near zero "
                    + "(swish, GELU, softplus of large negative z) whose error is relative to the input, not the output.");

    /** Loss gradients, (p − y)/n and friends. */
    public static final Tolerance LOSS_GRADIENT = Tolerance.elementwise(
            2e-5,
            1e-8,
            "softmax needs a max, a sum of n exps (≤ n·u relative) and a division; the values are ≤ 1/n, so "
                    + "atol is scaled down accordingly");

    /** Summed per-sample losses over a batch. */
    public static final Tolerance LOSS_SUM = Tolerance.elementwise(
            5e-5,
            1e-6,
            "a sum of up to 257 positive per-row losses, each a few ulp off: ≤ 257·u ≈ 1.5e-5 relative, plus the log-sum-exp");

    /** Batch-norm forward and backward. */
    public static final Tolerance BATCH_NORM = Tolerance.normwise(
            1e-4,
            1e-6,
            "mean and variance are float sums over up to 257 rows (≤ n·u ≈ 1.5e-5 relative each), then "
                    + "normalised; the backward pass subtracts nearly equal terms, so the error is relative to "
                    + "the output's scale. A biased/unbiased mix-up (factor n/(n−1)) or a missing eps fails it.");

    /** One optimizer step over the flat parameter buffer. */
    public static final Tolerance OPTIMIZER = Tolerance.elementwise(
            1e-5,
            1e-7,
            "a handful of roundings per element (moments, square root, division); the step itself is "
                    + "~lr-sized against weights ~1, so a wrong bias correction or a missing term is off by ~1e-3");

    /** y += αx, max-norm scaling. */
    public static final Tolerance ONE_OR_TWO_ROUNDINGS =
            Tolerance.elementwise(1e-6, 1e-7, "two roundings, or one with FMA: ≤ 2u relative to the operands");

    /** Max-norm: each column scaled by maxNorm/‖column‖. */
    public static final Tolerance MAX_NORM = Tolerance.elementwise(
            5e-5,
            1e-7,
            "a column's norm is a float sum of up to 257 squares (≤ n·u ≈ 1.5e-5 relative), a square root "
                    + "and a division, then one multiply per element");

    /**
     * Parameters after 50 training steps of the seed network. Not fixed: the suite measures how far
     * float32 rounding alone moves the trajectory (the reference in float32 vs in float64 storage)
     * and allows a backend 10× that distance from the float32 reference, per parameter tensor,
     * with this value as a floor.
     */
    public static final Tolerance TRAINING_FLOOR = Tolerance.normwise(
            1e-5,
            0,
            "floor of the 50-step training tolerance; the actual bound is 10× the measured float32-vs-float64 "
                    + "drift of the reference itself");

    /**
     * Outputs of a whole network in inference mode (a model saved on one backend and loaded on another).
     */
    public static final Tolerance NETWORK_OUTPUT = Tolerance.normwise(
            1e-4,
            1e-6,
            "three dense layers, each a float32 dot product of up to 784 terms (≤ k·u ≈ 5e-5 of Σ|terms|, in any "
                    + "order), batch norm from running statistics and activations, relative to the outputs' scale; "
                    + "a transposed or misplaced weight matrix changes outputs by O(1)");
}
