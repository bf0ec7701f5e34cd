package io.jmlp.cpu;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The data-cache sizes of the first core, as Linux reports them in
 * {@code /sys/devices/system/cpu/cpu0/cache/index*} ({@code level}, {@code type}, {@code size}),
 * for {@link Gemm}'s blocking. Where they cannot be read (another OS, a container that hides
 * sysfs) the sizes of a common x86 core stand in, and {@link #describe()} says so.
 */
record CacheSizes(long l1d, long l2, boolean measured) {
    private static final Path CACHES = Path.of("/sys/devices/system/cpu/cpu0/cache");
    /** 32 KiB L1d and 512 KiB L2: Zen 2–4 and most Intel client cores have at least these. */
    static final CacheSizes TYPICAL = new CacheSizes(32 * 1024, 512 * 1024, false);

    static CacheSizes ofThisMachine() {
        long l1d = 0;
        long l2 = 0;
        for (int i = 0; i < 8; i++) {
            Path index = CACHES.resolve("index" + i);
            try {
                int level = Integer.parseInt(
                        Files.readString(index.resolve("level")).trim());
                String type = Files.readString(index.resolve("type")).trim();
                long size = parseSize(Files.readString(index.resolve("size")).trim());
                if (level == 1 && type.equals("Data")) {
                    l1d = size;
                } else if (level == 2 && !type.equals("Instruction")) {
                    l2 = size;
                }
            } catch (IOException | RuntimeException e) {
                // no such index, or not readable: the ones that were read stand
            }
        }
        if (l1d <= 0 || l2 <= 0) {
            return TYPICAL;
        }
        return new CacheSizes(l1d, l2, true);
    }

    /** "48K", "2048K", "1M" as sysfs writes them. */
    static long parseSize(String text) {
        String t = text.toUpperCase(Locale.ROOT);
        long unit = 1;
        if (t.endsWith("K")) {
            unit = 1024;
        } else if (t.endsWith("M")) {
            unit = 1024 * 1024;
        }
        String digits = unit == 1 ? t : t.substring(0, t.length() - 1);
        return Long.parseLong(digits) * unit;
    }

    String describe() {
        return "L1d " + l1d / 1024 + " KiB, L2 " + l2 / 1024 + " KiB"
                + (measured ? "" : " (assumed: sysfs unreadable)");
    }
}
