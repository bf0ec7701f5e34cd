package io.jmlp.opencl;

import static org.junit.jupiter.api.Assertions.assertFalse;

import io.jmlp.backend.Availability;
import java.util.Arrays;
import org.junit.jupiter.api.Assumptions;

/** How this module's tests need OpenCL: skipped without it, unless {@code -Djmlp.require} names opencl (CI), where that fails instead. */
final class OpenClRequired {
    private OpenClRequired() {}

    /** Aborts the test (or fails it, when required) if the opencl provider is not usable here. */
    static void orSkip() {
        Availability availability = new OpenClProvider().availability();
        if (!availability.usable()) {
            boolean required = Arrays.asList(
                            System.getProperty("jmlp.require", "").split(","))
                    .contains("opencl");
            assertFalse(required, "opencl is required (-Djmlp.require) but unavailable: " + availability.reason());
            Assumptions.abort("opencl unavailable: " + availability.reason());
        }
    }
}
