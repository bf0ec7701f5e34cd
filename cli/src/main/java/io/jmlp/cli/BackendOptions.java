package io.jmlp.cli;

import io.jmlp.backend.Backend;
import io.jmlp.backend.Backends;
import picocli.CommandLine.Option;

/** {@code --backend} and {@code --strict}, shared by every command that computes. */
final class BackendOptions {

    @Option(
            names = "--backend",
            paramLabel = "SPEC",
            description = "auto, reference, cpu, opencl[:N] or cuda[:N] (N from `jmlp devices`). "
                    + "Default: -Djmlp.backend, else $JMLP_BACKEND, else auto.")
    String backend;

    @Option(
            names = "--strict",
            description = "Fail when the backend asked for is unavailable instead of falling back to auto "
                    + "(also -Djmlp.strict=true or JMLP_STRICT=1).")
    boolean strict;

    String spec() {
        return backend != null ? backend : Backends.defaultSpec();
    }

    /** Chooses and opens the backend; {@code notes} receive why better backends were passed over ({@link #brief}). */
    Backend open(java.util.function.Consumer<String> notes) {
        Backends.Choice choice = Backends.choose(spec(), strict || Backends.strictByDefault());
        brief(choice.notes()).forEach(notes);
        return choice.provider().create(choice.device());
    }

    /**
     * The selection notes as a command prints them: each "auto: skipped X (why…)" is long and the
     * same on every run, so without {@code -v} they become one short line naming the skipped
     * backends and where the reasons are; other notes (a fallback) are kept whole.
     */
    static java.util.List<String> brief(java.util.List<String> notes) {
        if (Jmlp.verbose) {
            return notes;
        }
        java.util.List<String> kept = new java.util.ArrayList<>();
        java.util.List<String> skipped = new java.util.ArrayList<>();
        for (String note : notes) {
            if (note.startsWith("auto: skipped ")) {
                String rest = note.substring("auto: skipped ".length());
                skipped.add(rest.contains(" ") ? rest.substring(0, rest.indexOf(' ')) : rest);
            } else {
                kept.add(note);
            }
        }
        if (!skipped.isEmpty()) {
            kept.add("(auto skipped " + String.join(", ", skipped) + "; `jmlp devices` or -v says why)");
        }
        return kept;
    }
}
