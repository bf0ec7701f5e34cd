package io.jmlp.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jmlp.backend.UpdateRule;
import org.junit.jupiter.api.Test;

/** Every schedule against values worked out by hand (the arithmetic is in the comments). */
class SchedulesTest {
    private static final double EXACT = 1e-15;

    @Test
    void seedScheduleHalvesEveryTwoEpochs() {
        LearningRateSchedule s = Schedules.parse("step:0.5:2", 0.01);
        double[] expected = {0.01, 0.01, 0.005, 0.005, 0.0025, 0.0025, 0.00125};
        for (int epoch = 0; epoch < expected.length; epoch++) {
            assertEquals(expected[epoch], s.rate(epoch, epoch * 80L, 80), EXACT);
        }
        assertEquals(0.3, Schedules.parse("constant", 0.3).rate(9, 999, 10));
        assertEquals(new StepDecay(0.1, 0.5, 2), Schedules.parse("step", 0.1));
        assertThrows(IllegalArgumentException.class, () -> Schedules.parse("cosine-annealing", 0.1));
        assertThrows(IllegalArgumentException.class, () -> Schedules.parse("step:half", 0.1));
        assertThrows(IllegalArgumentException.class, () -> Schedules.parse("step:0.5:0", 0.1));
    }

    @Test
    void exponentialMultipliesByGammaEachEpoch() {
        LearningRateSchedule s = Schedules.parse("exponential:0.5", 0.1);
        // 0.1, 0.05, 0.025, 0.0125; the same all epoch long.
        assertEquals(0.1, s.rate(0, 0, 10), EXACT);
        assertEquals(0.1, s.rate(0, 9, 10), EXACT);
        assertEquals(0.05, s.rate(1, 10, 10), EXACT);
        assertEquals(0.0125, s.rate(3, 35, 10), EXACT);
        assertEquals(new ExponentialDecay(0.1, 0.9), Schedules.parse("exp", 0.1));
    }

    @Test
    void inverseScalingDividesByTheStepToThePower() {
        LearningRateSchedule s = Schedules.parse("invscaling", 0.1); // power 0.5
        assertEquals(0.1, s.rate(0, 0, 10), EXACT); // t = 1
        assertEquals(0.05, s.rate(0, 3, 10), EXACT); // t = 4: 0.1 / 2
        assertEquals(0.01, s.rate(9, 99, 10), 1e-17); // t = 100: 0.1 / 10
        assertEquals(0.1 / 8, Schedules.parse("invscaling:1.5", 0.1).rate(0, 3, 10), EXACT); // 4^1.5 = 8
    }

    @Test
    void adaptiveDividesByFiveAfterTwoEpochsWithoutImprovement() {
        LearningRateSchedule s = Schedules.parse("adaptive", 0.1); // factor 0.2, patience 2, min delta 1e-4
        double[] losses = {1.0, 0.9, 0.89995, 0.95, 0.85, 0.86, 0.8501, 0.8, 0.8, 0.8};
        // epoch 0: best 1.0; 1: 0.9 improves; 2: 0.89995 improves by < 1e-4, stall 1; 3: stall 2 → 0.02 from epoch 4;
        // 4: 0.85 improves; 5: stall 1; 6: 0.8501 stall 2 → 0.004 from epoch 7; 7: 0.8 improves; 8, 9: stalls → 0.0008.
        double[] ratesDuring = {0.1, 0.1, 0.1, 0.1, 0.02, 0.02, 0.02, 0.004, 0.004, 0.004, 0.0008};
        for (int epoch = 0; epoch < losses.length; epoch++) {
            assertEquals(ratesDuring[epoch], s.rate(epoch, epoch * 5L, 5), 1e-15, "epoch " + epoch);
            assertEquals(ratesDuring[epoch], s.rate(epoch, epoch * 5L + 4, 5), 1e-15, "the rate holds all epoch");
            s.epochEnded(epoch, losses[epoch]);
        }
        assertEquals(ratesDuring[losses.length], s.rate(losses.length, 50, 5), 1e-15);
        LearningRateSchedule halving = Schedules.parse("plateau:0.5:1:0", 1.0);
        halving.epochEnded(0, 1.0);
        halving.epochEnded(1, 1.0); // equal is not an improvement
        assertEquals(0.5, halving.rate(2, 2, 1), EXACT);
        halving.epochEnded(2, Double.NaN); // a NaN loss never improves
        assertEquals(0.25, halving.rate(3, 3, 1), EXACT);
    }

    @Test
    void cosineAnnealingRestartsAfterT0TimesTmult() {
        LearningRateSchedule s =
                Schedules.parse("cosine:2:2", 0.1); // T0 = 2 epochs, Tmult = 2, min 0; 4 steps an epoch
        assertEquals(0.1, s.rate(0, 0, 4), EXACT);
        // step 2 = 0.5 epochs into a 2-epoch cycle: 0.05·(1 + cos(π/4)) = 0.05·1.7071067811865475
        assertEquals(0.05 * (1 + Math.sqrt(0.5)), s.rate(0, 2, 4), 1e-15);
        assertEquals(0.05, s.rate(1, 4, 4), 1e-15); // halfway: 0.05·(1 + cos(π/2))
        assertEquals(0.1, s.rate(2, 8, 4), EXACT); // restart after 2 epochs
        assertEquals(0.05, s.rate(4, 16, 4), 1e-15); // halfway through the 4-epoch cycle
        assertEquals(0.1, s.rate(6, 24, 4), EXACT); // restart after 2 + 4 epochs; next cycle 8
        assertEquals(0.05 * (1 + Math.cos(Math.PI * 7 / 8)), s.rate(13, 52, 4), 1e-15); // 7 of 8 epochs into it
        LearningRateSchedule withFloor = Schedules.parse("sgdr:10:1:0.01", 0.1);
        assertEquals(0.01 + 0.045, withFloor.rate(5, 5, 1), 1e-15); // halfway: min + (0.1 − 0.01)/2
        assertEquals(0.1, withFloor.rate(20, 20, 1), EXACT); // Tmult 1: a restart every 10 epochs
    }

    @Test
    void cyclicalTriangularClimbsAndFallsPerStep() {
        LearningRateSchedule s =
                Schedules.parse("cyclic:0.006:2", 0.001); // half cycle 2 epochs = 2 steps at 1 step an epoch
        double[] expected = {0.001, 0.0035, 0.006, 0.0035, 0.001, 0.0035, 0.006};
        for (int t = 0; t < expected.length; t++) {
            assertEquals(expected[t], s.rate(t, t, 1), 1e-15, "step " + t);
        }
        // 10 steps an epoch, half cycle 0.5 epochs = 5 steps: step 1 is a fifth of the way up.
        assertEquals(0.001 + 0.005 / 5, Schedules.parse("clr:0.006:0.5", 0.001).rate(0, 1, 10), 1e-15);
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> Schedules.parse("cyclic", 0.001));
        assertTrue(e.getMessage().contains("MAX_LR"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Schedules.parse("cyclic:0.0001", 0.001)); // max below base
    }

    @Test
    void linearWarmupRampsAnySchedule() {
        LearningRateSchedule s = Schedules.withWarmup(Schedules.parse("step:0.5:1", 0.1), "4steps");
        // (t+1)/4 of the inner rate for t < 4; the inner keeps its own clock (epoch 1 halves it).
        assertEquals(0.025, s.rate(0, 0, 2), EXACT);
        assertEquals(0.05, s.rate(0, 1, 2), EXACT);
        assertEquals(0.05 * 3 / 4, s.rate(1, 2, 2), EXACT);
        assertEquals(0.05, s.rate(1, 3, 2), EXACT);
        assertEquals(0.025, s.rate(2, 4, 2), EXACT);
        LearningRateSchedule epochs = Schedules.withWarmup(Schedules.parse("constant", 0.2), "0.5");
        // half an epoch of 10 steps: 5 warm-up steps.
        assertEquals(0.04, epochs.rate(0, 0, 10), EXACT);
        assertEquals(0.2, epochs.rate(0, 4, 10), EXACT);
        assertEquals(0.2, epochs.rate(0, 5, 10), EXACT);
        assertEquals(5, ((LinearWarmup) epochs).warmupSteps(10));
        assertEquals(20, ((LinearWarmup) Schedules.withWarmup(new ConstantRate(1), "2epochs")).warmupSteps(10));
        ConstantRate constant = new ConstantRate(0.1);
        assertSame(constant, Schedules.withWarmup(constant, "0"));
        assertThrows(IllegalArgumentException.class, () -> Schedules.withWarmup(constant, "three"));
        assertThrows(IllegalArgumentException.class, () -> Schedules.withWarmup(constant, "2.5steps"));
    }

    @Test
    void warmupPassesThePlateauSignalOn() {
        LearningRateSchedule s = Schedules.withWarmup(Schedules.parse("adaptive:0.5:1", 1.0), "1steps");
        assertInstanceOf(LinearWarmup.class, s);
        s.epochEnded(0, 1.0);
        s.epochEnded(1, 2.0);
        assertEquals(0.5, s.rate(2, 2, 1), EXACT);
    }

    @Test
    void rateRowsHoldTheLearningRateAndAdamsBiasCorrectionsComputedOnceOnTheHost() {
        UpdateRule adam = new UpdateRule(UpdateRule.Kind.ADAM, 0, 0, 0.9f, 0.999f, 1e-8f, 0, 0, 0, 0);
        float[] table = new float[2 * UpdateRule.RATE_COLUMNS];
        adam.writeRates(table, 0, 0.001, 1);
        adam.writeRates(table, 1, 0.002, 3);
        assertEquals(0.001f, table[0]);
        assertEquals((float) (1 / (1 - 0.9f)), table[1]);
        assertEquals(0.002f, table[3]);
        assertEquals((float) (1 / (1 - Math.pow(0.999f, 3))), table[5]);
        UpdateRule sgd = UpdateRule.sgd(0.9f, 0f);
        sgd.writeRates(table, 0, 0.1, 7);
        assertEquals(1f, table[1], "rules without bias corrections get 1");
        assertEquals(1f, table[2]);
        assertThrows(IllegalArgumentException.class, () -> adam.writeRates(table, 0, 0.1, 0), "steps count from 1");
        assertThrows(IllegalArgumentException.class, () -> adam.writeRates(table, 0, Double.NaN, 1));
    }

    @Test
    void clipScaleIsPyTorchsFactorInFloatAndOneWhenOff() {
        assertEquals(1f, UpdateRule.clipScale(0f, 1e6f), "0: clipping off");
        assertEquals(1f, UpdateRule.clipScale(5f, 9f), "norm 3 is below 5: unchanged");
        assertEquals(1f / (2f + 1e-6f), UpdateRule.clipScale(1f, 4f), "norm 2 clipped to 1");
        assertEquals(1f, UpdateRule.clipScale(1f, Float.NaN), "NaN never scales (the divergence check reports it)");
    }
}
