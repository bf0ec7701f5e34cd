package io.jmlp.testing;

import static org.junit.jupiter.api.Assertions.assertFalse;

import io.jmlp.backend.Availability;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Assumptions;

/**
 * How every module's tests treat a backend the machine may lack: skipped when it is unavailable,
 * unless {@code -Djmlp.require} names it (CI requires cpu, opencl and cuda-emulated), where that
 * fails the test instead, so a backend's tests can never vanish silently. Shipped in jmlp-core's
 * test jar for the other modules' tests.
 */
public final class RequiredBackends {
    /** The system property listing the backends a run must have, comma-separated. */
    public static final String PROPERTY = "jmlp.require";

    private RequiredBackends() {}

    /** The backends {@code -Djmlp.require} names. */
    public static Set<String> required() {
        return Arrays.stream(System.getProperty(PROPERTY, "").split(","))
                .map(String::trim)
                .filter(s -> !s.isEmpty())
                .collect(Collectors.toCollection(LinkedHashSet::new));
    }

    /**
     * Returns when {@code availability} of backend {@code name} is usable; otherwise fails the test when
     * the backend is required and aborts (skips) it when not, with the reason either way.
     */
    public static void usableOrSkip(String name, Availability availability) {
        if (availability.usable()) {
            return;
        }
        assertFalse(
                required().contains(name),
                name + " is required (-D" + PROPERTY + ") but unavailable: " + availability.reason());
        Assumptions.abort(name + " unavailable: " + availability.reason());
    }
}
