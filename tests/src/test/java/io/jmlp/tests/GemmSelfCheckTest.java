package io.jmlp.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jmlp.backend.Backend;
import io.jmlp.backend.GemmSelfCheck;
import io.jmlp.backend.Tensor;
import io.jmlp.cpu.ReferenceBackend;
import java.lang.reflect.Proxy;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The accelerators' GEMM self-check passes a correct GEMM and catches wrong ones (no device needed: it takes any backend). */
class GemmSelfCheckTest {
    private static final String SUSPECT = "the test's broken GEMM";

    @Test
    void passesTheReference() {
        try (ReferenceBackend reference = new ReferenceBackend()) {
            assertEquals(Optional.empty(), GemmSelfCheck.run(reference, SUSPECT));
        }
    }

    @Test
    void catchesAGemmThatIgnoresTransposeB() {
        try (ReferenceBackend reference = new ReferenceBackend()) {
            Optional<String> failure = GemmSelfCheck.run(brokenGemm(reference), SUSPECT);
            assertTrue(failure.isPresent());
            assertTrue(failure.get().contains("NT") && failure.get().endsWith(SUSPECT), failure.get());
        }
    }

    @Test
    void catchesAGemmThatLosesPrecision() {
        try (ReferenceBackend reference = new ReferenceBackend()) {
            Optional<String> failure = GemmSelfCheck.run(lowPrecisionGemm(reference), SUSPECT);
            assertTrue(failure.isPresent());
        }
    }

    /** Every op from the reference, except a GEMM that reads B untransposed whatever the flag says. */
    private static Backend brokenGemm(ReferenceBackend reference) {
        return withGemm(reference, (ta, tb, a, b, c) -> hostGemm(reference, ta, false, a, b, c, false));
    }

    /** A GEMM whose operands are rounded to bfloat16-like 8-bit mantissas, as a mis-tuned device might. */
    private static Backend lowPrecisionGemm(ReferenceBackend reference) {
        return withGemm(reference, (ta, tb, a, b, c) -> hostGemm(reference, ta, tb, a, b, c, true));
    }

    private interface Gemm {
        void run(boolean ta, boolean tb, Tensor a, Tensor b, Tensor c);
    }

    private static Backend withGemm(ReferenceBackend reference, Gemm gemm) {
        return (Backend) Proxy.newProxyInstance(
                Backend.class.getClassLoader(), new Class<?>[] {Backend.class}, (proxy, method, args) -> {
                    if (method.getName().equals("gemm")) {
                        gemm.run((boolean) args[0], (boolean) args[1], (Tensor) args[3], (Tensor) args[4], (Tensor)
                                args[6]);
                        return null;
                    }
                    // The tensors name the proxy as their backend, which the reference's own transfers refuse (a tensor
                    // of another backend): transfers go through element access instead.
                    if (method.getName().equals("write") && args[1] instanceof float[] values) {
                        write(reference, (Tensor) args[0], values, (int) args[2]);
                        return null;
                    }
                    if (method.getName().equals("read") && args[1] instanceof float[] values) {
                        read(reference, (Tensor) args[0], values, (int) args[2]);
                        return null;
                    }
                    return method.invoke(reference, args);
                });
    }

    private static void hostGemm(
            ReferenceBackend reference, boolean ta, boolean tb, Tensor a, Tensor b, Tensor c, boolean coarse) {
        float[] av = new float[(int) a.size()];
        float[] bv = new float[(int) b.size()];
        read(reference, a, av, 0);
        read(reference, b, bv, 0);
        int m = c.rows();
        int n = c.cols();
        int k = ta ? a.rows() : a.cols();
        float[] cv = new float[m * n];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                float sum = 0;
                for (int p = 0; p < k; p++) {
                    float x = ta ? av[p * a.cols() + i] : av[i * a.cols() + p];
                    float y = tb ? bv[j * b.cols() + p] : bv[(p * b.cols() + j) % bv.length];
                    sum += coarse ? Float.intBitsToFloat(Float.floatToIntBits(x * y) & 0xFFFF0000) : x * y;
                }
                cv[i * n + j] = sum;
            }
        }
        write(reference, c, cv, 0);
    }

    private static void read(ReferenceBackend reference, Tensor t, float[] values, int offset) {
        for (int i = 0; i < t.size(); i++) {
            values[offset + i] = (float) reference.get(t, i);
        }
    }

    private static void write(ReferenceBackend reference, Tensor t, float[] values, int offset) {
        for (int i = 0; i < t.size(); i++) {
            reference.set(t, i, values[offset + i]);
        }
    }
}
