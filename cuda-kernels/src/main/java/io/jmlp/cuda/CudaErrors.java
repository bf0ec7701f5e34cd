package io.jmlp.cuda;

import java.util.Locale;

/**
 * What to tell a user when CUDA fails: each method turns what went wrong (a linkage error, or the
 * {@code CUresult} name that JCuda's exceptions carry as their message, e.g.
 * {@code CUDA_ERROR_UNSUPPORTED_PTX_VERSION}) into one sentence saying what happened and what to do.
 * Pure functions of their arguments, so every message is tested without a GPU.
 */
final class CudaErrors {
    /** The driver generation our kernels need: nvcc 13.0 emits PTX ISA 9.0, which only CUDA 13 drivers JIT-compile. */
    static final int REQUIRED_DRIVER_VERSION = 13000;

    private static final String DRIVER_HINT =
            "install or update the NVIDIA driver (R580 or newer, the CUDA 13 generation)";

    private CudaErrors() {}

    /** JCuda's driver library failed to load (an {@link UnsatisfiedLinkError}, or the NoClassDefFoundError that follows it). */
    static String driverLibrary(Throwable e) {
        String message = String.valueOf(e.getMessage());
        if (message.contains("libcuda.so")) {
            return "no CUDA driver: libcuda.so.1 not found (the NVIDIA driver is not installed, or not on the loader path); "
                    + DRIVER_HINT;
        }
        if (e instanceof NoClassDefFoundError) {
            return "JCuda's driver library failed to load earlier in this process (" + message + ")";
        }
        return "JCuda's native driver library could not be loaded: " + CublasLibrary.firstLine(e)
                + " (JCuda 12.6 ships natives for Linux x86-64/aarch64 and Windows x86-64)";
    }

    /** cuInit failed with {@code result}. */
    static String init(String result) {
        return switch (result) {
            case "CUDA_ERROR_NO_DEVICE" ->
                "the NVIDIA driver found no CUDA device (check `nvidia-smi`, and CUDA_VISIBLE_DEVICES="
                        + visibleDevices() + ")";
            case "CUDA_ERROR_STUB_LIBRARY" ->
                "the libcuda.so.1 found is the CUDA toolkit's stub (lib64/stubs), not a driver: remove the "
                        + "stubs directory from LD_LIBRARY_PATH, or " + DRIVER_HINT;
            case "CUDA_ERROR_SYSTEM_DRIVER_MISMATCH" ->
                "the NVIDIA kernel module and libcuda.so.1 have different versions "
                        + "(a driver update without a reboot?): reboot, or reinstall the driver";
            case "CUDA_ERROR_COMPAT_NOT_SUPPORTED_ON_DEVICE" ->
                "the CUDA forward-compatibility driver in use does not support this "
                        + "GPU: remove the cuda-compat libraries from LD_LIBRARY_PATH, or " + DRIVER_HINT;
            case "CUDA_ERROR_DEVICE_UNAVAILABLE" ->
                "the CUDA device is unavailable (exclusive-process mode with another process on it, "
                        + "or in an error state; see `nvidia-smi`)";
            case "CUDA_ERROR_NOT_PERMITTED", "CUDA_ERROR_OPERATING_SYSTEM" ->
                "the operating system refused access to the GPU (" + result + "): check permissions on /dev/nvidia*";
            default -> "cuInit failed with " + result + "; check `nvidia-smi`";
        };
    }

    /** The driver predates the CUDA generation our PTX needs. */
    static String driverTooOld(int driverVersion) {
        return "the NVIDIA driver supports CUDA " + CudaDeviceInfo.cudaVersion(driverVersion)
                + ", but jmlp's kernels were built by nvcc "
                + "13.0 (PTX ISA 9.0) and need a CUDA " + CudaDeviceInfo.cudaVersion(REQUIRED_DRIVER_VERSION)
                + " driver: "
                + DRIVER_HINT;
    }

    static String computeCapabilityTooLow(CudaDeviceInfo device) {
        return device.describe() + " has compute capability " + device.major() + "." + device.minor()
                + "; jmlp's kernels need " + CudaDeviceInfo.MIN_MAJOR + "." + CudaDeviceInfo.MIN_MINOR
                + " or newer (Turing+), the oldest nvcc 13 compiles for";
    }

    /** cuModuleLoadData of one of our modules failed with {@code result}. */
    static String moduleLoad(String module, String result, int driverVersion, CudaDeviceInfo device) {
        String what =
                "loading CUDA kernels " + module + ".fatbin on " + device.describe() + " failed (" + result + "): ";
        return switch (result) {
            case "CUDA_ERROR_UNSUPPORTED_PTX_VERSION" -> what + driverTooOld(driverVersion);
            case "CUDA_ERROR_NO_BINARY_FOR_GPU" ->
                what + "the image has no code this GPU can run (compute_75 PTX and sm_90 SASS); "
                        + computeCapabilityTooLow(device);
            case "CUDA_ERROR_JIT_COMPILER_NOT_FOUND" ->
                what + "the driver's PTX JIT compiler (libnvidia-ptxjitcompiler.so) is missing; "
                        + "reinstall the NVIDIA driver";
            case "CUDA_ERROR_JIT_COMPILATION_DISABLED" ->
                what + "PTX JIT compilation is disabled (CUDA_DISABLE_PTX_JIT?); "
                        + "enable it, or run on an sm_90 GPU, for which SASS is included";
            case "CUDA_ERROR_INVALID_PTX", "CUDA_ERROR_INVALID_IMAGE" ->
                what + "the kernel image is corrupt or was built by a newer " + "nvcc than this driver understands; "
                        + DRIVER_HINT;
            default -> what + "see the CUDA error above";
        };
    }

    /** cuMemAlloc ran out of device memory. */
    static String outOfMemory(long requestedBytes, long freeBytes, long totalBytes, String device) {
        String free = freeBytes < 0 ? "unknown" : bytes(freeBytes) + " of " + bytes(totalBytes);
        return "CUDA device out of memory on " + device + ": asked for " + bytes(requestedBytes) + ", " + free
                + " free; use a smaller --batch-size or data set, or stop other processes using the GPU (`nvidia-smi`)";
    }

    /** A queued operation failed; reported at the next wait (cuStreamSynchronize) with the error the driver recorded. */
    static String asynchronous(String result, String device) {
        String what = "a CUDA operation on " + device + " failed (" + result + ")";
        return switch (result) {
            case "CUDA_ERROR_ILLEGAL_ADDRESS",
                    "CUDA_ERROR_LAUNCH_FAILED",
                    "CUDA_ERROR_MISALIGNED_ADDRESS",
                    "CUDA_ERROR_ILLEGAL_INSTRUCTION",
                    "CUDA_ERROR_HARDWARE_STACK_ERROR" ->
                what
                        + ": a kernel faulted, which is a jmlp bug; the CUDA context is now unusable. Please report it with the "
                        + "command line, and rerun with CUDA_LAUNCH_BLOCKING=1 to find the op";
            case "CUDA_ERROR_LAUNCH_TIMEOUT" ->
                what + ": a kernel ran into the display watchdog; use a GPU without a display attached";
            case "CUDA_ERROR_ECC_UNCORRECTABLE" ->
                what + ": the GPU reported an uncorrectable memory error (see `nvidia-smi -q`)";
            default -> what;
        };
    }

    /** "1.50 GiB (1610612736 bytes)". */
    static String bytes(long bytes) {
        return String.format(Locale.ROOT, "%.2f GiB (%d bytes)", bytes / (double) (1L << 30), bytes);
    }

    private static String visibleDevices() {
        String visible = System.getenv("CUDA_VISIBLE_DEVICES");
        return visible == null ? "<unset>" : "'" + visible + "'";
    }
}
