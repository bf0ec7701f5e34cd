package io.jmlp.tests;

import io.jmlp.data.Dataset;

/**
 * The Bayes-optimal classifier for the two-moons distribution of {@link io.jmlp.data.Moons}: each
 * class density is a Gaussian (std {@code noise}) smeared along its half circle,
 * {@code p(x | y) = (1/π)∫₀^π N(x; c_y(t), noise²·I) dt}, and the classes are equally likely. No
 * classifier can beat its accuracy in expectation, so it is the yardstick for how well a trained
 * network did on a given test set.
 */
final class MoonsBayes {
    private static final int STEPS = 2000;

    private MoonsBayes() {}

    static double accuracy(Dataset test, double noise) {
        int correct = 0;
        for (int i = 0; i < test.rows(); i++) {
            double x = test.features()[2 * i];
            double y = test.features()[2 * i + 1];
            int predicted = density(x, y, noise, true) >= density(x, y, noise, false) ? 0 : 1;
            if (predicted == test.labels()[i]) {
                correct++;
            }
        }
        return correct / (double) test.rows();
    }

    /** Unnormalised class density by the midpoint rule; the shared constants cancel in the comparison. */
    private static double density(double x, double y, double noise, boolean upper) {
        double sum = 0;
        for (int k = 0; k < STEPS; k++) {
            double t = Math.PI * (k + 0.5) / STEPS;
            double cx = upper ? Math.cos(t) : 1 - Math.cos(t);
            double cy = upper ? Math.sin(t) : 0.5 - Math.sin(t);
            double dx = x - cx;
            double dy = y - cy;
            sum += Math.exp(-(dx * dx + dy * dy) / (2 * noise * noise));
        }
        return sum;
    }
}
