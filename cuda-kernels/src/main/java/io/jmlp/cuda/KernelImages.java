package io.jmlp.cuda;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Our compiled kernels: one module per {@code src/main/cuda/*.cu} file, built by nvcc during the
 * Maven build into {@code io/jmlp/cuda/kernels/NAME.fatbin} (what is loaded: compute_75 PTX plus
 * sm_90 SASS) and {@code NAME.ptx} (the same PTX as text, for tests). This class also lists every
 * kernel Java launches, by module, so a test can check each one against the built PTX.
 */
final class KernelImages {
    static final String BUNDLED = "/io/jmlp/cuda/kernels/";

    /** Module → the kernels {@link CudaBackend} launches from it. */
    static final Map<String, List<String>> KERNELS = kernels();

    /** Kernels launched as one block of {@link LaunchGeometry#REDUCE_THREADS} (their {@code __launch_bounds__}). */
    static final Set<String> ONE_BLOCK = Set.of(
            "prelu_slope_grad_shared",
            "softmax_cross_entropy",
            "sigmoid_binary_cross_entropy",
            "mean_squared_error",
            "multiclass_hinge",
            "count_correct",
            "sum_of_squares",
            "count_non_finite");

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
        kernels.put(
                "activation",
                List.of(
                        "bias_activation_forward",
                        "activation_backward",
                        "prelu_forward",
                        "prelu_backward_input",
                        "prelu_slope_grad_columns",
                        "prelu_slope_grad_shared"));
        kernels.put("bias", List.of("sum_rows"));
        kernels.put(
                "batch_norm",
                List.of("batch_norm_forward_training", "batch_norm_forward_inference", "batch_norm_backward"));
        kernels.put(
                "loss",
                List.of(
                        "softmax_cross_entropy",
                        "sigmoid_binary_cross_entropy",
                        "mean_squared_error",
                        "multiclass_hinge",
                        "softmax_rows",
                        "argmax_rows",
                        "count_correct"));
        kernels.put("dropout", List.of("dropout_forward", "multiply"));
        kernels.put("optimizer", List.of("optimizer_update", "clamp_column_norms"));
        kernels.put("gather", List.of("gather_rows", "advance_clock"));
        kernels.put("reduction", List.of("scale", "axpy", "sum_of_squares", "count_non_finite"));
        return Collections.unmodifiableMap(kernels); // insertion order: the order modules are loaded in
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
