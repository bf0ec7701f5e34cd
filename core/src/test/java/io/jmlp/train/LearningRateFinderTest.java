package io.jmlp.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The range test's readings on a curve whose minimum and steepest descent are known. */
class LearningRateFinderTest {

    @Test
    void readsTheMinimumAndTheSteepestDescent() {
        // Rates 1e-5 … 1 at 8 points a decade; with x = log10(rate) the smoothed loss is
        // −tanh(2(x + 3)), falling fastest at x = −3, plus 3(x + 1)² past x = −1, where it turns up:
        // the minimum is at x = −1 (the tanh's slope there, −0.0027, is outrun within 0.0005).
        List<LearningRateFinder.Point> points = new ArrayList<>();
        for (int i = 0; i <= 40; i++) {
            double x = -5 + i / 8.0;
            double loss = -Math.tanh(2 * (x + 3)) + (x > -1 ? 3 * (x + 1) * (x + 1) : 0);
            points.add(new LearningRateFinder.Point(i, Math.pow(10, x), loss, loss));
        }
        LearningRateFinder.Result result = LearningRateFinder.readings(points, false);
        assertEquals(0.1, result.minimumRate(), 1e-12);
        assertEquals(0.01, result.suggestedRate(), 1e-12);
        assertEquals(1e-3, result.steepestRate(), 1e-15);
    }

    @Test
    void aCurveThatOnlyRisesSuggestsATenthOfTheFirstRate() {
        List<LearningRateFinder.Point> points = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            points.add(new LearningRateFinder.Point(i, Math.pow(10, i - 7), i, i));
        }
        LearningRateFinder.Result result = LearningRateFinder.readings(points, true);
        assertEquals(1e-7, result.minimumRate(), 1e-20);
        assertEquals(1e-7, result.steepestRate(), 1e-20, "no descent: the steepest point is the minimum");
    }
}
