package io.jmlp.backend;

/**
 * Whether a backend can run here, and why not.
 *
 * @param usable         it can be created and will compute correctly
 * @param autoSelectable {@code --backend auto} may pick it (a usable backend may opt out, e.g. an
 *                       OpenCL platform that only offers a CPU device slower than the cpu backend)
 * @param reason         one human-readable sentence: what was found, or what is missing and how to get it
 */
public record Availability(boolean usable, boolean autoSelectable, String reason) {

    public static Availability available(String reason) {
        return new Availability(true, true, reason);
    }

    /** Usable when asked for by name, but not a good automatic choice. */
    public static Availability notForAuto(String reason) {
        return new Availability(true, false, reason);
    }

    public static Availability unavailable(String reason) {
        return new Availability(false, false, reason);
    }
}
