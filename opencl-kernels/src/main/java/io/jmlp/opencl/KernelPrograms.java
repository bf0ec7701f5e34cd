package io.jmlp.opencl;

import static org.jocl.CL.CL_KERNEL_FUNCTION_NAME;
import static org.jocl.CL.CL_KERNEL_WORK_GROUP_SIZE;
import static org.jocl.CL.CL_PROGRAM_BUILD_LOG;
import static org.jocl.CL.clBuildProgram;
import static org.jocl.CL.clCreateKernelsInProgram;
import static org.jocl.CL.clCreateProgramWithSource;
import static org.jocl.CL.clGetKernelInfo;
import static org.jocl.CL.clGetKernelWorkGroupInfo;
import static org.jocl.CL.clGetProgramBuildInfo;

import io.jmlp.backend.accelerator.Kernel;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jocl.CL;
import org.jocl.CLException;
import org.jocl.Pointer;
import org.jocl.Sizeof;
import org.jocl.cl_context;
import org.jocl.cl_device_id;
import org.jocl.cl_kernel;
import org.jocl.cl_program;

/**
 * Our {@code .cl} files, one per op family, built once for a backend's context; every kernel of
 * every program is created here and looked up by name. A build failure throws with the driver's
 * build log.
 */
final class KernelPrograms implements AutoCloseable {
    /**
     * Each program's source files, in order: status.cl supplies the error reporting two families share,
     * activation_functions.cl the activation formulas of the activation kernels and of batch norm's.
     */
    private static final String[][] PROGRAMS = {
        {"activation_functions.cl", "activation.cl"},
        {"bias.cl"},
        {"activation_functions.cl", "batch_norm.cl"},
        {"status.cl", "loss.cl"},
        {"dropout.cl"},
        {"status.cl", "optimizer.cl"},
        {"status.cl", "gather.cl"},
        {"reduction.cl"},
    };

    /** Kernels that run as one work-group of {@code REDUCE_GROUP} work-items. */
    private static final List<String> GROUP_KERNELS = Arrays.stream(Kernel.values())
            .filter(k -> k.on(Kernel.Device.OPENCL) && k.shape() == Kernel.Shape.ONE_GROUP)
            .map(Kernel::kernelName)
            .toList();

    private final List<cl_program> programs = new ArrayList<>();
    private final Map<String, cl_kernel> kernels = new LinkedHashMap<>();
    private final int reduceGroup;

    KernelPrograms(cl_context context, OpenClDevice device) {
        this(context, device, PROGRAMS, GROUP_KERNELS);
    }

    /** Builds {@code sources} (resource names beside this class, one array per program); for tests of the build itself. */
    KernelPrograms(cl_context context, OpenClDevice device, String[][] sources, List<String> groupKernels) {
        this.reduceGroup = reduceGroupFor(device.maxWorkGroupSize());
        String options = "-DREDUCE_GROUP=" + reduceGroup;
        try {
            for (String[] files : sources) {
                cl_program program = build(context, device, files, options);
                programs.add(program);
                int[] count = new int[1];
                clCreateKernelsInProgram(program, 0, null, count);
                cl_kernel[] created = new cl_kernel[count[0]];
                clCreateKernelsInProgram(program, created.length, created, null);
                for (cl_kernel kernel : created) {
                    kernels.put(kernelName(kernel), kernel);
                }
            }
            for (String name : groupKernels) {
                long[] limit = new long[1];
                clGetKernelWorkGroupInfo(
                        kernel(name),
                        device.device(),
                        CL_KERNEL_WORK_GROUP_SIZE,
                        Sizeof.size_t,
                        Pointer.to(limit),
                        null);
                if (limit[0] < reduceGroup) {
                    throw new IllegalStateException(
                            "OpenCL kernel " + name + " can run at most " + limit[0] + " work-items per group on "
                                    + device.describe() + ", fewer than the " + reduceGroup + " it was built for");
                }
            }
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    /** The work-group size of the reduction kernels: 256, or the device's largest power of two below that. */
    private static int reduceGroupFor(long deviceMax) {
        int group = 256;
        while (group > deviceMax && group > 1) {
            group /= 2;
        }
        return group;
    }

    int reduceGroup() {
        return reduceGroup;
    }

    /** The kernel's {@code cl_kernel}, shared by every launch of it on this context (arguments are set per launch). */
    cl_kernel kernel(Kernel kernel) {
        return kernel(kernel.nameOn(Kernel.Device.OPENCL));
    }

    private cl_kernel kernel(String name) {
        cl_kernel kernel = kernels.get(name);
        if (kernel == null) {
            throw new IllegalStateException("no OpenCL kernel named " + name + " in " + kernels.keySet());
        }
        return kernel;
    }

    private static cl_program build(cl_context context, OpenClDevice device, String[] files, String options) {
        StringBuilder source = new StringBuilder();
        for (String file : files) {
            source.append(resource(file)).append('\n');
        }
        cl_program program = clCreateProgramWithSource(context, 1, new String[] {source.toString()}, null, null);
        try {
            clBuildProgram(program, 1, new cl_device_id[] {device.device()}, options, null, null);
        } catch (CLException e) {
            String log = buildLog(program, device.device());
            CL.clReleaseProgram(program);
            throw new IllegalStateException(
                    "building OpenCL kernels " + String.join(" + ", files) + " failed on " + device.describe() + " ("
                            + e.getMessage() + "); build log:\n" + log,
                    e);
        }
        return program;
    }

    private static String buildLog(cl_program program, cl_device_id device) {
        try {
            long[] size = new long[1];
            clGetProgramBuildInfo(program, device, CL_PROGRAM_BUILD_LOG, 0, null, size);
            byte[] bytes = new byte[(int) size[0]];
            clGetProgramBuildInfo(program, device, CL_PROGRAM_BUILD_LOG, bytes.length, Pointer.to(bytes), null);
            return new String(bytes, StandardCharsets.UTF_8).trim();
        } catch (CLException e) {
            return "(no build log: " + e.getMessage() + ")";
        }
    }

    private static String kernelName(cl_kernel kernel) {
        long[] size = new long[1];
        clGetKernelInfo(kernel, CL_KERNEL_FUNCTION_NAME, 0, null, size);
        byte[] bytes = new byte[(int) size[0]];
        clGetKernelInfo(kernel, CL_KERNEL_FUNCTION_NAME, bytes.length, Pointer.to(bytes), null);
        int end = 0;
        while (end < bytes.length && bytes[end] != 0) {
            end++;
        }
        return new String(bytes, 0, end, StandardCharsets.US_ASCII);
    }

    private static String resource(String file) {
        try (InputStream in = KernelPrograms.class.getResourceAsStream(file)) {
            if (in == null) {
                throw new IllegalStateException(
                        "OpenCL kernel source " + file + " is missing from the jmlp-opencl-kernels jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("reading OpenCL kernel source " + file, e);
        }
    }

    @Override
    public void close() {
        kernels.values().forEach(CL::clReleaseKernel);
        kernels.clear();
        programs.forEach(CL::clReleaseProgram);
        programs.clear();
    }
}
