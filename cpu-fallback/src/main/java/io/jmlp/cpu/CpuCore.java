package io.jmlp.cpu;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What {@link KernelChoice} needs to know of the core beyond its vector width, read from Linux's
 * {@code /proc/cpuinfo}: whether it runs a 512-bit FMA as two 256-bit halves. AMD's Zen 4 (family 25,
 * the only family-25 cores with AVX-512) does: there a 256-bit FMA does as many lanes a cycle as a
 * 512-bit one, and a kernel that needs fewer broadcasts per lane wins. Elsewhere, or where the file
 * cannot be read, the answer is no, and the choice is what it is on every other AVX-512 core.
 */
record CpuCore(String vendor, int family) {
    private static final Path CPUINFO = Path.of("/proc/cpuinfo");
    static final CpuCore UNKNOWN = new CpuCore("", -1);

    static CpuCore ofThisMachine() {
        try {
            return parse(Files.readString(CPUINFO));
        } catch (IOException | RuntimeException e) {
            return UNKNOWN;
        }
    }

    /** The first processor's {@code vendor_id} and {@code cpu family} in {@code cpuinfo}'s text. */
    static CpuCore parse(String cpuinfo) {
        String vendor = "";
        int family = -1;
        for (String line : cpuinfo.split("\n")) {
            int colon = line.indexOf(':');
            if (colon < 0) {
                if (!vendor.isEmpty() || family >= 0) {
                    break; // the end of the first processor's block
                }
                continue;
            }
            String key = line.substring(0, colon).trim();
            String value = line.substring(colon + 1).trim();
            if (key.equals("vendor_id")) {
                vendor = value;
            } else if (key.equals("cpu family")) {
                family = Integer.parseInt(value);
            }
        }
        return new CpuCore(vendor, family);
    }

    /** Whether this core, having AVX-512, runs each 512-bit FMA as two 256-bit halves (Zen 4). */
    boolean halvesWideVectors() {
        return vendor.equals("AuthenticAMD") && family == 25;
    }
}
