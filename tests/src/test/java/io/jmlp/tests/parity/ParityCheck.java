package io.jmlp.tests.parity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import io.jmlp.backend.Backend;
import io.jmlp.backend.DType;
import io.jmlp.backend.Scope;
import io.jmlp.backend.Tensor;
import io.jmlp.cpu.ReferenceBackend;
import io.jmlp.tests.TestBackends;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs one piece of work on the reference and on a backend under test and compares what it
 * outputs (llm.c's way: the plain version beside the fast one, and the worst difference printed).
 * Use with try-with-resources: closing checks that nothing leaked and fails with every mismatch
 * found, so one run shows all broken ops at once.
 */
public final class ParityCheck implements AutoCloseable {
    private final String backendName;
    private final Backend backend;
    private final ReferenceBackend reference = new ReferenceBackend();
    private final List<String> failures = new ArrayList<>();

    /** Work to compare: upload inputs through {@code scope}, run ops on {@code b}, hand outputs to {@code out}. */
    @FunctionalInterface
    public interface Body {
        void run(Backend b, Scope scope, Outputs out);
    }

    /** The outputs of one run, downloaded, each with its tolerance (and error bounds for {@link Tolerance.Kind#SUM_BOUND}). */
    public static final class Outputs {
        private final Map<String, float[]> values = new LinkedHashMap<>();
        private final Map<String, Tolerance> tolerances = new LinkedHashMap<>();
        private final Map<String, double[]> bounds = new LinkedHashMap<>();

        public void add(String name, Tensor t, Tolerance tolerance) {
            add(name, t, tolerance, null);
        }

        public void add(String name, Tensor t, Tolerance tolerance, double[] bound) {
            float[] v;
            if (t.dtype() == DType.FLOAT32) {
                v = t.toHost();
            } else {
                int[] ints = t.toHostInts();
                v = new float[ints.length];
                for (int i = 0; i < ints.length; i++) {
                    v[i] = ints[i];
                }
            }
            values.put(name, v);
            tolerances.put(name, tolerance);
            if (bound != null) {
                bounds.put(name, bound);
            }
        }
    }

    public ParityCheck(String backendName) {
        this(backendName, TestBackends.open(backendName));
    }

    /** On a backend opened by the caller (e.g. the cpu backend with a forced GEMM kernel), reported as {@code label}; closes it. */
    public ParityCheck(String label, Backend backend) {
        this.backendName = label;
        this.backend = backend;
    }

    public Backend backend() {
        return backend;
    }

    /** Runs {@code body} on both backends and compares each output; {@code op} names the row of the report. */
    public void compare(String op, String caseName, Body body) {
        Outputs expected = run(reference, body);
        Outputs actual;
        try {
            actual = run(backend, body);
        } catch (RuntimeException | AssertionError e) {
            failures.add(op + " [" + caseName + "]: threw " + e);
            ParityReport.record(
                    op,
                    backendName,
                    new Comparison.Result(Double.NaN, Double.NaN, Double.POSITIVE_INFINITY, false, e.toString()),
                    Tolerances.EXACT);
            return;
        }
        for (String name : expected.values.keySet()) {
            Tolerance tol = expected.tolerances.get(name);
            Comparison.Result result = Comparison.compare(
                    expected.values.get(name), actual.values.get(name), tol, expected.bounds.get(name));
            String row = expected.values.size() > 1 ? op + " → " + name : op;
            ParityReport.record(row, backendName, result, tol);
            if (!result.pass()) {
                failures.add(row + " [" + caseName + "]: " + result.worst() + " — tolerance " + tol.shortForm());
            }
        }
    }

    private Outputs run(Backend b, Body body) {
        Outputs out = new Outputs();
        try (Scope scope = new Scope(b)) {
            body.run(b, scope, out);
        }
        return out;
    }

    @Override
    public void close() {
        try {
            assertEquals(0, backend.liveBuffers(), backendName + ": buffers leaked by the compared ops");
            if (!failures.isEmpty()) {
                fail(backendName + " differs from the reference in " + failures.size() + " case(s):\n  "
                        + String.join("\n  ", failures));
            }
        } finally {
            backend.close();
            reference.close();
        }
    }
}
