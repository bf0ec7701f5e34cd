package io.jmlp.cpu;

import io.jmlp.backend.UpdateRule;

/**
 * {@link UpdateRule}'s formulas in {@code float} over a flat parameter buffer, one loop per rule
 * so that each loop is a plain arithmetic sweep the JIT vectorises, split across the
 * {@link WorkerTeam} in cache-line-aligned ranges (the seed network has 280k parameters: three
 * arrays read and two written per step is a few MB of memory traffic, worth two cores).
 *
 * <p>Like {@link Gemm}, one instance per backend holds the arguments of the call in flight.
 */
final class OptimizerStep implements WorkerTeam.Job {
    /** Below this many parameters the update runs on the calling thread. */
    private static final int PARALLEL_MIN = 1 << 15;
    /** Ranges start on multiples of 16 floats (64-byte cache lines) so workers never share a line. */
    private static final int GRAIN = 16;

    private final WorkerTeam team;
    private final RowKernels rows;
    private UpdateRule.Kind kind;
    private float lr;
    private float momentum;
    private float rho;
    private float beta1;
    private float beta2;
    private float epsilon;
    private float l2;
    private float l1;
    private float weightDecay;
    private float c1;
    private float c2;
    /** Gradient clipping's factor ({@link UpdateRule#clipScale}); 1 (exact) when not clipping. */
    private float gradScale;

    private float[] w;
    private int wOff;
    private float[] g;
    private int gOff;
    private float[] s1;
    private int s1Off;
    private float[] s2;
    private int s2Off;
    private int size;
    private int decayed;

    OptimizerStep(WorkerTeam team, RowKernels rows) {
        this.team = team;
        this.rows = rows;
    }

    /** One update with this step's rate row ({@code lr, c1, c2}) and clipping factor, read by the caller. */
    void apply(
            UpdateRule rule,
            float lr,
            float c1,
            float c2,
            float gradScale,
            float[] w,
            int wOff,
            float[] g,
            int gOff,
            float[] s1,
            int s1Off,
            float[] s2,
            int s2Off,
            int size,
            int decayed) {
        kind = rule.kind();
        this.lr = lr;
        this.c1 = c1;
        this.c2 = c2;
        this.gradScale = gradScale;
        momentum = rule.momentum();
        rho = rule.rho();
        beta1 = rule.beta1();
        beta2 = rule.beta2();
        epsilon = rule.epsilon();
        l2 = rule.l2();
        l1 = rule.l1();
        weightDecay = rule.weightDecay();
        this.w = w;
        this.wOff = wOff;
        this.g = g;
        this.gOff = gOff;
        this.s1 = s1;
        this.s1Off = s1Off;
        this.s2 = s2;
        this.s2Off = s2Off;
        this.size = size;
        this.decayed = decayed;
        try {
            if (size < PARALLEL_MIN) {
                run(0, 0, 1);
            } else {
                team.run(this, team.size());
            }
        } finally {
            this.w = null;
            this.g = null;
            this.s1 = null;
            this.s2 = null;
        }
    }

    @Override
    public void run(int worker, int part, int parts) {
        int from = WorkerTeam.shareStart(size, GRAIN, part, parts);
        int to = WorkerTeam.shareStart(size, GRAIN, part + 1, parts);
        // Weights [0, decayed) get the penalties, the rest (biases, batch-norm γ/β) do not.
        int split = Math.max(from, Math.min(to, decayed));
        sweep(from, split, true);
        sweep(split, to, false);
    }

    private void sweep(int from, int to, boolean penalised) {
        if (from >= to) {
            return;
        }
        float l2Here = penalised ? l2 : 0f;
        float l1Here = penalised ? l1 : 0f;
        boolean plain = l2Here == 0f && l1Here == 0f;
        switch (kind) {
            case SGD -> {
                for (int e = from; e < to; e++) {
                    float wi = w[wOff + e];
                    float ge = g[gOff + e] * gradScale;
                    float gi = plain ? ge : ge + l2Here * wi + l1Here * Math.signum(wi);
                    w[wOff + e] = wi - lr * gi;
                }
            }
            case MOMENTUM -> {
                if (plain && gradScale == 1f) {
                    // The seed network's rule, on the vectorised loop.
                    rows.momentum(w, wOff + from, g, gOff + from, s1, s1Off + from, momentum, lr, to - from);
                } else {
                    for (int e = from; e < to; e++) {
                        float wi = w[wOff + e];
                        float gi = g[gOff + e] * gradScale + l2Here * wi + l1Here * Math.signum(wi);
                        float v = momentum * s1[s1Off + e] + gi;
                        s1[s1Off + e] = v;
                        w[wOff + e] = wi - lr * v;
                    }
                }
            }
            case NESTEROV -> {
                for (int e = from; e < to; e++) {
                    float wi = w[wOff + e];
                    float ge = g[gOff + e] * gradScale;
                    float gi = plain ? ge : ge + l2Here * wi + l1Here * Math.signum(wi);
                    float v = momentum * s1[s1Off + e] + gi;
                    s1[s1Off + e] = v;
                    w[wOff + e] = wi - lr * (gi + momentum * v);
                }
            }
            case ADAGRAD -> {
                for (int e = from; e < to; e++) {
                    float wi = w[wOff + e];
                    float ge = g[gOff + e] * gradScale;
                    float gi = plain ? ge : ge + l2Here * wi + l1Here * Math.signum(wi);
                    float s = s1[s1Off + e] + gi * gi;
                    s1[s1Off + e] = s;
                    w[wOff + e] = wi - lr * gi / ((float) Math.sqrt(s) + epsilon);
                }
            }
            case RMSPROP -> {
                for (int e = from; e < to; e++) {
                    float wi = w[wOff + e];
                    float ge = g[gOff + e] * gradScale;
                    float gi = plain ? ge : ge + l2Here * wi + l1Here * Math.signum(wi);
                    float s = rho * s1[s1Off + e] + (1f - rho) * gi * gi;
                    s1[s1Off + e] = s;
                    w[wOff + e] = wi - lr * gi / ((float) Math.sqrt(s) + epsilon);
                }
            }
            case ADAM, ADAMW -> {
                // AdamW decays the weights themselves (before the Adam step), only in the penalised range.
                float shrink = kind == UpdateRule.Kind.ADAMW && penalised ? 1f - lr * weightDecay : 1f;
                for (int e = from; e < to; e++) {
                    float wi = w[wOff + e] * shrink;
                    float ge = g[gOff + e] * gradScale;
                    float gi = plain ? ge : ge + l2Here * w[wOff + e] + l1Here * Math.signum(w[wOff + e]);
                    float mi = beta1 * s1[s1Off + e] + (1f - beta1) * gi;
                    float vi = beta2 * s2[s2Off + e] + (1f - beta2) * gi * gi;
                    s1[s1Off + e] = mi;
                    s2[s2Off + e] = vi;
                    w[wOff + e] = wi - lr * (mi * c1) / ((float) Math.sqrt(vi * c2) + epsilon);
                }
            }
        }
    }
}
