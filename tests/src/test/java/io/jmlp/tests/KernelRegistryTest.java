package io.jmlp.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jmlp.backend.accelerator.Kernel;
import io.jmlp.backend.accelerator.Kernel.Device;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The kernel registry ({@link Kernel}) against the device sources, both ways, read as text (no nvcc or
 * OpenCL needed): every {@code __global__} function of {@code cuda-kernels/src/main/cuda} and every
 * {@code __kernel} of the {@code .cl} files is a constant, in the file the constant names, and every
 * constant exists in the sources of each device it claims — and in no other. A CUDA kernel carries
 * {@code __launch_bounds__(REDUCE_THREADS)} exactly when it is launched as one group.
 */
class KernelRegistryTest {
    private static final Path CUDA = Path.of("../cuda-kernels/src/main/cuda");
    private static final Path OPENCL = Path.of("../opencl-kernels/src/main/resources/io/jmlp/opencl");
    private static final Pattern CUDA_KERNEL = Pattern.compile(
            "__global__\\s+void\\s+(__launch_bounds__\\s*\\(\\s*REDUCE_THREADS\\s*\\)\\s*)?(\\w+)\\s*\\(");
    private static final Pattern OPENCL_KERNEL =
            Pattern.compile("__kernel\\s+(?:__attribute__\\s*\\(\\(.*?\\)\\)\\s*)?void\\s+(\\w+)\\s*\\(");
    private static final Pattern COMMENT = Pattern.compile("//[^\\n]*|/\\*.*?\\*/", Pattern.DOTALL);

    /** Kernel name → the file defining it, for every kernel in the files of {@code dir} ending in one of {@code suffixes}. */
    private static Map<String, String> kernels(Path dir, Pattern kernel, int nameGroup, List<String> suffixes)
            throws IOException {
        Map<String, String> found = new TreeMap<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.sorted().toList()) {
                String name = file.getFileName().toString();
                if (suffixes.stream().noneMatch(name::endsWith)) {
                    continue;
                }
                Matcher m =
                        kernel.matcher(COMMENT.matcher(Files.readString(file)).replaceAll(" "));
                while (m.find()) {
                    String previous = found.put(m.group(nameGroup), name);
                    assertEquals(null, previous, m.group(nameGroup) + " is defined in " + previous + " and " + name);
                }
            }
        }
        assertFalse(found.isEmpty(), "no kernels found under " + dir.toAbsolutePath());
        return found;
    }

    private static Map<String, String> sources(Device device) throws IOException {
        return device == Device.CUDA
                ? kernels(CUDA, CUDA_KERNEL, 2, List.of(".cu", ".cuh"))
                : kernels(OPENCL, OPENCL_KERNEL, 1, List.of(".cl"));
    }

    @Test
    void everyKernelInTheSourcesIsInTheRegistryInItsFile() throws IOException {
        for (Device device : Device.values()) {
            for (Map.Entry<String, String> kernel : sources(device).entrySet()) {
                Kernel constant = byName(kernel.getKey());
                assertTrue(
                        constant != null,
                        device + " kernel " + kernel.getKey() + " (" + kernel.getValue()
                                + ") is missing from io.jmlp.backend.accelerator.Kernel");
                assertEquals(
                        kernel.getValue(),
                        constant.file(device),
                        constant + ": the " + device + " file the registry names vs the one defining it");
            }
        }
    }

    @Test
    void everyRegisteredKernelIsInTheSourcesOfEachDeviceItClaims() throws IOException {
        for (Device device : Device.values()) {
            Map<String, String> found = sources(device);
            for (Kernel kernel : Kernel.values()) {
                if (kernel.on(device)) {
                    assertEquals(
                            kernel.file(device),
                            found.get(kernel.kernelName()),
                            kernel + " should be a " + device + " kernel in " + kernel.file(device));
                } else {
                    assertFalse(
                            found.containsKey(kernel.kernelName()),
                            kernel + " is marked absent on " + device + " but " + found.get(kernel.kernelName())
                                    + " defines it");
                }
            }
        }
    }

    @Test
    void constantsAreNamedAfterTheirKernelsAndOnAtLeastOneDevice() {
        Set<String> names = new HashSet<>();
        for (Kernel kernel : Kernel.values()) {
            assertEquals(kernel.name().toLowerCase(Locale.ROOT), kernel.kernelName(), kernel.toString());
            assertTrue(names.add(kernel.kernelName()), "two constants for " + kernel.kernelName());
            assertTrue(kernel.on(Device.CUDA) || kernel.on(Device.OPENCL), kernel + " is on no device");
        }
    }

    @Test
    void cudaOneGroupKernelsAreExactlyThoseBuiltForTheReduceBlock() throws IOException {
        Map<String, Boolean> bounded = new TreeMap<>();
        Matcher m = CUDA_KERNEL.matcher("");
        try (Stream<Path> files = Files.list(CUDA)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".cu")).toList()) {
                m.reset(COMMENT.matcher(Files.readString(file)).replaceAll(" "));
                while (m.find()) {
                    bounded.put(m.group(2), m.group(1) != null);
                }
            }
        }
        for (Kernel kernel : Kernel.values()) {
            if (kernel.on(Device.CUDA)) {
                assertEquals(
                        kernel.shape() == Kernel.Shape.ONE_GROUP,
                        bounded.get(kernel.kernelName()),
                        kernel + " is " + kernel.shape() + ": __launch_bounds__(REDUCE_THREADS) in "
                                + kernel.file(Device.CUDA));
            }
        }
    }

    private static Kernel byName(String name) {
        for (Kernel kernel : Kernel.values()) {
            if (kernel.kernelName().equals(name)) {
                return kernel;
            }
        }
        return null;
    }
}
