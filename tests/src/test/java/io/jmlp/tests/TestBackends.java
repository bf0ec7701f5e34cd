package io.jmlp.tests;

import static org.junit.jupiter.api.Assertions.fail;

import io.jmlp.backend.Availability;
import io.jmlp.backend.Backend;
import io.jmlp.backend.BackendProvider;
import io.jmlp.backend.Backends;
import io.jmlp.testing.RequiredBackends;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * The switch that runs one test suite unchanged on every backend (tinygrad's way): suites take a
 * backend name from {@link #names()} and open it with {@link #open}. A backend that cannot run
 * here is skipped with its reason, unless {@code -Djmlp.require=cpu,opencl,…} names it: then its
 * absence fails the test, so CI can never lose a backend silently. {@code -Djmlp.backends=cpu,…}
 * narrows the suites to the named backends (scripts/test's second pass of the cpu backend as AVX2 code).
 */
public final class TestBackends {
    public static final String REQUIRE_PROPERTY = RequiredBackends.PROPERTY;
    public static final String ONLY_PROPERTY = "jmlp.backends";

    private TestBackends() {}

    /** Backends the run must have, from {@code -Djmlp.require}. */
    public static Set<String> required() {
        return RequiredBackends.required();
    }

    private static Set<String> listProperty(String property) {
        String value = System.getProperty(property, "");
        return Arrays.stream(value.split(","))
                .map(String::trim)
                .filter(s -> !s.isEmpty())
                .collect(Collectors.toCollection(LinkedHashSet::new));
    }

    /** Every backend on the class path and every required one, the reference excluded (or only those {@code -Djmlp.backends} names). */
    public static Stream<String> names() {
        Set<String> names = new LinkedHashSet<>();
        Backends.providers().stream()
                .map(BackendProvider::name)
                .filter(n -> !n.equals("reference"))
                .forEach(names::add);
        names.addAll(required());
        Set<String> only = listProperty(ONLY_PROPERTY);
        if (!only.isEmpty()) {
            names.retainAll(only);
        }
        return names.stream();
    }

    /** Every backend including the reference (for tests that hold everywhere, e.g. training reaches its target). */
    public static Stream<String> namesWithReference() {
        return Stream.concat(Stream.of("reference"), names());
    }

    /** Opens {@code name}, or skips (fails, if required) saying why it is unavailable. */
    public static Backend open(String name) {
        Optional<BackendProvider> provider = Backends.provider(name);
        if (provider.isEmpty()) {
            unavailable(name, "no provider named '" + name + "' on the class path");
        }
        Availability availability = provider.get().availability();
        if (!availability.usable()) {
            unavailable(name, availability.reason());
        }
        return provider.get().create(0);
    }

    private static void unavailable(String name, String reason) {
        String message = "backend '" + name + "' is unavailable: " + reason;
        if (required().contains(name)) {
            fail(message + " (required by -D" + REQUIRE_PROPERTY + ")");
        }
        Assumptions.abort(message);
    }
}
