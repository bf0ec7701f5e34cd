package io.jmlp.cpu;

import io.jmlp.backend.Tensor;
import io.jmlp.backend.UpdateRule;

/**
 * The step clock (see {@link io.jmlp.backend.Backend}) as the two CPU backends read it. They finish
 * every op before returning, so "read on the device when the op runs" is simply reading the
 * clock's two ints here; the checks are the ones a GPU kernel makes and reports as bad input.
 */
final class StepClock {
    private StepClock() {}

    /** {@code clock[0]·rowsPerStep}, checked to leave room for {@code dst}'s rows in {@code indices}. */
    static int firstRow(int[] clock, int at, int rowsPerStep, Tensor indices, Tensor dst) {
        long first = (long) clock[at] * rowsPerStep;
        if (clock[at] < 0 || first + dst.rows() > indices.size()) {
            throw new IndexOutOfBoundsException(
                    "gatherRows: step " + clock[at] + " of " + rowsPerStep + " rows reads positions [" + first + ", "
                            + (first + dst.rows()) + "), outside the " + indices.size() + " indices given");
        }
        return (int) first;
    }

    /** The rate-table row of this step: {@code clock[0]}, checked against the table's rows. */
    static int rateRow(int[] clock, int at, Tensor rates, String backend) {
        int row = clock[at];
        if (row < 0 || row >= rates.rows()) {
            throw new IndexOutOfBoundsException(
                    "optimizerUpdate: the step clock points at rate row " + row + ", outside the " + rates.rows()
                            + " rows of the rate table [rows × " + UpdateRule.RATE_COLUMNS + "] (" + backend + ")");
        }
        return row;
    }

    /** {@code streamBase + (clock[1] << 16)}: the dropout stream of this step. */
    static long dropoutStream(int[] clock, int at, long streamBase) {
        return streamBase + (Integer.toUnsignedLong(clock[at + 1]) << 16);
    }

    static void advance(int[] clock, int at) {
        clock[at]++;
        clock[at + 1]++;
    }
}
