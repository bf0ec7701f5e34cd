package io.jmlp.backend;

/**
 * A compute device and the fixed set of fused primitive ops that make up an MLP training step.
 *
 * <p>All data are row-major {@link Tensor}s on this backend ({@code float32} unless an op says
 * {@code int32}). Ops are asynchronous: they are queued on the backend's one stream/queue in call
 * order, and only {@link #read}, {@link Tensor#toHost()} and {@link #synchronize()} wait. Output
 * tensors must not overlap inputs unless an op says so.
 *
 * <p>A backend extends {@link CheckedBackend}, the checking front: each op here is a final
 * method there that refuses a closed backend and runs the op's {@link OpContracts} check (types,
 * shapes, aliasing, tensors of this backend whose buffers are open) before it calls the device's
 * {@code …Unchecked} hook, so a bad call fails the same way on every backend, with an
 * {@link IllegalArgumentException} (bad arguments) or {@link IllegalStateException} (anything
 * closed) that names the op, before anything is queued. Only what the data alone can reveal (a
 * label or row index out of range) is found while the op runs, and a device reports it at the next
 * wait.
 *
 * <p>The defining semantics of each op are those of {@code ReferenceBackend} (module
 * {@code cpu-fallback}); the parity suite holds every other backend to them.
 *
 * <p><b>The step clock.</b> What changes from one training step to the next — which rows of the
 * epoch's permutation the batch takes, which dropout masks are drawn, the learning rate and Adam's
 * bias corrections — is read on the device from a <em>step clock</em>: an {@code int32 [1 × 2]}
 * tensor {@code {step within the epoch, step since training began}} (both 0-based) that
 * {@link #advanceClock} moves on after each step. The ops that take one ({@link #gatherRows(Tensor,
 * Tensor, Tensor, int, Tensor)}, {@link #dropoutForward(Tensor, float, long, long, Tensor, Tensor,
 * Tensor)}, {@link #optimizerUpdate}) are therefore queued with the same arguments every step: the
 * host never waits or uploads between steps, and a recorded step (a CUDA graph) can be replayed.
 *
 * <p>Thread confinement: a backend may be called from any thread, but from one at a time.
 */
public interface Backend extends AutoCloseable {

    /** The provider name: "reference", "cpu", "opencl", "cuda". */
    String name();

    /** What this backend runs on, for logs and summaries (e.g. "NVIDIA H100 80GB HBM3, CUDA 13.0"). */
    String deviceDescription();

    // ---- memory -------------------------------------------------------------------------

    /** A zero-filled buffer of {@code length} elements. Prefer {@link Tensor#allocate}. */
    DeviceBuffer allocate(DType dtype, long length);

    /** Copies {@code dst.size()} floats from {@code src[srcOffset…]} into {@code dst}. */
    void write(Tensor dst, float[] src, int srcOffset);

    /** Copies {@code dst.size()} ints from {@code src[srcOffset…]} into an {@code int32} {@code dst}. */
    void write(Tensor dst, int[] src, int srcOffset);

    /** Waits for queued work, then copies {@code src} into {@code dst[dstOffset…]}. */
    void read(Tensor src, float[] dst, int dstOffset);

    /** Waits for queued work, then copies an {@code int32} {@code src} into {@code dst[dstOffset…]}. */
    void read(Tensor src, int[] dst, int dstOffset);

    /** Blocks until every queued op has finished. */
    void synchronize();

    /** Buffers allocated on this backend and not yet freed. */
    int liveBuffers();

    // ---- linear algebra -----------------------------------------------------------------

    /**
     * {@code C = alpha·op(A)·op(B) + beta·C}, with {@code op(X) = Xᵀ} when the flag is set.
     * Shapes: {@code op(A)} is {@code [m × k]}, {@code op(B)} is {@code [k × n]}, {@code C} is {@code [m × n]}.
     * With {@code beta == 0}, {@code C}'s old contents are ignored (NaN included).
     */
    void gemm(boolean transposeA, boolean transposeB, float alpha, Tensor a, Tensor b, float beta, Tensor c);

    /** {@code out[0, j] = beta·out[0, j] + Σᵢ x[i, j]}: bias gradients. {@code out} is {@code [1 × x.cols]}. */
    void sumRows(Tensor x, float beta, Tensor out);

    // ---- activations --------------------------------------------------------------------

    /**
     * Fused bias and activation: {@code z[i, j] += bias[0, j]} (in place; skipped when {@code bias}
     * is null), then {@code a = f(z)}. {@code a} may be the same view as {@code z}, but only for the
     * identity, where {@code a = z} and nothing else is written.
     */
    void biasActivationForward(Tensor z, Tensor bias, Activation activation, Tensor a);

    /** {@code dz = da ⊙ f'(z)}, given {@code z} and {@code a = f(z)}. {@code dz} may alias {@code da}. */
    void activationBackward(Activation activation, Tensor z, Tensor a, Tensor da, Tensor dz);

    /**
     * PReLU: {@code y = x > 0 ? x : slope·x}, with {@code slope} either {@code [1 × 1]} (shared) or
     * {@code [1 × x.cols]} (one per neuron).
     */
    void preluForward(Tensor x, Tensor slope, Tensor y);

    /** PReLU gradients: {@code dx = dy ⊙ (x > 0 ? 1 : slope)}; {@code dSlope = Σ dy·x over x <= 0} (overwritten). */
    void preluBackward(Tensor x, Tensor slope, Tensor dy, Tensor dx, Tensor dSlope);

    // ---- batch normalisation ------------------------------------------------------------

    /**
     * Training-mode batch norm over the rows of {@code x} ({@code [n × m]}), with PyTorch's
     * conventions, fused with the activation after it: {@code mean} and biased {@code var} of each
     * column; {@code y = γ·(x − mean)/√(var + eps) + β}, then {@code a = f(y)} in the same pass (one
     * launch instead of two, and {@code y} is not read back); {@code running = (1 − momentum)·running
     * + momentum·batch}, with the unbiased variance {@code var·n/(n − 1)} ({@code var} itself when
     * n = 1). Saves {@code mean} and {@code 1/√(var + eps)} ({@code [1 × m]} each) for the backward
     * pass, which also needs {@code y} and {@code a} as written here. {@code a} may be the same view
     * as {@code y}, but only for the identity (as in {@link #biasActivationForward}); the identity is
     * batch norm alone.
     */
    void batchNormForwardTraining(
            Tensor x,
            Tensor gamma,
            Tensor beta,
            float eps,
            float momentum,
            Tensor runningMean,
            Tensor runningVar,
            Activation activation,
            Tensor y,
            Tensor a,
            Tensor savedMean,
            Tensor savedInvStd);

    /**
     * Inference-mode batch norm fused with the activation after it:
     * {@code y = f(γ·(x − runningMean)/√(runningVar + eps) + β)}.
     */
    void batchNormForwardInference(
            Tensor x,
            Tensor gamma,
            Tensor beta,
            float eps,
            Tensor runningMean,
            Tensor runningVar,
            Activation activation,
            Tensor y);

    /**
     * Batch-norm gradients through the activation after it, from what
     * {@link #batchNormForwardTraining} wrote ({@code y}, {@code a = f(y)} and the saved statistics):
     * first {@code dy = da ⊙ f'(y)}, exactly as {@link #activationBackward} computes it, never
     * stored; then, with {@code x̂ = (x − mean)·invStd}, {@code dβ = Σ dy}, {@code dγ = Σ dy·x̂}
     * (both overwritten) and {@code dx = γ·invStd/n · (n·dy − dβ − x̂·dγ)}. For the identity,
     * {@code y} and {@code a} are not read and may be null ({@code dy = da}). {@code dx} may alias
     * {@code da}.
     */
    void batchNormBackward(
            Tensor x,
            Activation activation,
            Tensor y,
            Tensor a,
            Tensor da,
            Tensor gamma,
            Tensor savedMean,
            Tensor savedInvStd,
            Tensor dx,
            Tensor dGamma,
            Tensor dBeta);

    // ---- dropout ------------------------------------------------------------------------

    /**
     * Inverted dropout with counter-based randomness: element {@code e} (row-major index in
     * {@code x}) is kept when {@link io.jmlp.random.Philox#dropoutKeeps} says so for
     * {@code (seed, stream, e, p)}; {@code mask[e] = kept ? 1/(1−p) : 0} (the scale rounded to float
     * on the host, {@link io.jmlp.random.Philox#dropoutScale}); {@code y = x ⊙ mask}. Identical masks on
     * every backend for the same arguments.
     */
    void dropoutForward(Tensor x, float p, long seed, long stream, Tensor mask, Tensor y);

    /**
     * {@link #dropoutForward(Tensor, float, long, long, Tensor, Tensor)} with the stream taken from the
     * step clock when the op runs: {@code stream = streamBase + (clock[1] << 16)} (the step in the
     * bits above a layer's index, as {@code io.jmlp.nn.Dropout#stream} numbers them).
     */
    void dropoutForward(Tensor x, float p, long seed, long streamBase, Tensor clock, Tensor mask, Tensor y);

    /** Elementwise {@code out = a ⊙ b} (dropout's backward pass: {@code dx = dy ⊙ mask}). {@code out} may alias either input. */
    void multiply(Tensor a, Tensor b, Tensor out);

    // ---- losses (each writes ∂(mean loss)/∂output and ADDS the batch's summed loss to lossSum[0]) ----

    /**
     * Fused softmax and cross-entropy over rows: {@code p = softmax(logits[i])},
     * {@code loss_i = −log p[label_i]}, {@code dLogits = (p − onehot(label))/n}. {@code labels} is an
     * {@code int32 [n × 1]} tensor of class indices in {@code [0, logits.cols)}. When
     * {@code correctSum} ({@code [1 × 1]}) is not null, the same pass also adds to it how many rows
     * have {@code argmax_j logits[i, j] == labels[i]} (the first maximum on ties, as
     * {@link #countCorrect}): the training step's accuracy without a second launch. With one column
     * the argmax is always 0 (softmax puts all probability on the only class), not
     * {@link #countCorrect}'s logit rule, which is for a sigmoid output.
     */
    void softmaxCrossEntropy(Tensor logits, Tensor labels, Tensor dLogits, Tensor lossSum, Tensor correctSum);

    /**
     * Sigmoid and binary cross-entropy on a single output column: {@code loss_i = softplus(z) − t·z}
     * (the stable form of {@code −t·log σ(z) − (1−t)·log(1−σ(z))}), {@code dz = (σ(z) − t)/n};
     * {@code targets} is float {@code [n × 1]} in [0, 1].
     */
    void sigmoidBinaryCrossEntropy(Tensor logits, Tensor targets, Tensor dLogits, Tensor lossSum);

    /** {@code loss_i = ½·Σⱼ (y − t)²}, {@code dy = (y − t)/n}; {@code targets} float, same shape as {@code predictions}. */
    void meanSquaredError(Tensor predictions, Tensor targets, Tensor dPredictions, Tensor lossSum);

    /**
     * Multiclass SVM hinge (Weston–Watkins, as in CS231n): {@code loss_i = Σ_{j≠y} max(0, s_j − s_y + margin)};
     * {@code ds_j = [s_j − s_y + margin > 0]/n} for {@code j ≠ y}, {@code ds_y = −(count of those)/n}.
     */
    void multiclassHinge(Tensor scores, Tensor labels, float margin, Tensor dScores, Tensor lossSum);

    /** {@code out = softmax(logits)} row by row (inference probabilities). {@code out} may alias {@code logits}. */
    void softmax(Tensor logits, Tensor out);

    /** {@code out[i] = argmax_j scores[i, j]} (the first on ties); {@code out} is {@code int32 [n × 1]}. */
    void argmaxRows(Tensor scores, Tensor out);

    /**
     * Adds to {@code correctSum[0]} how many rows are classified right: {@code argmax_j scores[i, j] == labels[i]}
     * for several columns; {@code (scores[i, 0] > 0) == (labels[i] == 1)} for a single column (a logit).
     */
    void countCorrect(Tensor scores, Tensor labels, Tensor correctSum);

    // ---- optimizer ----------------------------------------------------------------------

    /**
     * One optimizer step over the whole flat parameter buffer, as {@link UpdateRule} defines it, with
     * the learning rate and bias corrections of row {@code clock[0]} of {@code rates}
     * ({@code [rows × UpdateRule.RATE_COLUMNS]}, see {@link UpdateRule#writeRates}). When the rule
     * clips, {@code gradSquares} ({@code [1 × 1]}) holds {@code Σ grads²} (from {@link #sumOfSquares})
     * and the scale is computed on the device; otherwise it is null. {@code grads} itself is not
     * changed. {@code state1}/{@code state2} are the rule's state buffers, the size of {@code params}
     * (null where the rule needs fewer). The first {@code decayedCount} elements are weights, which
     * L1/L2/weight decay apply to.
     */
    void optimizerUpdate(
            UpdateRule rule,
            Tensor rates,
            Tensor clock,
            Tensor gradSquares,
            Tensor params,
            Tensor grads,
            Tensor state1,
            Tensor state2,
            long decayedCount);

    /** Moves the step clock on by one step: {@code clock[0] += 1, clock[1] += 1}. */
    void advanceClock(Tensor clock);

    /** Max-norm constraint: each column {@code j} of {@code w} (a neuron's incoming weights) is scaled down to norm {@code maxNorm} if longer. */
    void clampColumnNorms(Tensor w, float maxNorm);

    // ---- data movement and reductions ---------------------------------------------------

    /**
     * {@code dst[r, :] = src[indices[first + r], :]} for each row {@code r} of {@code dst}: device-side
     * mini-batching. {@code indices} is {@code int32}; {@code src} and {@code dst} have the same dtype.
     */
    void gatherRows(Tensor src, Tensor indices, int first, Tensor dst);

    /**
     * {@link #gatherRows(Tensor, Tensor, int, Tensor)} from position {@code first = clock[0]·rowsPerStep},
     * read from the step clock when the op runs (step {@code s} of an epoch takes its batch from
     * {@code indices[s·batch …]}). An out-of-range position is reported as an out-of-range index.
     */
    void gatherRows(Tensor src, Tensor indices, Tensor clock, int rowsPerStep, Tensor dst);

    void fill(Tensor x, float value);

    /** {@code dst = src}, same shape and dtype. */
    void copy(Tensor src, Tensor dst);

    /** {@code x *= alpha}. */
    void scale(Tensor x, float alpha);

    /** {@code y += alpha·x}. */
    void axpy(float alpha, Tensor x, Tensor y);

    /** {@code out[0] = Σ x²} ({@code out} is {@code [1 × 1]}, overwritten). */
    void sumOfSquares(Tensor x, Tensor out);

    /** Adds to {@code count[0]} the number of elements of {@code x} that are NaN or infinite. */
    void countNonFinite(Tensor x, Tensor count);

    /** Frees the backend's context and everything it still holds. */
    @Override
    void close();
}
