package io.jmlp.cuda;

import io.jmlp.backend.Availability;
import io.jmlp.backend.Backend;
import io.jmlp.backend.BackendProvider;
import io.jmlp.backend.BackendUnavailableException;
import io.jmlp.backend.DeviceInfo;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/**
 * {@code cuda-emulated}: {@link CudaBackend} on {@link EmulatedQueue}, so that the shared parity
 * suite (which runs every backend on the class path) checks our CUDA kernels and the backend's host
 * code against the reference on machines without a GPU. Test class path only (this module's
 * test-jar); never picked by {@code auto}. The emulator is built by g++ during the Maven build.
 */
public final class EmulatedCudaProvider implements BackendProvider {
    static final String RESOURCE = "/io/jmlp/cuda/emulator/cuda-emulator";
    private static Path binary;

    @Override
    public String name() {
        return "cuda-emulated";
    }

    @Override
    public int rank() {
        return 1;
    }

    @Override
    public Availability availability() {
        if (EmulatedCudaProvider.class.getResource(RESOURCE) == null) {
            return Availability.unavailable("the CUDA emulator was not built (g++ with C++20 is needed at build time)");
        }
        return Availability.notForAuto(
                "jmlp's CUDA kernels compiled for the host and run by a test emulator (no GPU, no JCuda, no cuBLAS)");
    }

    @Override
    public List<DeviceInfo> devices() {
        return availability().usable() ? List.of(new DeviceInfo(0, "host emulator", "tests only")) : List.of();
    }

    @Override
    public Backend create(int deviceIndex) {
        Availability availability = availability();
        if (!availability.usable() || deviceIndex != 0) {
            throw new BackendUnavailableException(
                    "cuda-emulated:" + deviceIndex + " unavailable: " + availability.reason());
        }
        return new CudaBackend(new EmulatedQueue(binary()));
    }

    private static synchronized Path binary() {
        if (binary == null) {
            try (InputStream in = EmulatedCudaProvider.class.getResourceAsStream(RESOURCE)) {
                Path file = Files.createTempDirectory("jmlp-cuda-emulator-").resolve("cuda-emulator");
                Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
                if (!file.toFile().setExecutable(true)) {
                    throw new IOException("cannot make " + file + " executable");
                }
                file.getParent().toFile().deleteOnExit();
                file.toFile().deleteOnExit();
                binary = file;
            } catch (IOException e) {
                throw new UncheckedIOException("extracting the CUDA emulator", e);
            }
        }
        return binary;
    }
}
