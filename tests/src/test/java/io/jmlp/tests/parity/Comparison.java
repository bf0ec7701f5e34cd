package io.jmlp.tests.parity;

import java.util.Locale;

/** Compares a backend's output with the reference's under a {@link Tolerance}. */
public final class Comparison {
    private Comparison() {}

    /**
     * @param maxAbs   largest |x − r|
     * @param maxRel   largest |x − r| / |r| over elements with r ≠ 0
     * @param ratio    largest error as a fraction of its allowance (≤ 1 passes)
     * @param worst    a description of the worst element, for failure messages
     */
    public record Result(double maxAbs, double maxRel, double ratio, boolean pass, String worst) {}

    /** {@code bound} is required for {@link Tolerance.Kind#SUM_BOUND} and ignored otherwise. */
    public static Result compare(float[] expected, float[] actual, Tolerance tol, double[] bound) {
        if (expected.length != actual.length) {
            return new Result(
                    Double.POSITIVE_INFINITY,
                    Double.POSITIVE_INFINITY,
                    Double.POSITIVE_INFINITY,
                    false,
                    "length " + actual.length + " instead of " + expected.length);
        }
        double scale = 0;
        for (float r : expected) {
            scale = Math.max(scale, Math.abs(r));
        }
        double maxAbs = 0;
        double maxRel = 0;
        double ratio = 0;
        String worst = "";
        for (int i = 0; i < expected.length; i++) {
            double r = expected[i];
            double x = actual[i];
            boolean bothNaN = Double.isNaN(r) && Double.isNaN(x);
            double err = bothNaN ? 0 : (r == x ? 0 : Math.abs(x - r)); // r == x also covers equal infinities
            if (Double.isNaN(err)) {
                err = Double.POSITIVE_INFINITY;
            }
            double allowed = switch (tol.kind()) {
                case EXACT -> 0;
                case ELEMENTWISE -> tol.atol() + tol.rtol() * Math.abs(r);
                case NORMWISE -> tol.atol() + tol.rtol() * scale;
                case SUM_BOUND -> tol.rtol() * bound[i];
            };
            boolean bitEqual = Float.floatToRawIntBits(expected[i]) == Float.floatToRawIntBits(actual[i]) || bothNaN;
            double elementRatio = tol.kind() == Tolerance.Kind.EXACT
                    ? (bitEqual ? 0 : Double.POSITIVE_INFINITY)
                    : (err == 0 ? 0 : allowed > 0 ? err / allowed : Double.POSITIVE_INFINITY);
            maxAbs = Math.max(maxAbs, err);
            if (r != 0) {
                maxRel = Math.max(maxRel, err / Math.abs(r));
            }
            if (elementRatio > ratio || (ratio == 0 && worst.isEmpty() && elementRatio > 0)) {
                ratio = elementRatio;
                worst = String.format(
                        Locale.ROOT,
                        "element %d: expected %s, got %s (error %.3e, allowed %.3e)",
                        i,
                        Float.toString(expected[i]),
                        Float.toString(actual[i]),
                        err,
                        allowed);
            }
        }
        return new Result(maxAbs, maxRel, ratio, ratio <= 1.0, worst);
    }
}
