package io.jmlp.cuda;

import io.jmlp.backend.DeviceInfo;
import java.util.Locale;

/**
 * One CUDA device as the driver describes it.
 *
 * @param index          the CUDA device ordinal (after CUDA_VISIBLE_DEVICES), what {@code --backend cuda:N} selects
 * @param driverVersion  the driver's CUDA version as cuDriverGetVersion reports it (13000 = CUDA 13.0)
 */
record CudaDeviceInfo(
        int index, String name, int major, int minor, long totalMemoryBytes, int multiprocessors, int driverVersion) {

    /** The oldest compute capability our kernels run on: nvcc 13's oldest target, compute_75 (Turing). */
    static final int MIN_MAJOR = 7;

    static final int MIN_MINOR = 5;

    boolean supported() {
        return major > MIN_MAJOR || (major == MIN_MAJOR && minor >= MIN_MINOR);
    }

    /** "13.0" for 13000. */
    static String cudaVersion(int driverVersion) {
        return (driverVersion / 1000) + "." + (driverVersion % 1000) / 10;
    }

    DeviceInfo info() {
        return new DeviceInfo(
                index,
                name,
                String.format(
                        Locale.ROOT,
                        "compute capability %d.%d, %.1f GiB, %d multiprocessors, driver CUDA %s",
                        major,
                        minor,
                        totalMemoryBytes / (double) (1L << 30),
                        multiprocessors,
                        cudaVersion(driverVersion)));
    }

    String describe() {
        return String.format(
                Locale.ROOT,
                "%s (cuda:%d, compute %d.%d, %.1f GiB)",
                name,
                index,
                major,
                minor,
                totalMemoryBytes / (double) (1L << 30));
    }
}
