package io.jmlp.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.jmlp.backend.UpdateRule;
import org.junit.jupiter.api.Test;

class SchedulesTest {

    @Test
    void seedScheduleHalvesEveryTwoEpochs() {
        LearningRateSchedule s = Schedules.parse("step:0.5:2", 0.01);
        double[] expected = {0.01, 0.01, 0.005, 0.005, 0.0025, 0.0025, 0.00125};
        for (int epoch = 0; epoch < expected.length; epoch++) {
            assertEquals(expected[epoch], s.rate(epoch, epoch * 80L, 80), 1e-15);
        }
        assertEquals(0.3, Schedules.parse("constant", 0.3).rate(9, 999, 10));
        assertEquals(new StepDecay(0.1, 0.5, 2), Schedules.parse("step", 0.1));
        assertThrows(IllegalArgumentException.class, () -> Schedules.parse("cosine-annealing", 0.1));
        assertThrows(IllegalArgumentException.class, () -> Schedules.parse("step:half", 0.1));
        assertThrows(IllegalArgumentException.class, () -> Schedules.parse("step:0.5:0", 0.1));
    }

    @Test
    void adamBiasCorrectionsAreComputedOnce() {
        UpdateRule rule = new UpdateRule(UpdateRule.Kind.ADAM, 0.001f, 0, 0, 0.9f, 0.999f, 1e-8f, 0, 0, 0, 1);
        assertEquals((float) (1 / (1 - 0.9f)), rule.biasCorrection1());
        assertEquals((float) (1 / (1 - Math.pow(0.999f, 3))), rule.at(0.001f, 3).biasCorrection2());
        assertThrows(IllegalArgumentException.class, () -> rule.at(0.1f, 0));
    }
}
