package io.jmlp.backend;

import java.util.List;

/**
 * Creates one kind of {@link Backend}; found with {@link java.util.ServiceLoader} (each backend
 * module lists its provider in {@code META-INF/services/io.jmlp.backend.BackendProvider}), so
 * {@code core} never depends on a backend module.
 */
public interface BackendProvider {

    /** What users type after {@code --backend}: "reference", "cpu", "opencl", "cuda". */
    String name();

    /** {@code auto} prefers higher ranks: GPUs over CPUs, the fast CPU backend over the reference. */
    int rank();

    /**
     * Probes the machine (drivers, libraries, devices) and says whether this backend can run.
     * Must not throw: a missing native library is an unavailable backend with that library named.
     * Providers cache the answer.
     */
    Availability availability();

    /**
     * Throws {@link IllegalArgumentException}, naming the setting and its value, when one of this
     * backend's settings (a system property, an environment variable) is malformed. A bad setting is
     * an error, never a reason to fall back silently to another backend; {@link Backends#choose} calls it.
     */
    default void checkSettings() {}

    /** The devices this backend can use here; empty when unavailable. */
    List<DeviceInfo> devices();

    /**
     * Opens a backend on device {@code deviceIndex} (0 = the provider's default choice).
     *
     * @throws BackendUnavailableException when the backend or that device cannot be used, saying why
     */
    Backend create(int deviceIndex);
}
