package io.jmlp.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jmlp.backend.Activation;
import io.jmlp.backend.DeviceStatus;
import io.jmlp.backend.KernelCodes;
import io.jmlp.backend.UpdateRule;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The codes Java passes to kernels are written once ({@link KernelCodes}, {@link DeviceStatus}) and
 * must be the {@code #define}s of the CUDA and the OpenCL sources alike: read from the sources, every
 * enum constant's {@code #define} exists in both and has the Java value.
 */
class KernelCodesTest {
    private static final Path CUDA = Path.of("../cuda-kernels/src/main/cuda");
    private static final Path OPENCL = Path.of("../opencl-kernels/src/main/resources/io/jmlp/opencl");
    private static final Pattern DEFINE = Pattern.compile("#define\\s+([A-Z0-9_]+)\\s+(\\d+)");

    private static Map<String, Integer> defines(Path file) throws IOException {
        Map<String, Integer> found = new TreeMap<>();
        Matcher m = DEFINE.matcher(Files.readString(file));
        while (m.find()) {
            found.put(m.group(1), Integer.parseInt(m.group(2)));
        }
        return found;
    }

    @Test
    void activationCodesAreTheKernelsDefines() throws IOException {
        for (Path source : new Path[] {CUDA.resolve("activation.cuh"), OPENCL.resolve("activation_functions.cl")}) {
            Map<String, Integer> defined = defines(source);
            for (Activation.Kind kind : Activation.Kind.values()) {
                assertEquals(
                        KernelCodes.activationCode(new Activation(kind, 0.1f)),
                        defined.get("ACT_" + kind.name()),
                        "ACT_" + kind.name() + " in " + source);
            }
        }
    }

    @Test
    void updateRuleCodesAreTheKernelsDefines() throws IOException {
        for (Path source : new Path[] {CUDA.resolve("optimizer.cu"), OPENCL.resolve("optimizer.cl")}) {
            Map<String, Integer> defined = defines(source);
            for (UpdateRule.Kind kind : UpdateRule.Kind.values()) {
                UpdateRule rule = new UpdateRule(kind, 0, 0, 0, 0, 0, 0, 0, 0, 0);
                assertEquals(
                        KernelCodes.ruleCode(rule),
                        defined.get("RULE_" + kind.name()),
                        "RULE_" + kind.name() + " in " + source);
            }
        }
    }

    @Test
    void statusCodesAreTheKernelsDefines() throws IOException {
        Map<String, Integer> java = Map.of(
                "STATUS_LABEL_OUT_OF_RANGE",
                DeviceStatus.LABEL_OUT_OF_RANGE,
                "STATUS_INDEX_OUT_OF_RANGE",
                DeviceStatus.INDEX_OUT_OF_RANGE,
                "STATUS_CLOCK_OUT_OF_RANGE",
                DeviceStatus.CLOCK_OUT_OF_RANGE,
                "CLOCK_GATHER_POSITION",
                DeviceStatus.CLOCK_GATHER_POSITION,
                "CLOCK_RATE_ROW",
                DeviceStatus.CLOCK_RATE_ROW);
        for (Path source : new Path[] {CUDA.resolve("common.cuh"), OPENCL.resolve("status.cl")}) {
            Map<String, Integer> defined = defines(source);
            java.forEach((name, value) -> assertEquals(value, defined.get(name), name + " in " + source));
        }
    }
}
