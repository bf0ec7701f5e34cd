package io.jmlp.spark.train;

import java.io.Serializable;
import java.math.BigDecimal;
import java.util.HashMap;
import java.util.Map;

/**
 * The element-wise sum of float vectors whose value does not depend on the order in which the
 * vectors are added, so that {@code treeAggregate} (which merges partition results in whatever
 * order they arrive) gives bit-identical averages on every run and every task retry.
 *
 * <p>Floating-point addition is commutative but not associative: {@code (a+b)+c} and
 * {@code a+(c+b)} may round differently. This sum never rounds: each element is kept as a
 * {@code double}, which holds the sum of a few floats exactly as long as their exponents lie
 * within ~29 bits of each other (the usual case: the workers' copies of a parameter started equal
 * K steps ago). Every addition is checked with Knuth's TwoSum; where a double would round, that
 * element moves to an exact {@link BigDecimal}. The result is therefore always the exact sum,
 * which is unique, and {@link #mean} rounds it once. A single contribution stays a {@code float[]}
 * (half the bytes a task sends back).
 */
public final class ExactSum implements Serializable {
    private static final long serialVersionUID = 1L;

    private final int length;
    private int contributions;
    /** The only contribution while there is one; null otherwise. */
    private float[] single;
    /** Exact sums (when {@code contributions > 1}), except where {@link #exact} holds the element. */
    private double[] sums;
    /** Elements whose exact sum a double cannot hold. */
    private Map<Integer, BigDecimal> exact;

    private ExactSum(int length) {
        this.length = length;
    }

    /** The sum of nothing: the zero {@code treeAggregate} starts from. */
    public static ExactSum empty(int length) {
        return new ExactSum(length);
    }

    /** One contribution; {@code values} is kept, not copied. */
    public static ExactSum of(float[] values) {
        ExactSum s = new ExactSum(values.length);
        s.single = values;
        s.contributions = 1;
        return s;
    }

    public int length() {
        return length;
    }

    /** How many vectors were added. */
    public int contributions() {
        return contributions;
    }

    /** Adds {@code other} into this sum (which it then returns); {@code other} is left as it was. */
    public ExactSum merge(ExactSum other) {
        if (other.length != length) {
            throw new IllegalArgumentException(
                    "cannot add a vector of " + other.length + " elements to a sum of " + length);
        }
        if (other.contributions == 0) {
            return this;
        }
        if (contributions == 0) {
            copyFrom(other);
            return this;
        }
        toDoubles();
        for (int i = 0; i < length; i++) {
            boolean exactHere = exact != null && exact.containsKey(i);
            boolean exactThere = other.exact != null && other.exact.containsKey(i);
            double a = sums[i];
            double b = other.doubleAt(i);
            if (!exactHere && !exactThere) {
                double s = a + b;
                if (!Double.isFinite(s) || !Double.isFinite(a) || !Double.isFinite(b)) {
                    // inf and NaN propagate the same way in every order (NaN when +inf meets -inf).
                    sums[i] = s;
                    continue;
                }
                double bVirtual = s - a;
                double error = (a - (s - bVirtual)) + (b - bVirtual); // TwoSum: a + b == s + error exactly
                if (error == 0) {
                    sums[i] = s;
                    continue;
                }
            }
            BigDecimal left = exactHere ? exact.get(i) : new BigDecimal(a);
            BigDecimal right = exactThere ? other.exact.get(i) : new BigDecimal(b);
            if (exact == null) {
                exact = new HashMap<>();
            }
            exact.put(i, left.add(right));
        }
        contributions += other.contributions;
        return this;
    }

    /** The exact sum of element {@code i}, rounded to the nearest double. */
    public double sum(int i) {
        if (contributions == 0) {
            return 0;
        }
        if (exact != null && exact.containsKey(i)) {
            return exact.get(i).doubleValue();
        }
        return single != null ? single[i] : sums[i];
    }

    /** Elements {@code from … from+count-1} divided by {@link #contributions}, each rounded once to float. */
    public float[] mean(int from, int count) {
        if (contributions == 0) {
            throw new IllegalStateException("the mean of no vectors");
        }
        float[] out = new float[count];
        for (int i = 0; i < count; i++) {
            out[i] = (float) (sum(from + i) / contributions);
        }
        return out;
    }

    /** How many elements needed the exact (BigDecimal) path, for tests and logs. */
    public int exactElements() {
        return exact == null ? 0 : exact.size();
    }

    private double doubleAt(int i) {
        return single != null ? single[i] : sums[i];
    }

    private void toDoubles() {
        if (single != null) {
            sums = new double[length];
            for (int i = 0; i < length; i++) {
                sums[i] = single[i];
            }
            single = null;
        }
    }

    private void copyFrom(ExactSum other) {
        contributions = other.contributions;
        single = other.single != null ? other.single.clone() : null;
        sums = other.sums != null ? other.sums.clone() : null;
        exact = other.exact != null ? new HashMap<>(other.exact) : null;
    }
}
