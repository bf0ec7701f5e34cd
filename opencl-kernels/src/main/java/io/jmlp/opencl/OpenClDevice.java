package io.jmlp.opencl;

import static org.jocl.CL.CL_DEVICE_DOUBLE_FP_CONFIG;
import static org.jocl.CL.CL_DEVICE_GLOBAL_MEM_SIZE;
import static org.jocl.CL.CL_DEVICE_MAX_COMPUTE_UNITS;
import static org.jocl.CL.CL_DEVICE_MAX_WORK_GROUP_SIZE;
import static org.jocl.CL.CL_DEVICE_NAME;
import static org.jocl.CL.CL_DEVICE_TYPE;
import static org.jocl.CL.CL_DEVICE_TYPE_ALL;
import static org.jocl.CL.CL_DEVICE_TYPE_CPU;
import static org.jocl.CL.CL_DEVICE_TYPE_GPU;
import static org.jocl.CL.CL_DEVICE_VENDOR;
import static org.jocl.CL.CL_DEVICE_VERSION;
import static org.jocl.CL.CL_PLATFORM_NAME;
import static org.jocl.CL.clGetDeviceIDs;
import static org.jocl.CL.clGetDeviceInfo;
import static org.jocl.CL.clGetPlatformIDs;
import static org.jocl.CL.clGetPlatformInfo;

import io.jmlp.backend.DeviceInfo;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import org.jocl.CL;
import org.jocl.Pointer;
import org.jocl.Sizeof;
import org.jocl.cl_device_id;
import org.jocl.cl_platform_id;

/**
 * One OpenCL device of one platform, with what {@code jmlp devices} shows about it.
 *
 * @param index the position in {@link #all()}, which {@code --backend opencl:N} selects
 */
record OpenClDevice(
        int index,
        cl_platform_id platform,
        cl_device_id device,
        String platformName,
        String name,
        String vendor,
        String version,
        long globalMemoryBytes,
        int computeUnits,
        boolean fp64,
        boolean gpu,
        boolean cpu,
        long maxWorkGroupSize) {

    /**
     * Every device of every platform, GPUs first (then the others in platform order), so index 0
     * is the default choice: a GPU when there is one, else any device.
     *
     * @throws LinkageError when the OpenCL library (libOpenCL.so) or JOCL's native part cannot be loaded
     */
    static List<OpenClDevice> all() {
        CL.setExceptionsEnabled(true);
        int[] count = new int[1];
        try {
            clGetPlatformIDs(0, null, count);
        } catch (org.jocl.CLException e) {
            return List.of(); // CL_PLATFORM_NOT_FOUND_KHR: the ICD loader is there, no driver registered with it
        }
        cl_platform_id[] platforms = new cl_platform_id[count[0]];
        if (platforms.length > 0) {
            clGetPlatformIDs(platforms.length, platforms, null);
        }
        List<OpenClDevice> found = new ArrayList<>();
        for (cl_platform_id platform : platforms) {
            int[] deviceCount = new int[1];
            try {
                clGetDeviceIDs(platform, CL_DEVICE_TYPE_ALL, 0, null, deviceCount);
            } catch (org.jocl.CLException e) {
                continue; // CL_DEVICE_NOT_FOUND: a platform without devices
            }
            cl_device_id[] devices = new cl_device_id[deviceCount[0]];
            clGetDeviceIDs(platform, CL_DEVICE_TYPE_ALL, devices.length, devices, null);
            String platformName = platformString(platform, CL_PLATFORM_NAME);
            for (cl_device_id device : devices) {
                long type = deviceLong(device, CL_DEVICE_TYPE);
                found.add(new OpenClDevice(
                        -1,
                        platform,
                        device,
                        platformName,
                        deviceString(device, CL_DEVICE_NAME),
                        deviceString(device, CL_DEVICE_VENDOR),
                        deviceString(device, CL_DEVICE_VERSION),
                        deviceLong(device, CL_DEVICE_GLOBAL_MEM_SIZE),
                        deviceInt(device, CL_DEVICE_MAX_COMPUTE_UNITS),
                        deviceLong(device, CL_DEVICE_DOUBLE_FP_CONFIG) != 0,
                        (type & CL_DEVICE_TYPE_GPU) != 0,
                        (type & CL_DEVICE_TYPE_CPU) != 0,
                        deviceSizeT(device, CL_DEVICE_MAX_WORK_GROUP_SIZE)));
            }
        }
        List<OpenClDevice> ordered = new ArrayList<>(found);
        ordered.sort(Comparator.comparing((OpenClDevice d) -> !d.gpu())); // stable: platform order within each kind
        List<OpenClDevice> indexed = new ArrayList<>();
        for (OpenClDevice d : ordered) {
            indexed.add(new OpenClDevice(
                    indexed.size(),
                    d.platform,
                    d.device,
                    d.platformName,
                    d.name,
                    d.vendor,
                    d.version,
                    d.globalMemoryBytes,
                    d.computeUnits,
                    d.fp64,
                    d.gpu,
                    d.cpu,
                    d.maxWorkGroupSize));
        }
        return indexed;
    }

    String kind() {
        return gpu ? "GPU" : cpu ? "CPU" : "accelerator";
    }

    /** The line {@code jmlp devices} prints: vendor, version, memory, compute units, fp64. */
    DeviceInfo info() {
        String details = String.format(
                Locale.ROOT,
                "%s, %s, platform %s, %s, %.1f GiB, %d compute units, fp64 %s",
                kind(),
                vendor,
                platformName,
                version,
                globalMemoryBytes / (double) (1L << 30),
                computeUnits,
                fp64 ? "yes" : "no");
        return new DeviceInfo(index, name, details);
    }

    /** For logs and {@link io.jmlp.backend.Backend#deviceDescription()}. */
    String describe() {
        return name + " (" + kind() + ", " + platformName + ")";
    }

    private static String platformString(cl_platform_id platform, int param) {
        long[] size = new long[1];
        clGetPlatformInfo(platform, param, 0, null, size);
        byte[] bytes = new byte[(int) size[0]];
        clGetPlatformInfo(platform, param, bytes.length, Pointer.to(bytes), null);
        return cString(bytes);
    }

    private static String deviceString(cl_device_id device, int param) {
        long[] size = new long[1];
        clGetDeviceInfo(device, param, 0, null, size);
        byte[] bytes = new byte[(int) size[0]];
        clGetDeviceInfo(device, param, bytes.length, Pointer.to(bytes), null);
        return cString(bytes);
    }

    private static long deviceLong(cl_device_id device, int param) {
        long[] value = new long[1];
        clGetDeviceInfo(device, param, Sizeof.cl_ulong, Pointer.to(value), null);
        return value[0];
    }

    private static int deviceInt(cl_device_id device, int param) {
        int[] value = new int[1];
        clGetDeviceInfo(device, param, Sizeof.cl_uint, Pointer.to(value), null);
        return value[0];
    }

    private static long deviceSizeT(cl_device_id device, int param) {
        long[] value = new long[1];
        clGetDeviceInfo(device, param, Sizeof.size_t, Pointer.to(value), null);
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
