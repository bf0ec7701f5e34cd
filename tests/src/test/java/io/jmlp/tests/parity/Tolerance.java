package io.jmlp.tests.parity;

/**
 * How closely a backend's output must match the reference's, and why that much.
 *
 * <ul>
 *   <li>{@link Kind#EXACT}: bit-identical (integer results, copies, dropout masks, single roundings);</li>
 *   <li>{@link Kind#ELEMENTWISE}: {@code |x − r| ≤ atol + rtol·|r|} for every element;</li>
 *   <li>{@link Kind#NORMWISE}: {@code |x − r| ≤ atol + rtol·max|r|} (outputs with cancellation, where
 *       an element's own size says little about its error);</li>
 *   <li>{@link Kind#SUM_BOUND}: {@code |x − r| ≤ rtol·bound_i}, the case supplying each element's
 *       rounding-error bound (sums and dot products).</li>
 * </ul>
 */
public record Tolerance(Kind kind, double rtol, double atol, String why) {

    public enum Kind {
        EXACT,
        ELEMENTWISE,
        NORMWISE,
        SUM_BOUND
    }

    public static Tolerance exact(String why) {
        return new Tolerance(Kind.EXACT, 0, 0, why);
    }

    public static Tolerance elementwise(double rtol, double atol, String why) {
        return new Tolerance(Kind.ELEMENTWISE, rtol, atol, why);
    }

    public static Tolerance normwise(double rtol, double atol, String why) {
        return new Tolerance(Kind.NORMWISE, rtol, atol, why);
    }

    public static Tolerance sumBound(double factor, String why) {
        return new Tolerance(Kind.SUM_BOUND, factor, 0, why);
    }

    /** A short form for the report's tolerance column. */
    public String shortForm() {
        return switch (kind) {
            case EXACT -> "exact";
            case ELEMENTWISE -> "elem rtol " + rtol + ", atol " + atol;
            case NORMWISE -> "norm rtol " + rtol + ", atol " + atol;
            case SUM_BOUND -> rtol + "×γₖΣ|terms|";
        };
    }
}
