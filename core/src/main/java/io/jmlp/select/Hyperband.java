package io.jmlp.select;

import java.util.ArrayList;
import java.util.List;

/**
 * The brackets of Hyperband (Li et al., JMLR 2018), the seeds' remedy for successive halving's
 * fixed N: with at most R epochs per configuration and a cut factor η, {@code s_max = ⌊log_η R⌋};
 * bracket {@code s = s_max … 0} starts {@code n = ⌈(s_max+1)·η^s/(s+1)⌉} configurations at
 * {@code r = R·η^(−s)} epochs and runs successive halving on them: in rung {@code i}, n_i = ⌊n·η^(−i)⌋
 * configurations train r_i = r·η^i epochs (rounded, at least 1), and the best ⌊n_i/η⌋ go on. The
 * most aggressive bracket tries many configurations briefly; the last trains a few for the full R.
 */
public final class Hyperband {
    private Hyperband() {}

    /** One rung of a bracket. */
    public record Rung(int configs, int epochs, int keep) {}

    /** A bracket: its {@code s} and its rungs. */
    public record Bracket(int s, List<Rung> rungs) {
        public int startingConfigs() {
            return rungs.get(0).configs();
        }
    }

    public static List<Bracket> plan(int maxEpochs, int eta) {
        if (maxEpochs < 1) {
            throw new IllegalArgumentException("--max-epochs must be >= 1, got " + maxEpochs);
        }
        if (eta < 2) {
            throw new IllegalArgumentException("--eta must be >= 2, got " + eta);
        }
        int sMax = 0;
        while (pow(eta, sMax + 1) <= maxEpochs) { // integer ⌊log_η R⌋, free of floating-point surprises
            sMax++;
        }
        List<Bracket> brackets = new ArrayList<>();
        for (int s = sMax; s >= 0; s--) {
            long etaS = pow(eta, s);
            int n = (int) (((sMax + 1) * etaS + s) / (s + 1)); // ⌈(s_max+1)·η^s/(s+1)⌉
            double r = (double) maxEpochs / etaS;
            List<Rung> rungs = new ArrayList<>();
            for (int i = 0; i <= s; i++) {
                int configs = (int) (n / pow(eta, i));
                int epochs = Math.max(1, (int) Math.round(r * pow(eta, i)));
                int keep = i < s ? Math.max(1, configs / eta) : 1;
                rungs.add(new Rung(configs, epochs, keep));
            }
            brackets.add(new Bracket(s, rungs));
        }
        return brackets;
    }

    /** Configurations a plan draws in all. */
    public static int configsNeeded(List<Bracket> plan) {
        return plan.stream().mapToInt(Bracket::startingConfigs).sum();
    }

    private static long pow(int base, int exponent) {
        long v = 1;
        for (int i = 0; i < exponent; i++) {
            v *= base;
        }
        return v;
    }
}
