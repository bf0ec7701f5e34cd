package io.jmlp.opencl;

import io.jmlp.backend.Availability;
import io.jmlp.backend.Backend;
import io.jmlp.backend.BackendProvider;
import io.jmlp.backend.BackendUnavailableException;
import io.jmlp.backend.DeviceInfo;
import io.jmlp.backend.GemmSelfCheck;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code opencl} provider. Devices are listed GPUs first, so {@code opencl} (device 0) is a GPU
 * when there is one, else any device; {@code opencl:N} picks device N of {@code jmlp devices}.
 * Each device passes a GEMM self-check once per process before it is used; one that fails is
 * unavailable with the failing case as the reason. A platform with only CPU devices (PoCL) is
 * usable by name but left out of {@code auto}, which prefers the cpu backend there.
 *
 * <p>{@link java.util.ServiceLoader} makes a new provider for every lookup, so what is probed is
 * cached in static fields, once per process.
 */
public final class OpenClProvider implements BackendProvider {
    private static final Logger LOG = LoggerFactory.getLogger(OpenClProvider.class);
    private static final String INSTALL_HINT = "install an OpenCL driver for your GPU, or PoCL for the CPU "
            + "(Debian/Ubuntu: apt-get install ocl-icd-opencl-dev pocl-opencl-icd)";

    private static List<OpenClDevice> devices;
    private static String probeFailure;
    /** Device index → the self-check's failure, empty when it passed. */
    private static final Map<Integer, Optional<String>> SELF_CHECKS = new HashMap<>();

    @Override
    public String name() {
        return "opencl";
    }

    @Override
    public int rank() {
        return 200;
    }

    @Override
    public Availability availability() {
        List<OpenClDevice> found = probe();
        if (found == null) {
            return Availability.unavailable(probeFailure);
        }
        Optional<String> failure = selfCheck(found.get(0));
        if (failure.isPresent()) {
            return Availability.unavailable(found.get(0).describe() + ": " + failure.get());
        }
        String more = found.size() > 1 ? " (+" + (found.size() - 1) + " more, see opencl:N)" : "";
        if (!found.get(0).gpu()) {
            return Availability.notForAuto("no OpenCL GPU, only " + found.get(0).describe() + more
                    + "; usable with --backend opencl, but auto prefers the cpu backend on a CPU");
        }
        return Availability.available(found.get(0).describe() + more);
    }

    @Override
    public List<DeviceInfo> devices() {
        List<OpenClDevice> found = probe();
        return found == null
                ? List.of()
                : found.stream().map(OpenClDevice::info).toList();
    }

    @Override
    public Backend create(int deviceIndex) {
        List<OpenClDevice> found = probe();
        if (found == null) {
            throw new BackendUnavailableException("opencl backend unavailable: " + probeFailure);
        }
        if (deviceIndex < 0 || deviceIndex >= found.size()) {
            throw new BackendUnavailableException(
                    "opencl has devices 0.." + (found.size() - 1) + ", not " + deviceIndex + "; see `jmlp devices`");
        }
        OpenClDevice device = found.get(deviceIndex);
        Optional<String> failure = selfCheck(device);
        if (failure.isPresent()) {
            throw new BackendUnavailableException(
                    "opencl:" + deviceIndex + " (" + device.describe() + ") is unavailable: " + failure.get());
        }
        return new OpenClBackend(device);
    }

    /** The devices, or null with {@link #probeFailure} set when OpenCL cannot be used here. */
    private static synchronized List<OpenClDevice> probe() {
        if (devices == null && probeFailure == null) {
            try {
                List<OpenClDevice> found = OpenClDevice.all();
                if (found.isEmpty()) {
                    probeFailure = "the OpenCL loader found no platform or device; " + INSTALL_HINT;
                } else {
                    devices = found;
                    found.stream()
                            .map(OpenClDevice::platformName)
                            .distinct()
                            .flatMap(p -> SignalChaining.warningForThisProcess(p).stream())
                            .forEach(LOG::warn);
                }
            } catch (LinkageError | RuntimeException e) { // a missing libOpenCL.so surfaces as UnsatisfiedLinkError
                probeFailure = "OpenCL could not be loaded (" + e + "); " + INSTALL_HINT;
            }
        }
        return devices;
    }

    /** Opens a backend on {@code device} once per process and checks its GEMM; empty when it passed. */
    private static synchronized Optional<String> selfCheck(OpenClDevice device) {
        Optional<String> known = SELF_CHECKS.get(device.index());
        if (known != null) {
            return known;
        }
        Optional<String> result;
        try (OpenClBackend backend = new OpenClBackend(device)) {
            result = GemmSelfCheck.run(backend, "CLBlast computes wrong results on this device");
        } catch (LinkageError | RuntimeException e) {
            result = Optional.of("opening it failed: " + e.getMessage());
        }
        SELF_CHECKS.put(device.index(), result);
        return result;
    }
}
