package io.jmlp.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The CPU a benchmark ran on, as every figure must name it: the model and its vector extensions
 * (AVX2, FMA, AVX-512), read from {@code /proc/cpuinfo}. A figure from an AVX2 machine says
 * nothing about an AVX-512 one, and the reverse.
 */
final class CpuModel {
    private CpuModel() {}

    /** e.g. "AMD EPYC, 2 cores; AVX2 FMA, no AVX-512", or what could not be read. */
    static String describe() {
        List<String> lines;
        try {
            lines = Files.readAllLines(Path.of("/proc/cpuinfo"));
        } catch (IOException | RuntimeException e) {
            return System.getProperty("os.arch") + ", " + Runtime.getRuntime().availableProcessors()
                    + " cores (model unknown: /proc/cpuinfo unreadable)";
        }
        String model = "unknown model";
        Set<String> flags = Set.of();
        for (String line : lines) {
            int colon = line.indexOf(':');
            if (colon < 0) {
                continue;
            }
            String key = line.substring(0, colon).trim();
            String value = line.substring(colon + 1).trim();
            if (key.equals("model name") && model.equals("unknown model")) {
                model = value;
            } else if (key.equals("flags") && flags.isEmpty()) {
                flags = Set.of(value.split("\\s+"));
            }
        }
        List<String> vector = new ArrayList<>();
        for (String f : List.of("avx2", "fma", "avx512f", "avx512vl", "avx512_bf16")) {
            if (flags.contains(f)) {
                vector.add(f.toUpperCase(java.util.Locale.ROOT).replace("_", "-"));
            }
        }
        if (!flags.contains("avx512f")) {
            vector.add("no AVX-512");
        }
        return model + ", " + Runtime.getRuntime().availableProcessors() + " cores; " + String.join(" ", vector);
    }
}
