package io.jmlp.cli;

import io.jmlp.backend.Backend;
import io.jmlp.backend.Backends;
import picocli.CommandLine.Option;

/** {@code --backend} and {@code --strict}, shared by every command that computes. */
final class BackendOptions {

    @Option(names = "--backend", paramLabel = "SPEC",
            description = "auto, reference, cpu, opencl[:N] or cuda[:N] (N from `jmlp devices`). "
                    + "Default: -Djmlp.backend, else $JMLP_BACKEND, else auto.")
    String backend;

    @Option(names = "--strict", description = "Fail when the backend asked for is unavailable instead of falling back to auto "
            + "(also -Djmlp.strict=true or JMLP_STRICT=1).")
    boolean strict;

    String spec() {
        return backend != null ? backend : Backends.defaultSpec();
    }

    /** Chooses and opens the backend; {@code notes} receive why better backends were passed over. */
    Backend open(java.util.function.Consumer<String> notes) {
        Backends.Choice choice = Backends.choose(spec(), strict || Backends.strictByDefault());
        choice.notes().forEach(notes);
        return choice.provider().create(choice.device());
    }
}
