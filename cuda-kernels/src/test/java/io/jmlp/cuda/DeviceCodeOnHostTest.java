package io.jmlp.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jmlp.backend.Activation;
import io.jmlp.random.Philox;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The device functions that decide dropout masks and activations, compiled by nvcc for the host
 * (src/test/cuda/host_check.cu includes the kernel sources) and run without a GPU: the CUDA Philox
 * port gives bit-identical words to io.jmlp.random.Philox, and the activation formulas match
 * {@link Activation}. The host's libm stands in for CUDA's device libm here, so this checks the
 * formulas and branches, not the device's last-ulp accuracy (the parity suite does that on a GPU).
 * Skipped when nvcc or gcc is missing.
 */
class DeviceCodeOnHostTest {
    private static Path program;

    @BeforeAll
    static void compile() throws Exception {
        Path dir = Files.createDirectories(Path.of("target/host-check"));
        program = dir.resolve("host_check");
        List<String> command =
                List.of(nvcc(), "-std=c++17", "--fmad=false", "-o", program.toString(), "src/test/cuda/host_check.cu");
        Process process;
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            Assumptions.abort("nvcc not available: " + e.getMessage());
            return;
        }
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(300, TimeUnit.SECONDS));
        Assumptions.assumeTrue(process.exitValue() == 0 || !out.contains("gcc"), "nvcc has no host compiler: " + out);
        assertEquals(0, process.exitValue(), "nvcc failed:\n" + out);
    }

    private static String nvcc() {
        Path toolkit = Path.of("/usr/local/cuda/bin/nvcc");
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (!dir.isBlank() && Files.isExecutable(Path.of(dir, "nvcc"))) {
                return Path.of(dir, "nvcc").toString();
            }
        }
        return Files.isExecutable(toolkit) ? toolkit.toString() : "nvcc";
    }

    private static List<String> run(String mode, String input) throws Exception {
        Process process = new ProcessBuilder(program.toString(), mode)
                .redirectErrorStream(true)
                .start();
        try (OutputStream in = process.getOutputStream()) {
            in.write(input.getBytes(StandardCharsets.US_ASCII));
        }
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, process.exitValue(), out);
        return out.lines().toList();
    }

    @Test
    void philoxWordsAreBitIdenticalToJava() throws Exception {
        SplittableRandom random = new SplittableRandom(7);
        List<long[]> cases = new ArrayList<>();
        long[] seeds = {0, 1, 42, -1L, 0x8000_0000_0000_0000L};
        long[] streams = {
            0, Philox.stream(Philox.Purpose.DROPOUT, 0), Philox.stream(Philox.Purpose.DROPOUT, (1L << 48) - 1), -1L
        };
        long[] counters = {0, 1, 2, 3, 4, 5, (1L << 32) - 1, 1L << 34, (1L << 34) + 3, Long.MAX_VALUE};
        for (long seed : seeds) {
            for (long stream : streams) {
                for (long n : counters) {
                    cases.add(new long[] {seed, stream, n});
                }
            }
        }
        for (int i = 0; i < 2000; i++) {
            cases.add(new long[] {random.nextLong(), random.nextLong(), random.nextLong(1L << 40)});
        }
        StringBuilder input = new StringBuilder();
        for (long[] c : cases) {
            input.append(Long.toUnsignedString(c[0]))
                    .append(' ')
                    .append(Long.toUnsignedString(c[1]))
                    .append(' ')
                    .append(Long.toUnsignedString(c[2]))
                    .append('\n');
        }
        List<String> words = run("philox", input.toString());
        assertEquals(cases.size(), words.size());
        for (int i = 0; i < cases.size(); i++) {
            long[] c = cases.get(i);
            assertEquals(
                    Integer.toUnsignedString(Philox.word(c[0], c[1], c[2])),
                    words.get(i),
                    "seed " + c[0] + ", stream " + c[1] + ", n " + c[2]);
        }
    }

    @Test
    void activationFormulasMatchTheReference() throws Exception {
        float[] zs = {-30f, -8f, -3f, -2f, -1.5f, -1f, -0.5f, -1e-3f, -0f, 0f, 1e-3f, 0.5f, 1f, 1.5f, 2f, 3f, 8f, 30f};
        List<Object[]> cases = new ArrayList<>();
        StringBuilder input = new StringBuilder();
        for (Activation.Kind kind : Activation.Kind.values()) {
            float alpha = kind == Activation.Kind.LEAKY_RELU ? 0.01f : kind == Activation.Kind.ELU ? 1.0f : 0f;
            Activation activation = new Activation(kind, alpha);
            for (float z : zs) {
                cases.add(new Object[] {activation, z});
                input.append(io.jmlp.backend.KernelCodes.activationCode(activation))
                        .append(' ')
                        .append(Integer.toHexString(Float.floatToRawIntBits(alpha)))
                        .append(' ')
                        .append(Integer.toHexString(Float.floatToRawIntBits(z)))
                        .append('\n');
            }
        }
        List<String> lines = run("activation", input.toString());
        assertEquals(cases.size(), lines.size());
        for (int i = 0; i < cases.size(); i++) {
            Activation activation = (Activation) cases.get(i)[0];
            float z = (float) cases.get(i)[1];
            String[] parts = lines.get(i).split(" ");
            float a = Float.intBitsToFloat((int) Long.parseLong(parts[0], 16));
            float d = Float.intBitsToFloat((int) Long.parseLong(parts[1], 16));
            double expectedA = activation.apply(z);
            // The derivative from the kernel's own a, as the kernel computes it; the reference's from its own.
            double expectedD = activation.derivative(z, expectedA);
            String what = String.format(Locale.ROOT, "%s at z = %s", activation, z);
            assertClose(expectedA, a, what + ": f");
            assertClose(expectedD, d, what + ": f'");
        }
    }

    /** The parity suite's TRANSCENDENTAL tolerance: 1e-5 relative, 1e-6 absolute. */
    private static void assertClose(double expected, float actual, String what) {
        double error = Math.abs(actual - expected);
        assertTrue(
                error <= 1e-6 + 1e-5 * Math.abs(expected),
                what + " = " + actual + ", expected " + expected + " (error " + error + ")");
    }
}
