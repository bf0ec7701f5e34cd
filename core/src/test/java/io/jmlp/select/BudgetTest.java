package io.jmlp.select;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The budget arithmetic of successive halving (the seeds' formulas) and Hyperband (Li et al.'s table). */
class BudgetTest {

    @Test
    void successiveHalvingRunsCeilLog2NMinusOneRoundsWithTheSeedsEpochs() {
        // N = 16, B = 256: ⌈log₂16⌉ = 4, T = 3 rounds; r_t = ⌊256 / (|S|·4)⌋.
        assertEquals(
                List.of(
                        new SuccessiveHalving.Round(16, 4, 8),
                        new SuccessiveHalving.Round(8, 8, 4),
                        new SuccessiveHalving.Round(4, 16, 2)),
                SuccessiveHalving.plan(16, 256));
        assertEquals(192, SuccessiveHalving.epochsUsed(SuccessiveHalving.plan(16, 256)));
        // N = 10: ⌈log₂10⌉ = 4, T = 3; B = 100: ⌊100/40⌋ = 2, ⌊100/20⌋ = 5, ⌊100/8⌋ = 12 (odd halves round down).
        assertEquals(
                List.of(
                        new SuccessiveHalving.Round(10, 2, 5),
                        new SuccessiveHalving.Round(5, 5, 2),
                        new SuccessiveHalving.Round(2, 12, 1)),
                SuccessiveHalving.plan(10, 100));
        // Too small a budget still trains each configuration for one epoch.
        assertEquals(1, SuccessiveHalving.plan(8, 3).get(0).epochs());
        assertEquals(1, SuccessiveHalving.plan(2, 10).size());
        assertThrows(IllegalArgumentException.class, () -> SuccessiveHalving.plan(1, 10));
    }

    @Test
    void hyperbandBracketsMatchTheTableOfLiEtAl() {
        // R = 81, η = 3 (Li et al. 2018, Table 1): s_max = 4, five brackets.
        List<Hyperband.Bracket> plan = Hyperband.plan(81, 3);
        assertEquals(5, plan.size());
        assertRungs(plan.get(0), 81, 1, 27, 3, 9, 9, 3, 27, 1, 81);
        assertRungs(plan.get(1), 34, 3, 11, 9, 3, 27, 1, 81);
        assertRungs(plan.get(2), 15, 9, 5, 27, 1, 81);
        assertRungs(plan.get(3), 8, 27, 2, 81);
        assertRungs(plan.get(4), 5, 81);
        assertEquals(81 + 34 + 15 + 8 + 5, Hyperband.configsNeeded(plan));
        // R = 9, η = 3: s_max = 2.
        List<Hyperband.Bracket> small = Hyperband.plan(9, 3);
        assertRungs(small.get(0), 9, 1, 3, 3, 1, 9);
        assertRungs(small.get(1), 5, 3, 1, 9);
        assertRungs(small.get(2), 3, 9);
        assertEquals(3, small.get(0).rungs().get(0).keep());
    }

    /** {@code expected}: (configs, epochs) per rung. */
    private static void assertRungs(Hyperband.Bracket bracket, int... expected) {
        assertEquals(expected.length / 2, bracket.rungs().size(), "rungs of bracket s=" + bracket.s());
        for (int i = 0; i < bracket.rungs().size(); i++) {
            assertEquals(
                    expected[2 * i], bracket.rungs().get(i).configs(), "configs of rung " + i + ", s=" + bracket.s());
            assertEquals(
                    expected[2 * i + 1], bracket.rungs().get(i).epochs(), "epochs of rung " + i + ", s=" + bracket.s());
        }
    }

    @Test
    void randomSearchSamplesLearningRatesLogUniformlyAndReproducibly() {
        SearchSpace space = SearchSpace.of(java.util.Map.of("lr", "1e-4..1e-0"), SearchCommandDefaults.MOONS);
        List<TrialConfig> configs = space.sample(4000, 1, 5);
        int[] perDecade = new int[4];
        for (TrialConfig c : configs) {
            double decade = Math.log10(c.learningRate()) + 4;
            perDecade[(int) Math.min(3, Math.floor(decade))]++;
        }
        for (int d = 0; d < 4; d++) {
            assertEquals(1000, perDecade[d], 120, "decade " + d + " of 4 should hold a quarter of the samples");
        }
        assertEquals(configs.subList(0, 5), space.sample(5, 1, 5));
        assertThrows(IllegalArgumentException.class, () -> space.grid(1), "a grid over a range is refused");
    }

    @Test
    void gridIsTheCartesianProduct() {
        SearchSpace space = SearchSpace.of(
                java.util.Map.of("layers", "8;16,8", "lr", "0.01,0.1,0.3", "optimizer", "adam,momentum"),
                SearchCommandDefaults.MOONS);
        assertEquals(2 * 3 * 2, space.grid(3).size());
        assertEquals(12, space.grid(3).stream().distinct().count());
    }

    @Test
    void bestConfigurationPrintsAsATrainCommandWithTheSharedFlags() {
        TrialConfig c = new TrialConfig(List.of(16, 8), "tanh", false, "momentum", 0.05, 1e-4, 32, "step:0.5:2", 12);
        assertEquals(
                "jmlp train --data moons --layers 16,8 --activation tanh --no-batch-norm --optimizer momentum --momentum 0.9 "
                        + "--lr 0.05 --l2 0.0001 --schedule step:0.5:2 --batch-size 32 --epochs 12 --seed 3",
                c.trainCommand("moons", 3));
    }
}
