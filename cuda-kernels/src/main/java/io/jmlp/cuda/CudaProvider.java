package io.jmlp.cuda;

import static jcuda.driver.JCudaDriver.cuDeviceGet;
import static jcuda.driver.JCudaDriver.cuDeviceGetAttribute;
import static jcuda.driver.JCudaDriver.cuDeviceGetCount;
import static jcuda.driver.JCudaDriver.cuDeviceGetName;
import static jcuda.driver.JCudaDriver.cuDeviceTotalMem;
import static jcuda.driver.JCudaDriver.cuDriverGetVersion;
import static jcuda.driver.JCudaDriver.cuInit;

import io.jmlp.backend.Availability;
import io.jmlp.backend.Backend;
import io.jmlp.backend.BackendProvider;
import io.jmlp.backend.BackendUnavailableException;
import io.jmlp.backend.DeviceInfo;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import jcuda.CudaException;
import jcuda.driver.CUdevice;
import jcuda.driver.CUdevice_attribute;
import jcuda.driver.JCudaDriver;

/**
 * The {@code cuda} provider. It probes, once per process and in this order, everything the backend
 * needs, and the first thing missing is the reason it is unavailable: our compiled kernels (absent
 * when jmlp was built without nvcc), the NVIDIA driver (libcuda.so.1, loaded by JCuda), a CUDA
 * device, a driver new enough for our PTX, and cuBLAS ({@link CublasLibrary}). Before a device is
 * first used, a backend is opened on it and passes {@link CudaSelfCheck} (GEMM in the three
 * transpose combinations training uses, and kernels), so a wrong operand mapping or a broken
 * driver is reported instead of training garbage.
 *
 * <p>{@link java.util.ServiceLoader} makes a new provider for every lookup, so what is probed is
 * cached in static fields.
 */
public final class CudaProvider implements BackendProvider {

    /** The probe's result: the devices, or why there are none; and where cuBLAS came from. */
    record Probe(List<CudaDeviceInfo> devices, String failure, CublasLibrary.Outcome cublas) {
        static Probe failed(String reason) {
            return new Probe(List.of(), reason, null);
        }
    }

    /** Thrown inside the driver probe with a ready reason. */
    static final class Unavailable extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Unavailable(String reason) {
            super(reason, null, false, false);
        }
    }

    private static Probe probe;
    /** Device index → the self-check's failure, empty when it passed. */
    private static final Map<Integer, Optional<String>> SELF_CHECKS = new HashMap<>();

    @Override
    public String name() {
        return "cuda";
    }

    @Override
    public int rank() {
        return 300;
    }

    @Override
    public Availability availability() {
        Probe p = probe();
        if (p.failure() != null) {
            return Availability.unavailable(p.failure());
        }
        CudaDeviceInfo first = p.devices().get(0);
        Optional<String> problem = usable(first, p);
        if (problem.isPresent()) {
            return Availability.unavailable(problem.get());
        }
        String more = p.devices().size() > 1 ? " (+" + (p.devices().size() - 1) + " more, see cuda:N)" : "";
        return Availability.available(
                first.describe() + more + ", driver CUDA " + CudaDeviceInfo.cudaVersion(first.driverVersion())
                        + ", cuBLAS from " + p.cublas().description());
    }

    @Override
    public List<DeviceInfo> devices() {
        return probe().devices().stream().map(CudaDeviceInfo::info).toList();
    }

    @Override
    public Backend create(int deviceIndex) {
        Probe p = probe();
        if (p.failure() != null) {
            throw new BackendUnavailableException("cuda backend unavailable: " + p.failure());
        }
        if (deviceIndex < 0 || deviceIndex >= p.devices().size()) {
            throw new BackendUnavailableException("cuda has devices 0.."
                    + (p.devices().size() - 1) + ", not " + deviceIndex + "; see `jmlp devices`");
        }
        CudaDeviceInfo device = p.devices().get(deviceIndex);
        Optional<String> problem = usable(device, p);
        if (problem.isPresent()) {
            throw new BackendUnavailableException("cuda:" + deviceIndex + " is unavailable: " + problem.get());
        }
        return open(device, p);
    }

    private static CudaBackend open(CudaDeviceInfo device, Probe p) {
        return new CudaBackend(new CudaDriverQueue(device, KernelImages.bundled(), p.cublas()));
    }

    /** Empty when {@code device} can run our kernels and passed its self-check. */
    private static Optional<String> usable(CudaDeviceInfo device, Probe p) {
        if (!device.supported()) {
            return Optional.of(CudaErrors.computeCapabilityTooLow(device));
        }
        return selfCheck(device, p);
    }

    private static synchronized Optional<String> selfCheck(CudaDeviceInfo device, Probe p) {
        Optional<String> known = SELF_CHECKS.get(device.index());
        if (known != null) {
            return known;
        }
        Optional<String> result;
        try (CudaBackend backend = open(device, p)) {
            result = CudaSelfCheck.run(backend);
        } catch (LinkageError | RuntimeException e) {
            result = Optional.of("opening " + device.describe() + " failed: " + e.getMessage());
        }
        SELF_CHECKS.put(device.index(), result);
        return result;
    }

    private static synchronized Probe probe() {
        if (probe == null) {
            probe = probe(KernelImages.bundled(), CudaProvider::driverDevices, CublasLibrary::load);
        }
        return probe;
    }

    /**
     * The probe's logic, with its three sources as parameters so that tests can walk every path
     * without a GPU. {@code driver} throws {@link Unavailable} (or a {@link LinkageError}) when there
     * is no usable driver.
     */
    static Probe probe(
            KernelImages images, Supplier<List<CudaDeviceInfo>> driver, Supplier<CublasLibrary.Outcome> cublas) {
        List<String> missing = images.missing();
        if (!missing.isEmpty()) {
            return Probe.failed(
                    "kernels not built: this jmlp was built where nvcc (CUDA toolkit) or gcc (its host compiler) "
                            + "was missing, so " + String.join(", ", missing)
                            + " are not in the jar; rebuild it where both are installed");
        }
        List<CudaDeviceInfo> devices;
        try {
            devices = driver.get();
        } catch (Unavailable e) {
            return Probe.failed(e.getMessage());
        } catch (LinkageError e) { // a missing libcuda.so.1 surfaces as UnsatisfiedLinkError, then NoClassDefFoundError
            return Probe.failed(CudaErrors.driverLibrary(e));
        }
        if (devices.isEmpty()) {
            return Probe.failed(CudaErrors.init("CUDA_ERROR_NO_DEVICE"));
        }
        int driverVersion = devices.get(0).driverVersion();
        if (driverVersion < CudaErrors.REQUIRED_DRIVER_VERSION) {
            return Probe.failed(CudaErrors.driverTooOld(driverVersion));
        }
        CublasLibrary.Outcome library = cublas.get();
        if (!library.loaded()) {
            return Probe.failed(library.description());
        }
        return new Probe(devices, null, library);
    }

    /** The devices the driver reports, with what {@code jmlp devices} shows. */
    private static List<CudaDeviceInfo> driverDevices() {
        JCudaDriver.setExceptionsEnabled(true);
        try {
            cuInit(0);
        } catch (CudaException e) {
            throw new Unavailable(CudaErrors.init(e.getMessage()));
        }
        int[] version = new int[1];
        cuDriverGetVersion(version);
        int[] count = new int[1];
        cuDeviceGetCount(count);
        List<CudaDeviceInfo> devices = new ArrayList<>();
        for (int i = 0; i < count[0]; i++) {
            CUdevice device = new CUdevice();
            cuDeviceGet(device, i);
            byte[] name = new byte[256];
            cuDeviceGetName(name, name.length, device);
            long[] memory = new long[1];
            cuDeviceTotalMem(memory, device);
            devices.add(new CudaDeviceInfo(
                    i,
                    cString(name),
                    attribute(device, CUdevice_attribute.CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR),
                    attribute(device, CUdevice_attribute.CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MINOR),
                    memory[0],
                    attribute(device, CUdevice_attribute.CU_DEVICE_ATTRIBUTE_MULTIPROCESSOR_COUNT),
                    version[0]));
        }
        return devices;
    }

    private static int attribute(CUdevice device, int attribute) {
        int[] value = new int[1];
        cuDeviceGetAttribute(value, attribute, device);
        return value[0];
    }

    private static String cString(byte[] bytes) {
        int end = 0;
        while (end < bytes.length && bytes[end] != 0) {
            end++;
        }
        return new String(bytes, 0, end, StandardCharsets.UTF_8).trim();
    }
}
