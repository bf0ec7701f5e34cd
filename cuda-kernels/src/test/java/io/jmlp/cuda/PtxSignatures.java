package io.jmlp.cuda;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The kernels of the built PTX: each {@code .entry}'s parameter types and the directives after its parameter list. */
final class PtxSignatures {
    private static final Pattern ENTRY = Pattern.compile("\\.entry\\s+(\\w+)\\s*\\(([^)]*)\\)([^{]*)\\{");
    private static final Pattern PARAM = Pattern.compile("\\.param\\s+\\.(\\w+)\\s+\\w+");

    record Signature(List<String> parameterTypes, String directives) {}

    private PtxSignatures() {}

    /** Every kernel of every module built, by name; empty when the kernels were not built. */
    static Map<String, Signature> bundled() {
        Map<String, Signature> all = new LinkedHashMap<>();
        KernelImages images = KernelImages.bundled();
        for (String module : KernelImages.KERNELS.keySet()) {
            String ptx = images.ptx(module);
            if (ptx != null) {
                all.putAll(parse(ptx));
            }
        }
        return all;
    }

    static Map<String, Signature> parse(String ptx) {
        Map<String, Signature> entries = new LinkedHashMap<>();
        Matcher entry = ENTRY.matcher(ptx);
        while (entry.find()) {
            List<String> types = new ArrayList<>();
            Matcher param = PARAM.matcher(entry.group(2));
            while (param.find()) {
                types.add(param.group(1));
            }
            entries.put(entry.group(1), new Signature(types, entry.group(3).trim()));
        }
        return entries;
    }

    /** Whether this build has its kernels (nvcc and gcc were present). */
    static boolean built() {
        return KernelImages.bundled().missing().isEmpty();
    }
}
