package io.jmlp.cpu;

import io.jmlp.backend.Availability;
import io.jmlp.backend.Backend;
import io.jmlp.backend.BackendProvider;
import io.jmlp.backend.BackendUnavailableException;
import io.jmlp.backend.DeviceInfo;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Provides {@link CpuBackend}, the final fallback of {@code auto}: pure Java, so always available.
 * Its thread count comes from {@code -Djmlp.threads=N}, else {@code JMLP_THREADS}, else every core
 * ({@code jmlp train --threads N} sets the property).
 */
public final class CpuProvider implements BackendProvider {
    public static final String THREADS_PROPERTY = "jmlp.threads";
    public static final String THREADS_ENV = "JMLP_THREADS";
    private static final Logger log = LoggerFactory.getLogger(CpuProvider.class);
    private static final AtomicBoolean vectorWarningGiven = new AtomicBoolean();

    @Override
    public String name() {
        return "cpu";
    }

    @Override
    public int rank() {
        return 100;
    }

    @Override
    public Availability availability() {
        int threads;
        KernelChoice kernel;
        try {
            threads = configuredThreads();
            kernel = KernelChoice.configured();
        } catch (IllegalArgumentException e) {
            return Availability.unavailable(e.getMessage()); // availability() must not throw
        }
        return Availability.available("pure Java, always available; " + threads + " thread(s), "
                + (kernel.variant == KernelChoice.Variant.SCALAR
                        ? "plain Java GEMM kernel"
                        : "Vector API " + kernel.variant.id + " GEMM kernel")
                + " (" + kernel.reason + ")");
    }

    @Override
    public void checkSettings() {
        configuredThreads();
        KernelChoice.configured(); // -Djmlp.cpu.kernel: a bad or unrunnable variant is an error too
    }

    @Override
    public List<DeviceInfo> devices() {
        if (!availability().usable()) {
            return List.of();
        }
        int cores = Runtime.getRuntime().availableProcessors();
        return List.of(new DeviceInfo(
                0,
                "JVM",
                cores + " cores, " + configuredThreads() + " thread(s) used (--threads, -D"
                        + THREADS_PROPERTY + ", $" + THREADS_ENV + "); GEMM blocking "
                        + describeBlocking(KernelChoice.configured().wide().get())));
    }

    private static String describeBlocking(MicroKernel kernel) {
        return Gemm.describeBlocking(kernel.mr(), kernel.nr(), CacheSizes.ofThisMachine());
    }

    @Override
    public Backend create(int deviceIndex) {
        if (deviceIndex != 0) {
            throw new BackendUnavailableException("the cpu backend has one device (0), not " + deviceIndex);
        }
        warnOnceIfVectorApiMissing();
        return new CpuBackend(configuredThreads());
    }

    /** More worker threads than this many per core only add switching, and 100,000 would exhaust the OS: refused. */
    public static final int MAX_THREADS_PER_CORE = 8;

    /**
     * {@code -Djmlp.threads}, else {@code $JMLP_THREADS}, else the number of cores; a bad value (not
     * a count, below 1, above {@value #MAX_THREADS_PER_CORE} per core) is an error, not a silent default.
     */
    public static int configuredThreads() {
        String source = "-D" + THREADS_PROPERTY;
        String value = System.getProperty(THREADS_PROPERTY);
        if (value == null || value.isBlank()) {
            source = "$" + THREADS_ENV;
            value = System.getenv(THREADS_ENV);
        }
        if (value == null || value.isBlank()) {
            return Runtime.getRuntime().availableProcessors();
        }
        try {
            int threads = Integer.parseInt(value.trim());
            int most = MAX_THREADS_PER_CORE * Runtime.getRuntime().availableProcessors();
            if (threads > most) {
                throw new IllegalArgumentException(source + " " + threads + " is more than " + MAX_THREADS_PER_CORE
                        + " threads per core (" + most + " here); give at most " + most);
            }
            if (threads >= 1) {
                return threads;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(source + " must be a thread count >= 1, got '" + value + "'");
    }

    /**
     * Says once per JVM, at WARN, that the Vector API module is missing: a library user's JVM lacks
     * the flag unless they add it, and the plain-Java kernels are 5× slower (docs/benchmarks.md),
     * which should not go unnoticed.
     */
    private static void warnOnceIfVectorApiMissing() {
        if (!VectorSupport.available() && vectorWarningGiven.compareAndSet(false, true)) {
            log.warn(
                    "{} is not enabled, so the cpu backend runs its plain-Java kernels, about 5x slower; start the JVM with "
                            + "--add-modules {} (the jmlp README shows where for Maven, Gradle and java)",
                    VectorSupport.MODULE,
                    VectorSupport.MODULE);
        }
    }
}
