package io.jmlp.cuda;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import jcuda.jcublas.JCublas2;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes cuBLAS available to JCublas2 12.6.0, whose native library needs {@code libcublas.so.12}
 * with versioned symbols, on CUDA 12 and CUDA 13 machines alike. Once per process, in this order:
 * <ol>
 *   <li>{@code -Djmlp.cublas=PATH} or {@code $JMLP_CUBLAS}: exactly that library (12 or 13), or unavailable;</li>
 *   <li>a real {@code libcublas.so.12} found by {@link CublasLocator}: loaded by path, then JCublas2 binds to it;</li>
 *   <li>{@code libcublas.so.13}: loaded by path, then jmlp's shim ({@link CublasShim}), which has the
 *       soname and version node {@code libcublas.so.12} and forwards to it, then JCublas2;</li>
 *   <li>neither found: a last attempt to let the system loader find libcublas.so.12 where we did not look.</li>
 * </ol>
 * A library's sibling {@code libcublasLt} (which cuBLAS needs) is loaded first when it sits beside it.
 * Nothing is silent: the result says which library is in use, or every name and place tried. The
 * outcome is final for the process, because a JCublas2 that failed to load cannot be retried.
 */
final class CublasLibrary {
    private static final Logger log = LoggerFactory.getLogger(CublasLibrary.class);

    /** What happened: usable, with a description, or not, with the reason. */
    record Outcome(boolean loaded, String description, boolean throughShim) {
        static Outcome loaded(String description, boolean throughShim) {
            return new Outcome(true, description, throughShim);
        }

        static Outcome failed(String reason) {
            return new Outcome(false, reason, false);
        }
    }

    private static Outcome outcome;

    private CublasLibrary() {}

    /** Loads cuBLAS and JCublas2 once per process; later calls return the first outcome. */
    static synchronized Outcome load() {
        if (outcome == null) {
            outcome = attempt(CublasLocator.system(), System.getProperty(CublasLocator.PROPERTY_OVERRIDE));
            if (outcome.loaded()) {
                log.debug("cuBLAS: {}", outcome.description());
            } else {
                log.debug("cuBLAS unavailable: {}", outcome.description());
            }
        }
        return outcome;
    }

    /** The decision itself; package-private for tests of the paths that load nothing. */
    static Outcome attempt(CublasLocator locator, String property) {
        Optional<Path> override = locator.override(property);
        if (override.isPresent()) {
            Path path = override.get();
            if (!Files.isRegularFile(path)) {
                return Outcome.failed("cuBLAS library " + path + " (from -D" + CublasLocator.PROPERTY_OVERRIDE + " or $"
                        + CublasLocator.ENV_OVERRIDE + ") does not exist");
            }
            return path.getFileName().toString().startsWith(CublasLocator.CUBLAS_13) ? viaShim(path) : direct(path);
        }
        Optional<Path> cublas12 = locator.find(CublasLocator.CUBLAS_12);
        if (cublas12.isPresent()) {
            return direct(locator.fileOf(cublas12.get()));
        }
        Optional<Path> cublas13 = locator.find(CublasLocator.CUBLAS_13);
        if (cublas13.isPresent()) {
            return viaShim(locator.fileOf(cublas13.get()));
        }
        String searched =
                locator.searchDirectories().stream().map(Path::toString).collect(Collectors.joining(", "));
        // Last: the system loader may know a libcublas.so.12 in a directory we did not search.
        Outcome system = initialiseJCublas2("libcublas.so.12 from the system loader's search path", false);
        if (system.loaded()) {
            return system;
        }
        return Outcome.failed("cuBLAS not found: no " + CublasLocator.CUBLAS_12 + " or " + CublasLocator.CUBLAS_13
                + " in ["
                + searched + "], and the system loader has no " + CublasLocator.CUBLAS_12 + " either; install cuBLAS "
                + "(CUDA toolkit, or `pip install nvidia-cublas` for CUDA 13) or point $" + CublasLocator.ENV_OVERRIDE
                + " at libcublas.so.12 or libcublas.so.13");
    }

    /** A real libcublas.so.12: load it (and its libcublasLt) by path, then JCublas2. */
    private static Outcome direct(Path library) {
        Optional<String> failure = loadWithSibling(library, "libcublasLt.so.12");
        if (failure.isPresent()) {
            return Outcome.failed(failure.get());
        }
        return initialiseJCublas2(library.toString(), false);
    }

    /** libcublas.so.13: load it, then the shim that presents it as libcublas.so.12, then JCublas2. */
    private static Outcome viaShim(Path library) {
        String lazy = System.getenv("LD_BIND_NOW");
        if (lazy != null && !lazy.isEmpty()) {
            return Outcome.failed(
                    "found " + library + ", but LD_BIND_NOW is set: jmlp's libcublas.so.12 shim defines only the "
                            + CublasShim.FORWARDED.size()
                            + " cuBLAS functions jmlp calls and relies on lazy binding; unset LD_BIND_NOW");
        }
        Optional<String> failure = loadWithSibling(library, "libcublasLt.so.13");
        if (failure.isPresent()) {
            return Outcome.failed(failure.get());
        }
        Optional<Path> shim = CublasShim.extract();
        if (shim.isEmpty()) {
            return Outcome.failed(
                    "found " + library + " (cuBLAS 13), but this jmlp was built without its libcublas.so.12 shim "
                            + "(no gcc at build time), and JCublas2 12.6 needs libcublas.so.12; rebuild jmlp with gcc, or install cuBLAS 12");
        }
        try {
            System.load(shim.get().toString());
        } catch (LinkageError e) {
            return Outcome.failed("jmlp's libcublas.so.12 shim (" + shim.get() + ") failed to load: " + firstLine(e));
        }
        return initialiseJCublas2(library + " through jmlp's libcublas.so.12 shim", true);
    }

    private static Optional<String> loadWithSibling(Path library, String siblingName) {
        Path sibling = library.resolveSibling(siblingName);
        try {
            if (Files.isRegularFile(sibling)) {
                System.load(sibling.toAbsolutePath().toString());
            }
            System.load(library.toAbsolutePath().toString());
            return Optional.empty();
        } catch (LinkageError e) {
            return Optional.of("cuBLAS library " + library + " failed to load: " + firstLine(e));
        }
    }

    private static Outcome initialiseJCublas2(String what, boolean throughShim) {
        try {
            JCublas2.initialize();
            return Outcome.loaded(what, throughShim);
        } catch (LinkageError e) {
            return Outcome.failed("JCublas2's native library could not load against " + what + ": " + firstLine(e));
        }
    }

    /** The informative line of a native-library error (JCuda's messages run to dozens of lines). */
    static String firstLine(Throwable e) {
        String message = String.valueOf(e.getMessage());
        List<String> lines =
                message.lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
        for (String line : lines) {
            if (line.contains("cannot open shared object")
                    || line.contains("undefined symbol")
                    || line.contains("version `")) {
                return line;
            }
        }
        return lines.isEmpty() ? e.getClass().getSimpleName() : lines.get(0);
    }
}
