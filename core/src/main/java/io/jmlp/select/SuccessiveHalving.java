package io.jmlp.select;

import java.util.ArrayList;
import java.util.List;

/**
 * The budget arithmetic of successive halving as the seeds give it (邱锡鹏, 神经网络与深度学习,
 * §7.6): with N configurations and a budget of B epochs, run {@code T = ⌈log₂N⌉ − 1} rounds; round
 * {@code t} trains each of the |S_{t−1}| surviving configurations for
 * {@code r_t = ⌊B / (|S_{t−1}|·⌈log₂N⌉)⌋} epochs and keeps the better half. The best configuration
 * of the last round wins. With N = 2 the formula gives no round, so one round is run (the
 * configurations compete once); r_t is at least 1 epoch. Each round trains its configurations
 * from scratch (a seeded run with more epochs), so a result never depends on which round it came
 * from.
 */
public final class SuccessiveHalving {
    private SuccessiveHalving() {}

    /** A round: how many configurations run, for how many epochs each, and how many go on. */
    public record Round(int configs, int epochs, int keep) {}

    public static List<Round> plan(int configs, int budgetEpochs) {
        if (configs < 2) {
            throw new IllegalArgumentException(
                    "successive halving needs at least 2 configurations (--trials), got " + configs);
        }
        if (budgetEpochs < 1) {
            throw new IllegalArgumentException("--budget must be >= 1 epoch, got " + budgetEpochs);
        }
        int log2 = ceilLog2(configs);
        int rounds = Math.max(1, log2 - 1);
        List<Round> plan = new ArrayList<>();
        int alive = configs;
        for (int t = 1; t <= rounds; t++) {
            int epochs = Math.max(1, budgetEpochs / (alive * log2));
            int keep = Math.max(1, alive / 2);
            plan.add(new Round(alive, epochs, keep));
            alive = keep;
        }
        return plan;
    }

    /** Total epochs the plan trains. */
    public static long epochsUsed(List<Round> plan) {
        return plan.stream().mapToLong(r -> (long) r.configs() * r.epochs()).sum();
    }

    static int ceilLog2(int n) {
        return 32 - Integer.numberOfLeadingZeros(n - 1);
    }
}
