package io.jmlp.cpu;

import io.jmlp.backend.Activation;
import io.jmlp.backend.CheckedBackend;
import io.jmlp.backend.DType;
import io.jmlp.backend.DeviceBuffer;
import io.jmlp.backend.Tensor;
import io.jmlp.backend.UpdateRule;
import io.jmlp.random.Philox;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

/**
 * The fast pure-Java backend: {@code float32} arrays, a packed and register-blocked GEMM
 * ({@link Gemm}, Vector API micro-kernel when the JVM has {@code jdk.incubator.vector}), a
 * persistent {@link WorkerTeam} for the GEMMs and the optimizer step, and one fused pass per op
 * elsewhere. Every op runs to completion before it returns (the "stream" is the calling thread),
 * so bad data fails from the op itself, as on the reference.
 *
 * <p>Steady state allocates nothing: buffers come from the callers' workspaces, the packing
 * buffers and per-column scratch are made once (scratch grows to the widest layer, then stays),
 * and parallel jobs are preallocated objects, not lambdas.
 *
 * <p>Sums are {@code float} (the parity suite's error bounds hold for any order) except where an
 * op is rare and a {@code double} costs nothing: sums of squares, column norms, losses.
 */
public final class CpuBackend extends CheckedBackend {
    private static final Logger log = LoggerFactory.getLogger(CpuBackend.class);

    private final WorkerTeam team;
    private final KernelChoice kernel;
    private final OpTimes times = new OpTimes();
    private final Gemm gemm;
    /** Products with C at most one vector wide (the output layer), when the Vector API is there; else null. */
    /** KernelChoice's narrow companions, and their rules at the same index. */
    private final Gemm[] companionGemms;

    private final KernelChoice.Companion[] companions;

    /**
     * Per C width up to the widest companion's tile, and op(A) transposed or not ([1] or [0]): the GEMM
     * the first narrow product of that kind was given, which every later one takes ({@link #gemmFor});
     * null until then.
     */
    private final Gemm[][] narrowGemms;

    private final OptimizerStep optimizer;
    /** Made on the first {@link #gemmKernelInL1Gflops} (only {@code jmlp bench} asks). */
    private KernelSpeed kernelSpeed;

    private final RowKernels loops;
    /** Per-column scratch, made once and grown to the widest layer (plus {@link RowKernels#WRAP}). */
    private final float[][] columns = new float[5][0];

    private double[] columnsD = new double[0];
    /** Per worker, the column kernels' carry ({@link RowKernels#columnSums}). */
    private final float[][] carries;

    /** A backend on {@link CpuProvider#configuredThreads()} threads. */
    public CpuBackend() {
        this(CpuProvider.configuredThreads());
    }

    /** A backend whose GEMMs and optimizer steps use {@code threads} threads (the caller's among them). */
    public CpuBackend(int threads) {
        this(threads, KernelChoice.configured());
    }

    /**
     * A backend on {@code threads} threads whose GEMMs use the kernel variant {@code kernel} (one of
     * {@link #gemmKernels()}), as {@code -Djmlp.cpu.kernel} would choose it: the parity suite runs
     * every variant the machine can. Throws IllegalArgumentException when it cannot run here.
     */
    public static CpuBackend withGemmKernel(int threads, String kernel) {
        return new CpuBackend(threads, KernelChoice.of(variant(kernel)));
    }

    /** The GEMM kernel variants, by the names {@code -Djmlp.cpu.kernel} takes (besides {@code auto}). */
    public static List<String> gemmKernels() {
        return Arrays.stream(KernelChoice.Variant.values()).map(v -> v.id).toList();
    }

    /** Why the GEMM kernel variant {@code kernel} cannot run natively on this JVM and CPU; empty when it can. */
    public static Optional<String> whyGemmKernelCannotRun(String kernel) {
        return KernelChoice.whyNotRunnable(variant(kernel));
    }

    private static KernelChoice.Variant variant(String kernel) {
        return Arrays.stream(KernelChoice.Variant.values())
                .filter(v -> v.id.equals(kernel))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException(
                        "no GEMM kernel '" + kernel + "'; the variants are " + KernelChoice.Variant.ids()));
    }

    CpuBackend(int threads, KernelChoice kernel) {
        this.kernel = kernel;
        team = new WorkerTeam(threads);
        carries = new float[threads][RowKernels.CARRY];
        gemm = new Gemm(team, kernel.wide());
        companions = kernel.companions.toArray(new KernelChoice.Companion[0]);
        companionGemms = new Gemm[companions.length];
        int widest = 0;
        for (int i = 0; i < companions.length; i++) {
            companionGemms[i] = new Gemm(team, KernelChoice.kernel(companions[i]));
            widest = Math.max(widest, companionGemms[i].nr());
        }
        narrowGemms = new Gemm[2][widest + 1];
        loops = kernel.rowKernels();
        optimizer = new OptimizerStep(team, loops);
        log.debug(
                "cpu backend: {} thread(s), {} ({}); GEMM {}",
                threads,
                gemm.describe(),
                kernel.reason,
                gemm.blocking());
    }

    @Override
    public String name() {
        return "cpu";
    }

    @Override
    public String deviceDescription() {
        return "pure Java, " + team.size() + " thread" + (team.size() == 1 ? "" : "s") + ", " + gemm.describe() + " ("
                + kernel.reason + "), " + loops.describe();
    }

    /** Time per kind of op, off until enabled ({@code jmlp bench} turns it on for its split of a step). */
    public OpTimes opTimes() {
        return times;
    }

    /** The GEMM blocking and the cache sizes it came from, for {@code jmlp bench}. */
    public String gemmBlocking() {
        return gemm.blocking();
    }

    /**
     * GFLOP/s of the GEMM kernel alone, on panels in L1, on all threads at once for about {@code
     * seconds} ({@link KernelSpeed}): the ceiling of the products, for {@code jmlp bench}.
     */
    public double gemmKernelInL1Gflops(double seconds) {
        return kernelSpeed().gflops(seconds);
    }

    /** What {@link #gemmKernelInL1Gflops} times. */
    public String gemmKernelInL1Description() {
        return kernelSpeed().describe();
    }

    private KernelSpeed kernelSpeed() {
        if (kernelSpeed == null) {
            kernelSpeed = new KernelSpeed(team, kernel.wide());
        }
        return kernelSpeed;
    }

    /** Threads the GEMMs and optimizer steps use. */
    public int threads() {
        return team.size();
    }

    // ---- memory -------------------------------------------------------------------------

    @Override
    protected DeviceBuffer allocateUnchecked(DType dtype, long length) {
        try {
            return new CpuBuffer(dtype, Math.toIntExact(length), buffers());
        } catch (OutOfMemoryError e) {
            throw new IllegalStateException(
                    "cannot allocate " + length + " " + dtype + " elements on the cpu backend: " + "out of Java heap ("
                            + Runtime.getRuntime().maxMemory() / 1048576 + " MiB; raise -Xmx)",
                    e);
        }
    }

    @Override
    protected void writeUnchecked(Tensor dst, float[] src, int srcOffset) {
        System.arraycopy(src, srcOffset, f(dst), at(dst), size(dst));
    }

    @Override
    protected void writeUnchecked(Tensor dst, int[] src, int srcOffset) {
        System.arraycopy(src, srcOffset, i(dst), at(dst), size(dst));
    }

    @Override
    protected void readUnchecked(Tensor src, float[] dst, int dstOffset) {
        System.arraycopy(f(src), at(src), dst, dstOffset, size(src));
    }

    @Override
    protected void readUnchecked(Tensor src, int[] dst, int dstOffset) {
        System.arraycopy(i(src), at(src), dst, dstOffset, size(src));
    }

    @Override
    protected void synchronizeUnchecked() {
        // Every op has finished when it returns.
    }

    // ---- linear algebra -----------------------------------------------------------------

    /**
     * The GEMM that computes a C of {@code rows × cols}. The output layer's C (n = 10) fits one tile of
     * a narrow kernel, which wastes fewer lanes on it than the wide one; KernelChoice.Companion says
     * which kernel serves which products (with op(A) transposed, a weight gradient, the wide kernel on
     * Cᵀ can be the faster), and among those that serve it, the one whose tiles C's rows fill best.
     *
     * <p>That fill is taken for the first product of this width (a training run's first batch), and
     * every later product of the width gets the same kernel, so no product runs a kernel that only a few
     * calls use. Chosen by its own rows, the 320-row last batch of 8,000 rows in batches of 512 took the
     * 10 × 16 kernel (the full batches 12 × 16): code run once an epoch, which the JIT left uncompiled for
     * six epochs, and the Vector API's interpreted code allocated 33 MB a call (2.2 MB a step at 512-512,
     * docs/benchmarks.md); an evaluation in batches of 1,000 rows did the same (52 MB a call). A kernel's
     * fill on another product's rows is at worst a few per cent below the best one's (512 rows: 98.5 %
     * on 10-row tiles, 99.2 % on 12-row ones). All kernels give the same bits, so which one serves a
     * product changes only its speed.
     */
    Gemm gemmFor(boolean transposeA, int rows, int cols) {
        if (rows <= cols || cols >= narrowGemms[0].length) {
            return gemm;
        }
        int side = transposeA ? 1 : 0;
        if (narrowGemms[side][cols] == null) {
            narrowGemms[side][cols] = byFill(transposeA, rows, cols);
        }
        return narrowGemms[side][cols];
    }

    /** The companion (or the wide GEMM) whose tiles {@code rows} fill best among those that serve a C {@code cols} wide. */
    private Gemm byFill(boolean transposeA, int rows, int cols) {
        Gemm chosen = gemm;
        double chosenFill = -1;
        for (int i = 0; i < companions.length; i++) {
            KernelChoice.Companion rule = companions[i];
            Gemm g = companionGemms[i];
            if (cols >= rule.fromColumns() && cols <= g.nr() && (rule.transposedA() || !transposeA)) {
                double fill = (double) rows / ((rows + g.mr() - 1) / g.mr() * g.mr());
                if (fill > chosenFill) {
                    chosen = g;
                    chosenFill = fill;
                }
            }
        }
        return chosen;
    }

    @Override
    protected void gemmUnchecked(
            boolean transposeA, boolean transposeB, float alpha, Tensor a, Tensor b, float beta, Tensor c) {
        long started = times.start();
        int k = transposeA ? a.rows() : a.cols();
        Gemm g = gemmFor(transposeA, c.rows(), c.cols());
        // Views are contiguous row-major blocks, so a tensor's leading dimension is its column count.
        g.multiply(
                transposeA,
                transposeB,
                c.rows(),
                c.cols(),
                k,
                alpha,
                f(a),
                at(a),
                a.cols(),
                f(b),
                at(b),
                b.cols(),
                beta,
                f(c),
                at(c),
                c.cols());
        times.stop(OpTimes.Kind.GEMM, started);
    }

    @Override
    protected void sumRowsUnchecked(Tensor x, float beta, Tensor out) {
        long started = times.start();
        int cols = x.cols();
        float[] sums = columnScratch(0, cols);
        loops.columnSums(f(x), at(x), x.rows(), cols, sums, 0, cols, carries[0]);
        float[] o = f(out);
        int base = at(out);
        for (int j = 0; j < cols; j++) {
            o[base + j] = beta == 0f ? sums[j] : beta * o[base + j] + sums[j];
        }
        times.stop(OpTimes.Kind.BIAS_GRADIENT, started);
    }

    // ---- activations --------------------------------------------------------------------

    @Override
    protected void biasActivationForwardUnchecked(Tensor z, Tensor bias, Activation activation, Tensor a) {
        long started = times.start();
        biasActivation.z = z;
        biasActivation.bias = bias;
        biasActivation.activation = activation;
        biasActivation.a = a;
        share(biasActivation, z.rows(), (long) z.rows() * z.cols());
        biasActivation.z = biasActivation.bias = biasActivation.a = null;
        times.stop(OpTimes.Kind.BIAS_ACTIVATION, started);
    }

    /** Rows [r0, r1) of {@link #biasActivationForward}. */
    private void biasActivationRows(Tensor z, Tensor bias, Activation activation, Tensor a, int r0, int r1) {
        int cols = z.cols();
        float[] zv = f(z);
        float[] av = f(a);
        float[] bv = bias != null ? f(bias) : null;
        int bBase = bias != null ? at(bias) : 0;
        Activation.Kind kind = activation.kind();
        float alpha = activation.alpha();
        // Without a bias to add, the rows are one contiguous run: one loop over all of them.
        int rowsAtOnce = bv == null ? Math.max(1, r1 - r0) : 1;
        int count = rowsAtOnce * cols;
        for (int r = r0; r < r1; r += rowsAtOnce) {
            int zRow = at(z) + r * cols;
            int aRow = at(a) + r * cols;
            if (bv != null) {
                loops.add(zv, zRow, bv, bBase, cols);
            }
            // One fused pass per row: the row is in L1 for the activation right after the bias add.
            switch (kind) {
                case IDENTITY -> {
                    if (zv != av || zRow != aRow) {
                        System.arraycopy(zv, zRow, av, aRow, count);
                    }
                }
                case RELU -> loops.reluForward(zv, zRow, av, aRow, count);
                case LEAKY_RELU -> {
                    for (int j = 0; j < count; j++) {
                        float v = zv[zRow + j];
                        av[aRow + j] = v > 0f ? v : alpha * v;
                    }
                }
                default -> {
                    // Transcendental activations: the defining double formula, rounded once.
                    for (int j = 0; j < count; j++) {
                        av[aRow + j] = (float) activation.apply(zv[zRow + j]);
                    }
                }
            }
        }
    }

    @Override
    protected void activationBackwardUnchecked(Activation activation, Tensor z, Tensor a, Tensor da, Tensor dz) {
        long started = times.start();
        activationGradient.activation = activation;
        activationGradient.z = z;
        activationGradient.a = a;
        activationGradient.da = da;
        activationGradient.dz = dz;
        share(activationGradient, z.rows(), size(z));
        activationGradient.z = activationGradient.a = activationGradient.da = activationGradient.dz = null;
        times.stop(OpTimes.Kind.BIAS_ACTIVATION, started);
    }

    /** Rows [r0, r1) of {@link #activationBackward}. */
    private void activationGradientRows(
            Activation activation, Tensor z, Tensor a, Tensor da, Tensor dz, int r0, int r1) {
        int first = r0 * z.cols();
        int count = (r1 - r0) * z.cols();
        float[] zv = f(z);
        float[] av = f(a);
        float[] dav = f(da);
        float[] dzv = f(dz);
        int zb = at(z) + first;
        int ab = at(a) + first;
        int dab = at(da) + first;
        int dzb = at(dz) + first;
        switch (activation.kind()) {
            case IDENTITY -> System.arraycopy(dav, dab, dzv, dzb, count);
            case RELU -> loops.reluBackward(zv, zb, dav, dab, dzv, dzb, count);
            case LEAKY_RELU -> {
                float slope = activation.alpha();
                for (int e = 0; e < count; e++) {
                    dzv[dzb + e] = dav[dab + e] * (zv[zb + e] > 0f ? 1f : slope);
                }
            }
            default -> {
                for (int e = 0; e < count; e++) {
                    dzv[dzb + e] = (float) (dav[dab + e] * activation.derivative(zv[zb + e], av[ab + e]));
                }
            }
        }
    }

    @Override
    protected void preluForwardUnchecked(Tensor x, Tensor slope, Tensor y) {
        long started = times.start();
        int cols = x.cols();
        boolean shared = slope.cols() == 1;
        float[] xv = f(x);
        float[] sv = f(slope);
        float[] yv = f(y);
        for (int r = 0; r < x.rows(); r++) {
            int xr = at(x) + r * cols;
            int yr = at(y) + r * cols;
            for (int j = 0; j < cols; j++) {
                float v = xv[xr + j];
                yv[yr + j] = v > 0f ? v : sv[at(slope) + (shared ? 0 : j)] * v;
            }
        }
        times.stop(OpTimes.Kind.BIAS_ACTIVATION, started);
    }

    @Override
    protected void preluBackwardUnchecked(Tensor x, Tensor slope, Tensor dy, Tensor dx, Tensor dSlope) {
        long started = times.start();
        int cols = x.cols();
        int slopes = slope.cols();
        boolean shared = slopes == 1;
        double[] sums = columnScratchD(slopes);
        Arrays.fill(sums, 0, slopes, 0.0);
        float[] xv = f(x);
        float[] sv = f(slope);
        float[] dyv = f(dy);
        float[] dxv = f(dx);
        for (int r = 0; r < x.rows(); r++) {
            int xr = at(x) + r * cols;
            int dyr = at(dy) + r * cols;
            int dxr = at(dx) + r * cols;
            for (int j = 0; j < cols; j++) {
                int s = shared ? 0 : j;
                float v = xv[xr + j];
                float g = dyv[dyr + j];
                dxv[dxr + j] = v > 0f ? g : sv[at(slope) + s] * g;
                if (v <= 0f) {
                    sums[s] += (double) g * v;
                }
            }
        }
        float[] ds = f(dSlope);
        for (int s = 0; s < slopes; s++) {
            ds[at(dSlope) + s] = (float) sums[s];
        }
        times.stop(OpTimes.Kind.BIAS_ACTIVATION, started);
    }

    // ---- batch normalisation ------------------------------------------------------------

    @Override
    protected void batchNormForwardTrainingUnchecked(
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
            Tensor savedInvStd) {
        long started = times.start();
        int n = x.rows();
        int m = x.cols();
        float[] mean = columnScratch(0, m);
        float[] scale = columnScratch(1, m);
        statistics.set(x, gamma, eps, momentum, runningMean, runningVar, savedMean, savedInvStd, mean, scale);
        shareColumns(statistics, m, (long) n * m);
        statistics.clear();
        RowKernels.wrap(mean, m);
        RowKernels.wrap(scale, m);
        normalizeRows.set(x, mean, scale, wrappedCopy(2, f(beta), at(beta), m), y, activation, a);
        share(normalizeRows, n, (long) n * m);
        normalizeRows.clear();
        times.stop(OpTimes.Kind.BATCH_NORM, started);
    }

    @Override
    protected void batchNormForwardInferenceUnchecked(
            Tensor x,
            Tensor gamma,
            Tensor beta,
            float eps,
            Tensor runningMean,
            Tensor runningVar,
            Activation activation,
            Tensor y) {
        long started = times.start();
        int m = x.cols();
        float[] scale = columnScratch(1, m);
        float[] g = f(gamma);
        float[] rv = f(runningVar);
        for (int j = 0; j < m; j++) {
            scale[j] = (float) (g[at(gamma) + j] / Math.sqrt(rv[at(runningVar) + j] + (double) eps));
        }
        RowKernels.wrap(scale, m);
        float[] mean = wrappedCopy(0, f(runningMean), at(runningMean), m);
        float[] shift = wrappedCopy(2, f(beta), at(beta), m);
        // f in place on the normalised rows: elementwise, so it reads every value before it overwrites it.
        normalizeRows.set(x, mean, scale, shift, y, activation, y);
        share(normalizeRows, x.rows(), (long) x.rows() * m);
        normalizeRows.clear();
        times.stop(OpTimes.Kind.BATCH_NORM, started);
    }

    @Override
    protected void batchNormBackwardUnchecked(
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
            Tensor dBeta) {
        long started = times.start();
        Tensor dy = da;
        if (activation.kind() != Activation.Kind.IDENTITY) {
            // dy = da ⊙ f'(y) goes into dx (activationBackward's arithmetic, element by element, so dx
            // may alias da); the passes below read dy and overwrite it with dx element by element.
            activationGradient.activation = activation;
            activationGradient.z = y;
            activationGradient.a = a;
            activationGradient.da = da;
            activationGradient.dz = dx;
            share(activationGradient, y.rows(), size(y));
            activationGradient.z = activationGradient.a = activationGradient.da = activationGradient.dz = null;
            dy = dx;
        }
        int n = x.rows();
        int m = x.cols();
        float[] sumDy = columnScratch(0, m);
        float[] sumDyXhat = columnScratch(1, m);
        float[] scale = columnScratch(2, m);
        gradientSums.set(x, dy, gamma, savedMean, savedInvStd, dGamma, dBeta, sumDy, sumDyXhat, scale);
        shareColumns(gradientSums, m, (long) n * m);
        gradientSums.clear();
        RowKernels.wrap(sumDy, m);
        RowKernels.wrap(sumDyXhat, m);
        RowKernels.wrap(scale, m);
        float[] mean = wrappedCopy(3, f(savedMean), at(savedMean), m);
        float[] invStd = wrappedCopy(4, f(savedInvStd), at(savedInvStd), m);
        batchNormGradient.set(x, dy, mean, invStd, sumDy, sumDyXhat, scale, dx);
        share(batchNormGradient, n, (long) n * m);
        batchNormGradient.clear();
        times.stop(OpTimes.Kind.BATCH_NORM, started);
    }

    // ---- dropout ------------------------------------------------------------------------

    @Override
    protected void dropoutForwardUnchecked(
            Tensor x, float p, long seed, long streamBase, Tensor clock, Tensor mask, Tensor y) {
        dropoutForwardUnchecked(x, p, seed, StepClock.dropoutStream(i(clock), at(clock), streamBase), mask, y);
    }

    @Override
    protected void dropoutForwardUnchecked(Tensor x, float p, long seed, long stream, Tensor mask, Tensor y) {
        long started = times.start();
        float scale = Philox.dropoutScale(p);
        float[] xv = f(x);
        float[] mv = f(mask);
        float[] yv = f(y);
        int count = size(x);
        for (int e = 0; e < count; e++) {
            // The same counter-based draw as every backend: element e's keep decision depends on (seed, stream, e)
            // only.
            float keep = Philox.dropoutKeeps(seed, stream, e, p) ? scale : 0f;
            mv[at(mask) + e] = keep;
            yv[at(y) + e] = xv[at(x) + e] * keep;
        }
        times.stop(OpTimes.Kind.OTHER, started);
    }

    @Override
    protected void multiplyUnchecked(Tensor a, Tensor b, Tensor out) {
        long started = times.start();
        float[] av = f(a);
        float[] bv = f(b);
        float[] ov = f(out);
        int ab = at(a);
        int bb = at(b);
        int ob = at(out);
        int count = size(a);
        for (int e = 0; e < count; e++) {
            ov[ob + e] = av[ab + e] * bv[bb + e];
        }
        times.stop(OpTimes.Kind.OTHER, started);
    }

    // ---- losses -------------------------------------------------------------------------

    @Override
    protected void softmaxCrossEntropyUnchecked(
            Tensor logits, Tensor labels, Tensor dLogits, Tensor lossSum, Tensor correctSum) {
        long started = times.start();
        int n = logits.rows();
        int k = logits.cols();
        float[] lv = f(logits);
        float[] dv = f(dLogits);
        double total = 0;
        int correct = 0;
        for (int r = 0; r < n; r++) {
            int label = label(labels, r, k);
            int row = at(logits) + r * k;
            int drow = at(dLogits) + r * k;
            double logSumExp = logSumExp(lv, row, k);
            total += logSumExp - lv[row + label];
            if (correctSum != null && argmax(lv, row, k) == label) {
                correct++;
            }
            for (int j = 0; j < k; j++) {
                double prob = Math.exp(lv[row + j] - logSumExp);
                dv[drow + j] = (float) ((prob - (j == label ? 1.0 : 0.0)) / n);
            }
        }
        addTo(lossSum, total);
        if (correctSum != null) {
            addTo(correctSum, correct);
        }
        times.stop(OpTimes.Kind.LOSS, started);
    }

    @Override
    protected void sigmoidBinaryCrossEntropyUnchecked(Tensor logits, Tensor targets, Tensor dLogits, Tensor lossSum) {
        long started = times.start();
        int n = logits.rows();
        float[] zv = f(logits);
        float[] tv = f(targets);
        float[] dv = f(dLogits);
        double total = 0;
        for (int r = 0; r < n; r++) {
            double z = zv[at(logits) + r];
            double t = tv[at(targets) + r];
            total += Activation.SOFTPLUS.apply(z) - t * z;
            dv[at(dLogits) + r] = (float) ((Activation.sigmoid(z) - t) / n);
        }
        addTo(lossSum, total);
        times.stop(OpTimes.Kind.LOSS, started);
    }

    @Override
    protected void meanSquaredErrorUnchecked(Tensor predictions, Tensor targets, Tensor dPredictions, Tensor lossSum) {
        long started = times.start();
        int n = predictions.rows();
        int count = size(predictions);
        float[] pv = f(predictions);
        float[] tv = f(targets);
        float[] dv = f(dPredictions);
        double total = 0;
        for (int e = 0; e < count; e++) {
            double d = (double) pv[at(predictions) + e] - tv[at(targets) + e];
            total += 0.5 * d * d;
            dv[at(dPredictions) + e] = (float) (d / n);
        }
        addTo(lossSum, total);
        times.stop(OpTimes.Kind.LOSS, started);
    }

    @Override
    protected void multiclassHingeUnchecked(
            Tensor scores, Tensor labels, float margin, Tensor dScores, Tensor lossSum) {
        long started = times.start();
        int n = scores.rows();
        int k = scores.cols();
        float[] sv = f(scores);
        float[] dv = f(dScores);
        double total = 0;
        for (int r = 0; r < n; r++) {
            int label = label(labels, r, k);
            int row = at(scores) + r * k;
            int drow = at(dScores) + r * k;
            double correct = sv[row + label];
            int violations = 0;
            for (int j = 0; j < k; j++) {
                if (j == label) {
                    continue;
                }
                double violation = sv[row + j] - correct + margin;
                if (violation > 0) {
                    total += violation;
                    violations++;
                    dv[drow + j] = (float) (1.0 / n);
                } else {
                    dv[drow + j] = 0f;
                }
            }
            dv[drow + label] = (float) (-(double) violations / n);
        }
        addTo(lossSum, total);
        times.stop(OpTimes.Kind.LOSS, started);
    }

    @Override
    protected void softmaxUnchecked(Tensor logits, Tensor out) {
        long started = times.start();
        int k = logits.cols();
        float[] lv = f(logits);
        float[] ov = f(out);
        for (int r = 0; r < logits.rows(); r++) {
            int row = at(logits) + r * k;
            int orow = at(out) + r * k;
            double logSumExp = logSumExp(lv, row, k);
            for (int j = 0; j < k; j++) {
                ov[orow + j] = (float)
                        Math.exp(lv[row + j] - logSumExp); // reads lv[row + j] before writing: out may alias logits
            }
        }
        times.stop(OpTimes.Kind.LOSS, started);
    }

    @Override
    protected void argmaxRowsUnchecked(Tensor scores, Tensor out) {
        long started = times.start();
        int[] ov = i(out);
        for (int r = 0; r < scores.rows(); r++) {
            ov[at(out) + r] = argmax(f(scores), at(scores) + r * scores.cols(), scores.cols());
        }
        times.stop(OpTimes.Kind.LOSS, started);
    }

    @Override
    protected void countCorrectUnchecked(Tensor scores, Tensor labels, Tensor correctSum) {
        long started = times.start();
        int k = scores.cols();
        float[] sv = f(scores);
        int[] lv = i(labels);
        int correct = 0;
        for (int r = 0; r < scores.rows(); r++) {
            int row = at(scores) + r * k;
            int predicted = k == 1 ? (sv[row] > 0f ? 1 : 0) : argmax(sv, row, k);
            if (predicted == lv[at(labels) + r]) {
                correct++;
            }
        }
        addTo(correctSum, correct);
        times.stop(OpTimes.Kind.LOSS, started);
    }

    // ---- optimizer ----------------------------------------------------------------------

    @Override
    protected void optimizerUpdateUnchecked(
            UpdateRule rule,
            Tensor rates,
            Tensor clock,
            Tensor gradSquares,
            Tensor params,
            Tensor grads,
            Tensor state1,
            Tensor state2,
            long decayedCount) {
        long started = times.start();
        int row = StepClock.rateRow(i(clock), at(clock), rates, "cpu");
        float[] table = f(rates);
        int r = at(rates) + row * UpdateRule.RATE_COLUMNS;
        float gradScale = rule.clips() ? UpdateRule.clipScale(rule.clipNorm(), f(gradSquares)[at(gradSquares)]) : 1f;
        int stateBuffers = rule.kind().stateBuffers();
        Tensor s1 = stateBuffers > 0 ? state1 : null;
        Tensor s2 = stateBuffers > 1 ? state2 : null;
        optimizer.apply(
                rule,
                table[r],
                table[r + 1],
                table[r + 2],
                gradScale,
                f(params),
                at(params),
                f(grads),
                at(grads),
                s1 != null ? f(s1) : null,
                s1 != null ? at(s1) : 0,
                s2 != null ? f(s2) : null,
                s2 != null ? at(s2) : 0,
                size(params),
                (int) decayedCount);
        times.stop(OpTimes.Kind.OPTIMIZER, started);
    }

    @Override
    protected void clampColumnNormsUnchecked(Tensor w, float maxNorm) {
        long started = times.start();
        int cols = w.cols();
        float[] wv = f(w);
        double[] squares = columnScratchD(cols);
        Arrays.fill(squares, 0, cols, 0.0);
        for (int r = 0; r < w.rows(); r++) {
            int row = at(w) + r * cols;
            for (int j = 0; j < cols; j++) {
                double v = wv[row + j];
                squares[j] += v * v;
            }
        }
        // squares[j] becomes column j's scale factor: 1 (exact, a no-op) where the column is short enough.
        for (int j = 0; j < cols; j++) {
            double norm = Math.sqrt(squares[j]);
            squares[j] = norm > maxNorm ? maxNorm / norm : 1.0;
        }
        for (int r = 0; r < w.rows(); r++) {
            int row = at(w) + r * cols;
            for (int j = 0; j < cols; j++) {
                wv[row + j] = (float) (wv[row + j] * squares[j]);
            }
        }
        times.stop(OpTimes.Kind.OPTIMIZER, started);
    }

    // ---- data movement and reductions ---------------------------------------------------

    @Override
    protected void gatherRowsUnchecked(Tensor src, Tensor indices, Tensor clock, int rowsPerStep, Tensor dst) {
        gatherRowsUnchecked(src, indices, StepClock.firstRow(i(clock), at(clock), rowsPerStep, indices, dst), dst);
    }

    @Override
    protected void advanceClockUnchecked(Tensor clock) {
        StepClock.advance(i(clock), at(clock));
    }

    @Override
    protected void gatherRowsUnchecked(Tensor src, Tensor indices, int first, Tensor dst) {
        long started = times.start();
        gather.src = src;
        gather.indices = indices;
        gather.first = first;
        gather.dst = dst;
        share(gather, dst.rows(), (long) dst.rows() * dst.cols());
        gather.src = gather.indices = gather.dst = null;
        times.stop(OpTimes.Kind.GATHER, started);
    }

    /** Rows [r0, r1) of {@link #gatherRows}. */
    private void gatherRows(Tensor src, Tensor indices, int first, Tensor dst, int r0, int r1) {
        int cols = dst.cols();
        int[] idx = i(indices);
        boolean floats = src.dtype() == DType.FLOAT32;
        Object from = floats ? f(src) : i(src);
        Object to = floats ? f(dst) : i(dst);
        for (int r = r0; r < r1; r++) {
            int row = idx[at(indices) + first + r];
            if (row < 0 || row >= src.rows()) {
                throw new IndexOutOfBoundsException("gatherRows: index " + row + " at position " + (first + r)
                        + " is outside the " + src.rows() + " source rows");
            }
            System.arraycopy(from, at(src) + row * cols, to, at(dst) + r * cols, cols);
        }
    }

    @Override
    protected void fillUnchecked(Tensor x, float value) {
        long started = times.start();
        Arrays.fill(f(x), at(x), at(x) + size(x), value);
        times.stop(OpTimes.Kind.OTHER, started);
    }

    @Override
    protected void copyUnchecked(Tensor src, Tensor dst) {
        long started = times.start();
        Object from = src.dtype() == DType.FLOAT32 ? f(src) : i(src);
        Object to = dst.dtype() == DType.FLOAT32 ? f(dst) : i(dst);
        System.arraycopy(from, at(src), to, at(dst), size(src));
        times.stop(OpTimes.Kind.OTHER, started);
    }

    @Override
    protected void scaleUnchecked(Tensor x, float alpha) {
        long started = times.start();
        float[] xv = f(x);
        for (int e = at(x), end = at(x) + size(x); e < end; e++) {
            xv[e] *= alpha;
        }
        times.stop(OpTimes.Kind.OTHER, started);
    }

    @Override
    protected void axpyUnchecked(float alpha, Tensor x, Tensor y) {
        long started = times.start();
        float[] xv = f(x);
        float[] yv = f(y);
        int xb = at(x);
        int yb = at(y);
        int count = size(x);
        for (int e = 0; e < count; e++) {
            yv[yb + e] =
                    Math.fma(alpha, xv[xb + e], yv[yb + e]); // one rounding, as the reference's double sum rounded once
        }
        times.stop(OpTimes.Kind.OTHER, started);
    }

    @Override
    protected void sumOfSquaresUnchecked(Tensor x, Tensor out) {
        long started = times.start();
        float[] xv = f(x);
        double sum = 0;
        for (int e = at(x), end = at(x) + size(x); e < end; e++) {
            sum += (double) xv[e] * xv[e];
        }
        f(out)[at(out)] = (float) sum;
        times.stop(OpTimes.Kind.OTHER, started);
    }

    @Override
    protected void countNonFiniteUnchecked(Tensor x, Tensor count) {
        long started = times.start();
        float[] xv = f(x);
        int bad = 0;
        for (int e = at(x), end = at(x) + size(x); e < end; e++) {
            if (!Float.isFinite(xv[e])) {
                bad++;
            }
        }
        addTo(count, bad);
        times.stop(OpTimes.Kind.OTHER, started);
    }

    // ---- elementwise ops shared out by rows ---------------------------------------------------

    /**
     * Below this many elements an elementwise op runs on the calling thread alone: handing rows to
     * the team costs a few microseconds, what a 16k-float pass takes. The seed network's 100 × 300
     * and 100 × 784 passes are above it, its 100 × 10 output below.
     */
    static final long PARALLEL_ELEMENTS = 1 << 14;

    /**
     * Runs {@code job} on the team, each worker taking whole rows, or on this thread when the op is
     * small. Each element's arithmetic is the same either way, so the result is the same bits on
     * any number of threads (the column sums of batch norm are shared by columns: {@link #shareColumns}).
     */
    private void share(WorkerTeam.Job job, int rows, long elements) {
        team.run(job, elements >= PARALLEL_ELEMENTS && rows > 1 ? Math.min(team.size(), rows) : 1);
    }

    /**
     * Columns a worker of a column-shared job takes at least: a 512-bit vector, and a cache line of
     * the per-column arrays, so that no two workers write the same line.
     */
    static final int COLUMN_GRAIN = 16;

    /**
     * Runs {@code job} on the team, each worker taking whole {@link #COLUMN_GRAIN}-column blocks
     * (the column statistics of batch norm): each column's sums are made in row order by one worker,
     * so they are the same bits on any number of threads.
     */
    private void shareColumns(WorkerTeam.Job job, int cols, long elements) {
        int blocks = (cols + COLUMN_GRAIN - 1) / COLUMN_GRAIN;
        team.run(job, elements >= PARALLEL_ELEMENTS && blocks > 1 ? Math.min(team.size(), blocks) : 1);
    }

    private static int columnStart(int cols, int part, int parts) {
        return WorkerTeam.shareStart(cols, COLUMN_GRAIN, part, parts);
    }

    // The calls in flight, one reusable object per op so that sharing allocates nothing; each op
    // fills its fields, runs it, and clears the tensors (no reference outlives the call).

    private final BiasActivationRows biasActivation = new BiasActivationRows();
    private final ActivationGradientRows activationGradient = new ActivationGradientRows();
    private final NormalizeRows normalizeRows = new NormalizeRows();
    private final BatchNormGradientRows batchNormGradient = new BatchNormGradientRows();
    private final BatchNormStatistics statistics = new BatchNormStatistics();
    private final BatchNormGradientSums gradientSums = new BatchNormGradientSums();
    private final GatherRows gather = new GatherRows();

    private static int rowStart(Tensor t, int part, int parts) {
        return WorkerTeam.shareStart(t.rows(), 1, part, parts);
    }

    private final class BiasActivationRows implements WorkerTeam.Job {
        Tensor z;
        Tensor bias;
        Activation activation;
        Tensor a;

        @Override
        public void run(int worker, int part, int parts) {
            biasActivationRows(z, bias, activation, a, rowStart(z, part, parts), rowStart(z, part + 1, parts));
        }
    }

    private final class ActivationGradientRows implements WorkerTeam.Job {
        Activation activation;
        Tensor z;
        Tensor a;
        Tensor da;
        Tensor dz;

        @Override
        public void run(int worker, int part, int parts) {
            activationGradientRows(activation, z, a, da, dz, rowStart(z, part, parts), rowStart(z, part + 1, parts));
        }
    }

    /**
     * Batch norm's output pass, {@code y = (x − mean)·scale + β} per row (training and inference), then
     * {@code a = f(y)} on the row while it is in L1 (skipped for the identity with {@code a} = {@code y}).
     */
    private final class NormalizeRows implements WorkerTeam.Job {
        Tensor x;
        float[] mean;
        float[] scale;
        float[] shift;
        Tensor y;
        Activation activation;
        Tensor a;

        /** {@code mean}, {@code scale} and {@code shift} per column, {@linkplain RowKernels#WRAP wrapped}. */
        void set(Tensor x, float[] mean, float[] scale, float[] shift, Tensor y, Activation activation, Tensor a) {
            this.x = x;
            this.mean = mean;
            this.scale = scale;
            this.shift = shift;
            this.y = y;
            this.activation = activation;
            this.a = a;
        }

        void clear() {
            set(null, null, null, null, null, null, null);
        }

        @Override
        public void run(int worker, int part, int parts) {
            int m = x.cols();
            int r0 = rowStart(x, part, parts);
            int r1 = rowStart(x, part + 1, parts);
            loops.normalize(f(x), at(x) + r0 * m, mean, scale, shift, f(y), at(y) + r0 * m, (r1 - r0) * m, m);
            if (activation.kind() != Activation.Kind.IDENTITY || !a.sameView(y)) {
                // The part's rows are still in L2 (the seed network's 50 × 300 floats are 60 KB).
                biasActivationRows(y, null, activation, a, r0, r1);
            }
        }
    }

    /** Batch norm's input-gradient pass, from the column sums already made. */
    private final class BatchNormGradientRows implements WorkerTeam.Job {
        Tensor x;
        Tensor dy;
        float[] mean;
        float[] invStd;
        float[] sumDy;
        float[] sumDyXhat;
        float[] scale;
        Tensor dx;

        /** The five per-column arrays {@linkplain RowKernels#WRAP wrapped}. */
        void set(
                Tensor x,
                Tensor dy,
                float[] mean,
                float[] invStd,
                float[] sumDy,
                float[] sumDyXhat,
                float[] scale,
                Tensor dx) {
            this.x = x;
            this.dy = dy;
            this.mean = mean;
            this.invStd = invStd;
            this.sumDy = sumDy;
            this.sumDyXhat = sumDyXhat;
            this.scale = scale;
            this.dx = dx;
        }

        void clear() {
            set(null, null, null, null, null, null, null, null);
        }

        @Override
        public void run(int worker, int part, int parts) {
            int m = x.cols();
            int r0 = rowStart(x, part, parts);
            int r1 = rowStart(x, part + 1, parts);
            loops.batchNormInputGradient(
                    f(dy),
                    at(dy) + r0 * m,
                    f(x),
                    at(x) + r0 * m,
                    mean,
                    invStd,
                    sumDy,
                    sumDyXhat,
                    scale,
                    x.rows(),
                    f(dx),
                    at(dx) + r0 * m,
                    (r1 - r0) * m,
                    m);
        }
    }

    /**
     * Batch norm's training statistics for a block of columns: mean, then squared deviations (two
     * passes: E[x²] − E[x]² in float loses digits when the mean is large against the spread), then
     * per column the running averages, the saved mean and 1/σ, and the output scale γ/σ.
     */
    private final class BatchNormStatistics implements WorkerTeam.Job {
        Tensor x;
        Tensor gamma;
        float eps;
        float momentum;
        Tensor runningMean;
        Tensor runningVar;
        Tensor savedMean;
        Tensor savedInvStd;
        float[] mean;
        float[] scale;

        void set(
                Tensor x,
                Tensor gamma,
                float eps,
                float momentum,
                Tensor runningMean,
                Tensor runningVar,
                Tensor savedMean,
                Tensor savedInvStd,
                float[] mean,
                float[] scale) {
            this.x = x;
            this.gamma = gamma;
            this.eps = eps;
            this.momentum = momentum;
            this.runningMean = runningMean;
            this.runningVar = runningVar;
            this.savedMean = savedMean;
            this.savedInvStd = savedInvStd;
            this.mean = mean;
            this.scale = scale;
        }

        void clear() {
            set(null, null, 0f, 0f, null, null, null, null, null, null);
        }

        @Override
        public void run(int worker, int part, int parts) {
            int n = x.rows();
            int m = x.cols();
            int from = columnStart(m, part, parts);
            int to = columnStart(m, part + 1, parts);
            float[] xv = f(x);
            loops.columnSums(xv, at(x), n, m, mean, from, to, carries[worker]);
            float inv = 1f / n;
            for (int j = from; j < to; j++) {
                mean[j] *= inv;
            }
            // scale holds the squared deviations, then becomes the per-column scale γ·invStd.
            loops.columnSquaredDeviations(xv, at(x), n, m, mean, scale, from, to, carries[worker]);
            float[] g = f(gamma);
            float[] rm = f(runningMean);
            float[] rv = f(runningVar);
            float[] sm = f(savedMean);
            float[] si = f(savedInvStd);
            for (int j = from; j < to; j++) {
                double var = (double) scale[j] / n;
                double invStd = 1.0 / Math.sqrt(var + eps);
                double unbiased = n > 1 ? var * n / (n - 1) : var;
                rm[at(runningMean) + j] =
                        (float) ((1.0 - momentum) * rm[at(runningMean) + j] + momentum * (double) mean[j]);
                rv[at(runningVar) + j] = (float) ((1.0 - momentum) * rv[at(runningVar) + j] + momentum * unbiased);
                sm[at(savedMean) + j] = mean[j];
                si[at(savedInvStd) + j] = (float) invStd;
                scale[j] = (float) (g[at(gamma) + j] * invStd);
            }
        }
    }

    /**
     * Batch norm's backward column sums for a block of columns ({@code dβ = Σ dy}, {@code dγ = Σ dy·x̂}),
     * and the per-column factor {@code γ·invStd/n} of the input gradient, rounded once.
     */
    private final class BatchNormGradientSums implements WorkerTeam.Job {
        Tensor x;
        Tensor dy;
        Tensor gamma;
        Tensor savedMean;
        Tensor savedInvStd;
        Tensor dGamma;
        Tensor dBeta;
        float[] sumDy;
        float[] sumDyXhat;
        float[] scale;

        void set(
                Tensor x,
                Tensor dy,
                Tensor gamma,
                Tensor savedMean,
                Tensor savedInvStd,
                Tensor dGamma,
                Tensor dBeta,
                float[] sumDy,
                float[] sumDyXhat,
                float[] scale) {
            this.x = x;
            this.dy = dy;
            this.gamma = gamma;
            this.savedMean = savedMean;
            this.savedInvStd = savedInvStd;
            this.dGamma = dGamma;
            this.dBeta = dBeta;
            this.sumDy = sumDy;
            this.sumDyXhat = sumDyXhat;
            this.scale = scale;
        }

        void clear() {
            set(null, null, null, null, null, null, null, null, null, null);
        }

        @Override
        public void run(int worker, int part, int parts) {
            int n = x.rows();
            int m = x.cols();
            int from = columnStart(m, part, parts);
            int to = columnStart(m, part + 1, parts);
            float[] invStd = f(savedInvStd);
            int ib = at(savedInvStd);
            loops.columnBatchNormSums(
                    f(dy),
                    at(dy),
                    f(x),
                    at(x),
                    f(savedMean),
                    at(savedMean),
                    invStd,
                    ib,
                    n,
                    m,
                    sumDy,
                    sumDyXhat,
                    from,
                    to,
                    carries[worker]);
            float[] g = f(gamma);
            float[] dg = f(dGamma);
            float[] db = f(dBeta);
            for (int j = from; j < to; j++) {
                dg[at(dGamma) + j] = sumDyXhat[j];
                db[at(dBeta) + j] = sumDy[j];
                scale[j] = (float) ((double) g[at(gamma) + j] * invStd[ib + j] / n);
            }
        }
    }

    private final class GatherRows implements WorkerTeam.Job {
        Tensor src;
        Tensor indices;
        int first;
        Tensor dst;

        @Override
        public void run(int worker, int part, int parts) {
            gatherRows(src, indices, first, dst, rowStart(dst, part, parts), rowStart(dst, part + 1, parts));
        }
    }

    /** Stops the worker threads (the front has freed the buffers still open). */
    @Override
    protected void closeUnchecked() {
        team.close();
    }

    @Override
    protected Level leftoverLogLevel() {
        return Level.DEBUG; // Java arrays: a buffer left open at close costs nothing
    }

    // ---- helpers ------------------------------------------------------------------------

    private static float[] f(Tensor t) {
        return ((CpuBuffer) t.buffer()).floats;
    }

    private static int[] i(Tensor t) {
        return ((CpuBuffer) t.buffer()).ints;
    }

    private static int at(Tensor t) {
        return (int) t.offset(); // buffers are Java arrays, so offsets fit an int
    }

    private static int size(Tensor t) {
        return (int) t.size();
    }

    /** Adds {@code value} to a [1 × 1] float accumulator, rounding once (as the reference does). */
    private static void addTo(Tensor accumulator, double value) {
        float[] v = f(accumulator);
        v[at(accumulator)] = (float) (v[at(accumulator)] + value);
    }

    private static int label(Tensor labels, int row, int classes) {
        int label = i(labels)[at(labels) + row];
        if (label < 0 || label >= classes) {
            throw new IllegalArgumentException("label " + label + " of row " + row + " is outside [0, " + classes
                    + "): the network has " + classes + " outputs");
        }
        return label;
    }

    private static double logSumExp(float[] v, int row, int k) {
        double max = Double.NEGATIVE_INFINITY;
        for (int j = 0; j < k; j++) {
            max = Math.max(max, v[row + j]);
        }
        double sum = 0;
        for (int j = 0; j < k; j++) {
            sum += Math.exp(v[row + j] - max);
        }
        return max + Math.log(sum);
    }

    private static int argmax(float[] v, int row, int k) {
        int best = 0;
        for (int j = 1; j < k; j++) {
            if (v[row + j] > v[row + best]) {
                best = j;
            }
        }
        return best;
    }

    // Per-column scratch, grown to the widest layer seen and then reused (never per call).

    /** Per-column scratch array {@code which}, at least {@code cols} + {@link RowKernels#WRAP} long. */
    private float[] columnScratch(int which, int cols) {
        if (columns[which].length < cols + RowKernels.WRAP) {
            columns[which] = new float[cols + RowKernels.WRAP];
        }
        return columns[which];
    }

    /** {@code src[srcOff … srcOff + cols)} in scratch array {@code which}, {@linkplain RowKernels#WRAP wrapped}. */
    private float[] wrappedCopy(int which, float[] src, int srcOff, int cols) {
        float[] p = columnScratch(which, cols);
        System.arraycopy(src, srcOff, p, 0, cols);
        RowKernels.wrap(p, cols);
        return p;
    }

    private double[] columnScratchD(int cols) {
        if (columnsD.length < cols) {
            columnsD = new double[cols];
        }
        return columnsD;
    }
}
