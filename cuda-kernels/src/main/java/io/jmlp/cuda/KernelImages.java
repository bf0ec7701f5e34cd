package io.jmlp.cuda;

import io.jmlp.backend.accelerator.Kernel;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Our compiled kernels: one module per {@code src/main/cuda/*.cu} file, built by nvcc during the
 * Maven build into {@code io/jmlp/cuda/kernels/NAME.fatbin} (what is loaded: compute_75 PTX plus
 * sm_90 SASS) and {@code NAME.ptx} (the same PTX as text, for tests). This class also lists every
 * kernel Java launches, by module, as {@link Kernel} says, so a test can check each one against the
 * built PTX.
 */
final class KernelImages {
    static final String BUNDLED = "/io/jmlp/cuda/kernels/";

    /** Module → the kernels {@link CudaBackend} launches from it. */
    static final Map<String, List<String>> KERNELS = kernels();

    /** Kernels launched as one block of {@link LaunchGeometry#REDUCE_THREADS} (their {@code __launch_bounds__}). */
    static final Set<String> ONE_BLOCK = Arrays.stream(Kernel.values())
            .filter(k -> k.on(Kernel.Device.CUDA) && k.shape() == Kernel.Shape.ONE_GROUP)
            .map(Kernel::kernelName)
            .collect(Collectors.toUnmodifiableSet());

    private final String base;

    /** Images under a class-path directory: {@link #BUNDLED}, or another one in tests. */
    KernelImages(String base) {
        this.base = base;
    }

    static KernelImages bundled() {
        return new KernelImages(BUNDLED);
    }

    private static Map<String, List<String>> kernels() {
        Map<String, List<String>> kernels = new LinkedHashMap<>();
        for (Kernel kernel : Kernel.values()) {
            if (kernel.on(Kernel.Device.CUDA)) {
                String module = kernel.file(Kernel.Device.CUDA).replaceFirst("\\.cu$", "");
                kernels.computeIfAbsent(module, m -> new ArrayList<>()).add(kernel.kernelName());
            }
        }
        kernels.replaceAll((module, names) -> List.copyOf(names));
        return Collections.unmodifiableMap(
                kernels); // the order of the Kernel constants: the order modules are loaded in
    }

    /** Modules whose fatbin is missing from the class path; empty when the kernels were built. */
    List<String> missing() {
        List<String> missing = new ArrayList<>();
        for (String module : KERNELS.keySet()) {
            if (KernelImages.class.getResource(base + module + ".fatbin") == null) {
                missing.add(module + ".fatbin");
            }
        }
        return missing;
    }

    /** The fatbin of {@code module}, for cuModuleLoadData. */
    byte[] fatbin(String module) {
        return read(base + module + ".fatbin");
    }

    /** The PTX text of {@code module}, or null when it was not built. */
    String ptx(String module) {
        if (KernelImages.class.getResource(base + module + ".ptx") == null) {
            return null;
        }
        return new String(read(base + module + ".ptx"), StandardCharsets.US_ASCII);
    }

    private static byte[] read(String resource) {
        try (InputStream in = KernelImages.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(
                        "CUDA kernel image " + resource + " is missing from the jmlp-cuda-kernels jar "
                                + "(kernels not built: build jmlp where nvcc and gcc are installed)");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("reading CUDA kernel image " + resource, e);
        }
    }
}
