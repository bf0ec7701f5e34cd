package io.jmlp.backend;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.ServiceLoader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds backend providers with {@link ServiceLoader} and opens the backend a user asked for.
 *
 * <p>Specs: {@code auto} (the best usable backend: highest {@link BackendProvider#rank()}), a
 * provider name ({@code reference}, {@code cpu}, {@code opencl}, {@code cuda}), or a name with a
 * device index ({@code opencl:1}, {@code cuda:0}; see {@code jmlp devices}).
 *
 * <p>The default spec comes from {@code -Djmlp.backend=…}, else the {@code JMLP_BACKEND}
 * environment variable, else {@code auto}. When a named backend is unusable, jmlp logs why and
 * falls back to {@code auto}; in strict mode ({@code -Djmlp.strict=true} or {@code JMLP_STRICT=1},
 * or {@code strict = true} here) it throws instead.
 */
public final class Backends {
    public static final String BACKEND_PROPERTY = "jmlp.backend";
    public static final String BACKEND_ENV = "JMLP_BACKEND";
    public static final String STRICT_PROPERTY = "jmlp.strict";
    public static final String STRICT_ENV = "JMLP_STRICT";
    public static final String AUTO = "auto";

    private static final Logger log = LoggerFactory.getLogger(Backends.class);

    private Backends() {}

    /** A parsed backend spec: a provider name (or "auto") and a device index (0 when not given). */
    public record Spec(String name, int device) {
        public static Spec parse(String text) {
            if (text == null || text.isBlank()) {
                return new Spec(AUTO, 0);
            }
            String[] parts = text.trim().toLowerCase(Locale.ROOT).split(":", 2);
            int device = 0;
            if (parts.length == 2) {
                try {
                    device = Integer.parseInt(parts[1]);
                } catch (NumberFormatException e) {
                    device = -1;
                }
                if (device < 0) {
                    throw new IllegalArgumentException("backend '" + text
                            + "': the device after ':' must be an index >= 0 " + "(see `jmlp devices`), e.g. opencl:1");
                }
                if (parts[0].equals(AUTO)) {
                    throw new IllegalArgumentException(
                            "backend 'auto' takes no device index; name the backend, e.g. cuda:1");
                }
            }
            return new Spec(parts[0], device);
        }

        @Override
        public String toString() {
            return name + (device != 0 ? ":" + device : "");
        }
    }

    /**
     * The outcome of choosing: which provider and device, and why better ones were passed over.
     *
     * @param notes one line per provider skipped or fallback taken, for logs and summaries
     */
    public record Choice(BackendProvider provider, int device, List<String> notes) {}

    /** Every provider on the class path, best rank first. */
    public static List<BackendProvider> providers() {
        List<BackendProvider> found = new ArrayList<>();
        ServiceLoader.load(BackendProvider.class, Backends.class.getClassLoader())
                .forEach(found::add);
        found.sort(Comparator.comparingInt(BackendProvider::rank).reversed().thenComparing(BackendProvider::name));
        return found;
    }

    public static Optional<BackendProvider> provider(String name) {
        return providers().stream().filter(p -> p.name().equals(name)).findFirst();
    }

    /** {@code -Djmlp.backend}, else {@code JMLP_BACKEND}, else {@code auto}. */
    public static String defaultSpec() {
        String fromProperty = System.getProperty(BACKEND_PROPERTY);
        if (fromProperty != null && !fromProperty.isBlank()) {
            return fromProperty.trim();
        }
        String fromEnv = System.getenv(BACKEND_ENV);
        if (fromEnv != null && !fromEnv.isBlank()) {
            return fromEnv.trim();
        }
        return AUTO;
    }

    /** {@code -Djmlp.strict=true} or {@code JMLP_STRICT} set to 1/true/yes; 0/false/no or unset: off; anything else is an error. */
    public static boolean strictByDefault() {
        String property = System.getProperty(STRICT_PROPERTY);
        String value = property != null ? property : System.getenv(STRICT_ENV);
        if (value == null || value.isBlank()) {
            return false;
        }
        return switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "1", "true", "yes" -> true;
            case "0", "false", "no" -> false;
            default ->
                throw new IllegalArgumentException((property != null ? "-D" + STRICT_PROPERTY : "$" + STRICT_ENV)
                        + " must be 1, true, " + "yes, 0, false or no; got '" + value + "'");
        };
    }

    /** Opens the default backend ({@link #defaultSpec()}, {@link #strictByDefault()}). */
    public static Backend select() {
        return select(defaultSpec(), strictByDefault());
    }

    public static Backend select(String spec) {
        return select(spec, strictByDefault());
    }

    /** Opens the backend {@code spec} names; see the class comment for fallback and strict mode. */
    public static Backend select(String spec, boolean strict) {
        Choice choice = choose(spec, strict);
        choice.notes().forEach(note -> log.info("{}", note));
        Backend backend = choice.provider().create(choice.device());
        log.info("backend: {} on {}", backend.name(), backend.deviceDescription());
        return backend;
    }

    /** Decides which provider and device {@code spec} means, without opening anything. */
    public static Choice choose(String spec, boolean strict) {
        Spec parsed = Spec.parse(spec);
        List<BackendProvider> all = providers();
        // A malformed setting (JMLP_THREADS=abc) is an error, not an unavailable backend to fall back from.
        all.forEach(BackendProvider::checkSettings);
        List<String> notes = new ArrayList<>();
        if (!parsed.name().equals(AUTO)) {
            BackendProvider named = all.stream()
                    .filter(p -> p.name().equals(parsed.name()))
                    .findFirst()
                    .orElseThrow(() -> new IllegalArgumentException(
                            "unknown backend '" + parsed.name() + "'; choose auto or one of "
                                    + all.stream().map(BackendProvider::name).toList()
                                    + " (optionally with :device, see `jmlp devices`)"));
            Availability availability = named.availability();
            if (availability.usable()) {
                return new Choice(named, parsed.device(), notes);
            }
            String why = "backend '" + parsed.name() + "' is unavailable: " + availability.reason();
            if (strict) {
                throw new BackendUnavailableException(why + " (strict mode: not falling back; drop --strict / "
                        + STRICT_PROPERTY + " to fall back to auto)");
            }
            log.warn("{}; falling back to auto", why);
            notes.add(why + "; fell back to auto");
        }
        for (BackendProvider provider : all) {
            Availability availability = provider.availability();
            if (availability.usable() && availability.autoSelectable()) {
                return new Choice(provider, 0, notes);
            }
            notes.add("auto: skipped " + provider.name() + " (" + availability.reason() + ")");
        }
        throw new BackendUnavailableException("no usable backend found: " + String.join("; ", notes)
                + ". Put jmlp-cpu-fallback on the class path for the pure-Java backends.");
    }
}
