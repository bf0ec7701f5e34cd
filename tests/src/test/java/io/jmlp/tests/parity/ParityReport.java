package io.jmlp.tests.parity;

import io.jmlp.io.AtomicWrite;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/**
 * Collects the worst error of every (op, backend) comparison of the run and writes it to
 * {@code tests/target/parity-report.md}: op × backend, max abs / max rel error, tolerance, pass.
 */
public final class ParityReport {
    private static final Map<String, Map<String, Entry>> ENTRIES = new LinkedHashMap<>();

    private ParityReport() {}

    /** The worst of one op on one backend over its cases. */
    private static final class Entry {
        double maxAbs;
        double maxRel;
        double worstRatio;
        boolean pass = true;
        int cases;
        Tolerance tolerance;
    }

    public static synchronized void record(String op, String backend, Comparison.Result result, Tolerance tolerance) {
        Entry e = ENTRIES.computeIfAbsent(op, k -> new LinkedHashMap<>()).computeIfAbsent(backend, k -> new Entry());
        e.maxAbs = Math.max(e.maxAbs, result.maxAbs());
        e.maxRel = Math.max(e.maxRel, result.maxRel());
        e.worstRatio = Math.max(e.worstRatio, result.ratio());
        e.pass &= result.pass();
        e.cases++;
        e.tolerance = tolerance;
    }

    /** Rewrites the report with everything recorded so far (called after each test class). */
    public static synchronized void write() {
        TreeSet<String> backends = new TreeSet<>();
        ENTRIES.values().forEach(m -> backends.addAll(m.keySet()));
        List<String> lines = new ArrayList<>();
        lines.add("# Backend parity report");
        lines.add("");
        lines.add("Every op on every backend present, compared with `ReferenceBackend` on seeded random inputs "
                + "(several shapes, odd sizes, transposes, views). Cell: max abs error / max rel error "
                + "(worst error as a fraction of its tolerance), over all cases; ✗ marks a failure. "
                + "Tolerances and their reasoning: `tests/src/test/java/io/jmlp/tests/parity/Tolerances.java`.");
        lines.add("");
        // The -XX flags say what code the JIT emitted (scripts/test's AVX2 pass runs with -XX:UseAVX=2).
        List<String> jitFlags = ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(arg -> arg.startsWith("-XX:"))
                .toList();
        lines.add("Generated " + LocalDate.now() + " by `./scripts/test`; JVM " + System.getProperty("java.version")
                + (jitFlags.isEmpty() ? "" : " with " + String.join(" ", jitFlags)) + ".");
        lines.add("");
        StringBuilder header = new StringBuilder("| op | tolerance |");
        StringBuilder rule = new StringBuilder("|---|---|");
        for (String b : backends) {
            header.append(' ').append(b).append(" |");
            rule.append("---|");
        }
        lines.add(header.toString());
        lines.add(rule.toString());
        for (Map.Entry<String, Map<String, Entry>> op : ENTRIES.entrySet()) {
            Tolerance tol = op.getValue().values().iterator().next().tolerance;
            StringBuilder row = new StringBuilder("| " + op.getKey() + " | " + tol.shortForm() + " |");
            for (String b : backends) {
                Entry e = op.getValue().get(b);
                row.append(' ')
                        .append(
                                e == null
                                        ? "—"
                                        : String.format(
                                                Locale.ROOT,
                                                "%s %.2e / %.2e (%.2f of tol, %d cases)",
                                                e.pass ? "✓" : "✗",
                                                e.maxAbs,
                                                e.maxRel,
                                                e.worstRatio,
                                                e.cases))
                        .append(" |");
            }
            lines.add(row.toString());
        }
        // scripts/test's AVX2 pass writes its own file, so the full run's report survives it.
        String name = System.getProperty("jmlp.parity.report", "");
        Path file = Path.of(System.getProperty("basedir", "."), "target", name.isBlank() ? "parity-report.md" : name);
        try {
            AtomicWrite.writeString(file, String.join("\n", lines) + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
