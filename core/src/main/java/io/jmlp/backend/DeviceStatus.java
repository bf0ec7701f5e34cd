package io.jmlp.backend;

/**
 * Bad input that only a device can see — a label or row index out of range, a step clock pointing
 * outside what it indexes — cannot throw where it is found. The first kernel to find some records
 * {@code {code, value, position, limit}} in its backend's small status buffer; the backend reads the
 * buffer whenever the host waits anyway (a read, {@code synchronize()}) and throws what
 * {@link #exception} makes of it. The codes are those of {@code common.cuh} and {@code status.cl}.
 */
public final class DeviceStatus {
    /** Ints in a status buffer. */
    public static final int LENGTH = 4;

    public static final int NONE = 0;
    public static final int LABEL_OUT_OF_RANGE = 1;
    public static final int INDEX_OUT_OF_RANGE = 2;
    /** The step clock points outside what it indexes; the position field says which (below). */
    public static final int CLOCK_OUT_OF_RANGE = 3;

    public static final int CLOCK_GATHER_POSITION = 0;
    public static final int CLOCK_RATE_ROW = 1;

    private DeviceStatus() {}

    /**
     * The exception for what a kernel recorded, or null for {@link #NONE}.
     *
     * @param found  the status buffer's {@link #LENGTH} ints
     * @param device "CUDA" or "OpenCL", for the message
     */
    public static RuntimeException exception(int[] found, String device) {
        return switch (found[0]) {
            case NONE -> null;
            case LABEL_OUT_OF_RANGE ->
                new IllegalArgumentException("label " + found[1] + " of row " + found[2] + " is outside [0, "
                        + found[3] + "): the network has " + found[3] + " outputs (found by " + article(device) + " "
                        + device
                        + " loss kernel; the results of that step are invalid)");
            case INDEX_OUT_OF_RANGE ->
                new IndexOutOfBoundsException("gatherRows: index " + found[1] + " at position " + found[2]
                        + " is outside the " + found[3] + " source rows (found by the " + device + " gather kernel)");
            case CLOCK_OUT_OF_RANGE ->
                found[2] == CLOCK_GATHER_POSITION
                        ? new IndexOutOfBoundsException("gatherRows: the step clock's batch starts at position "
                                + found[1] + ", which leaves too few of the " + found[3]
                                + " indices given (found by the " + device + " gather kernel)")
                        : new IndexOutOfBoundsException("optimizerUpdate: the step clock points at rate row " + found[1]
                                + ", outside the " + found[3] + " rows of the rate table (found by the " + device
                                + " optimizer kernel)");
            default -> new IllegalStateException("a " + device + " kernel reported unknown status " + found[0]);
        };
    }

    private static String article(String device) {
        return device.startsWith("O") ? "an" : "a";
    }
}
