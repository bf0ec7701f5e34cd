package io.jmlp.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jmlp.random.PhiloxStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Each scheme's draws have the mean, variance and (for the uniform ones) bounds its formula says. */
class WeightInitTest {
    private static final int FAN_IN = 100;
    private static final int FAN_OUT = 50;
    private static final int DRAWS = 200_000;

    /** The variance each scheme promises for a [100 × 50] matrix. */
    private static double expectedVariance(WeightInit init) {
        return switch (init) {
            case SMALL_RANDOM -> 1e-4; // (0.01)²
            case XAVIER_NORMAL, XAVIER_UNIFORM -> 2.0 / (FAN_IN + FAN_OUT); // 2/150
            case HE_NORMAL, HE_UNIFORM -> 2.0 / FAN_IN; // 0.02
            case LECUN_NORMAL, LECUN_UNIFORM -> 1.0 / FAN_IN; // 0.01
            case PYTORCH_DEFAULT -> 1.0 / (3.0 * FAN_IN); // U(±1/√n): (1/√n)²/3
        };
    }

    @ParameterizedTest
    @EnumSource(WeightInit.class)
    void varianceMatchesTheFormula(WeightInit init) {
        PhiloxStream rng = new PhiloxStream(42, 7);
        double sum = 0;
        double squares = 0;
        double largest = 0;
        for (int i = 0; i < DRAWS; i++) {
            double w = init.sample(rng, FAN_IN, FAN_OUT);
            sum += w;
            squares += w * w;
            largest = Math.max(largest, Math.abs(w));
        }
        double mean = sum / DRAWS;
        double variance = squares / DRAWS - mean * mean;
        double expected = expectedVariance(init);
        // The sample variance of 200,000 draws has a relative standard error ≤ √(2/n) ≈ 0.3%; 2% is ~6σ.
        assertEquals(expected, variance, 0.02 * expected, init + " variance");
        assertEquals(0, mean, 5 * Math.sqrt(expected / DRAWS), init + " mean");
        if (init.cliName().endsWith("uniform") || init == WeightInit.PYTORCH_DEFAULT) {
            double bound = Math.sqrt(3 * expected);
            assertTrue(
                    largest <= bound && largest > 0.999 * bound,
                    init + ": largest |w| " + largest + ", bound " + bound);
        } else {
            assertTrue(largest > 4 * Math.sqrt(expected), init + " is not bounded like a uniform: " + largest);
        }
    }

    @ParameterizedTest
    @EnumSource(WeightInit.class)
    void everyNameParsesBack(WeightInit init) {
        assertEquals(init, WeightInit.parse(init.cliName()));
    }
}
