package io.jmlp.estimator;

import io.jmlp.backend.Backend;
import io.jmlp.backend.Backends;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where an estimator computes: a backend the user opened and owns (used, never closed), or a
 * {@link Backends} spec the estimator opens for each piece of work and closes when it is done,
 * so that nothing native outlives a call.
 */
final class BackendChoice {
    private static final Logger log = LoggerFactory.getLogger(BackendChoice.class);
    private final Backend given;
    private final String spec;
    private final boolean strict;

    private BackendChoice(Backend given, String spec, boolean strict) {
        this.given = given;
        this.spec = spec;
        this.strict = strict;
    }

    /** The user's own backend. */
    static BackendChoice of(Backend backend) {
        if (backend == null) {
            throw new IllegalArgumentException(
                    "backend(Backend) needs a backend; use backend(\"auto\") to let jmlp choose");
        }
        return new BackendChoice(backend, null, false);
    }

    /** A spec ({@code auto}, {@code cpu}, {@code opencl:1}, …), opened at each use. */
    static BackendChoice of(String spec, boolean strict) {
        return new BackendChoice(null, spec, strict);
    }

    /**
     * Where predictions run: on the user's backend when there is one, else on the pure-Java cpu
     * backend, which starts in microseconds (an OpenCL or CUDA context costs tenths of a second
     * to seconds, too much to pay per call) and computes a forward pass fast enough; the spec
     * where no cpu backend is on the class path.
     */
    BackendChoice forInference() {
        if (given != null) {
            return this;
        }
        boolean cpu =
                Backends.provider("cpu").map(p -> p.availability().usable()).orElse(false);
        return cpu ? new BackendChoice(null, "cpu", true) : this;
    }

    /**
     * Opens the backend (or hands out the user's); close the lease when done. Training says at INFO
     * which backend it got and why better ones were passed over (as {@link Backends#select} does);
     * predictions, which may run once per call, say so at DEBUG.
     */
    Lease open(boolean announce) {
        if (given != null) {
            return new Lease(given, false);
        }
        if (announce) {
            return new Lease(Backends.select(spec, strict), true);
        }
        Backends.Choice choice = Backends.choose(spec, strict);
        choice.notes().forEach(note -> log.debug("{}", note));
        return new Lease(choice.provider().create(choice.device()), true);
    }

    @Override
    public String toString() {
        return given != null ? given.name() + " (yours)" : spec;
    }

    /** A backend for one piece of work; closing it closes the backend only if the estimator opened it. */
    record Lease(Backend backend, boolean owned) implements AutoCloseable {
        @Override
        public void close() {
            if (owned) {
                backend.close();
            }
        }
    }
}
