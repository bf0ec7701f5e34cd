package io.jmlp.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jmlp.backend.Backend;
import io.jmlp.backend.Tensor;
import io.jmlp.cpu.ReferenceBackend;
import java.lang.reflect.Proxy;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The self-check passes correct ops and names a wrong one (no GPU needed: it takes any backend). */
class CudaSelfCheckTest {

    @Test
    void passesTheReferenceAndTheEmulatedKernels() {
        try (ReferenceBackend reference = new ReferenceBackend()) {
            assertEquals(Optional.empty(), CudaSelfCheck.run(reference));
        }
        EmulatedCudaProvider emulated = new EmulatedCudaProvider();
        if (emulated.availability().usable()) {
            try (Backend b = emulated.create(0)) {
                assertEquals(Optional.empty(), CudaSelfCheck.run(b));
                assertEquals(0, b.liveBuffers());
            }
        }
    }

    @Test
    void catchesAGemmThatDropsViewOffsets() {
        try (ReferenceBackend reference = new ReferenceBackend()) {
            // Every op from the reference, except a GEMM that reads and writes every operand from the start of its
            // buffer, as device pointers passed without their byte offsets would.
            Backend broken = (Backend) Proxy.newProxyInstance(
                    Backend.class.getClassLoader(), new Class<?>[] {Backend.class}, (proxy, method, args) -> {
                        if (method.getName().equals("gemm")) {
                            gemmFromBufferStart(
                                    reference,
                                    (boolean) args[0],
                                    (boolean) args[1],
                                    (Tensor) args[3],
                                    (Tensor) args[4],
                                    (Tensor) args[6]);
                            return null;
                        }
                        // The tensors name the proxy as their backend, which the reference's own transfers refuse
                        // (a tensor of another backend); element access is what the check needs from them.
                        if (method.getName().equals("write") && args[1] instanceof float[] values) {
                            Tensor t = (Tensor) args[0];
                            for (int i = 0; i < t.size(); i++) {
                                reference.set(t, i, values[(int) args[2] + i]);
                            }
                            return null;
                        }
                        if (method.getName().equals("read") && args[1] instanceof float[] values) {
                            Tensor t = (Tensor) args[0];
                            for (int i = 0; i < t.size(); i++) {
                                values[(int) args[2] + i] = (float) reference.get(t, i);
                            }
                            return null;
                        }
                        return method.invoke(reference, args);
                    });
            Optional<String> failure = CudaSelfCheck.run(broken);
            assertTrue(failure.isPresent() && failure.get().contains("views at offsets"), String.valueOf(failure));
        }
    }

    /** C = op(A)·op(B), ignoring every operand's offset. */
    private static void gemmFromBufferStart(
            ReferenceBackend reference, boolean ta, boolean tb, Tensor a, Tensor b, Tensor c) {
        int k = ta ? a.rows() : a.cols();
        for (int i = 0; i < c.rows(); i++) {
            for (int j = 0; j < c.cols(); j++) {
                double sum = 0;
                for (int p = 0; p < k; p++) {
                    long ai = ta ? (long) p * a.cols() + i : (long) i * a.cols() + p;
                    long bi = tb ? (long) j * b.cols() + p : (long) p * b.cols() + j;
                    sum += reference.get(a, ai - a.offset()) * reference.get(b, bi - b.offset());
                }
                reference.set(c, i * c.cols() + j - c.offset(), sum);
            }
        }
    }
}
