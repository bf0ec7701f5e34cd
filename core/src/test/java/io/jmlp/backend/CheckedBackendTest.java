package io.jmlp.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The front itself, on a backend that computes nothing ({@link RecordingBackend}, constructed
 * directly, no provider involved): bad input, closed tensors and a closed backend never reach a
 * hook; GEMM's empty cases and empty elementwise ops are decided in front; close drains, frees the
 * leftovers and tears down, once.
 */
class CheckedBackendTest {

    @Test
    void everyOpOfTheSpiIsAFinalSynchronizedMethodOfTheFront() throws NoSuchMethodException {
        List<String> notOps = List.of("name", "deviceDescription");
        for (Method op : Backend.class.getMethods()) {
            if (notOps.contains(op.getName())) {
                continue;
            }
            Method front = CheckedBackend.class.getMethod(op.getName(), op.getParameterTypes());
            assertSame(CheckedBackend.class, front.getDeclaringClass(), op + " is implemented by the front");
            assertTrue(Modifier.isFinal(front.getModifiers()), op + " is final: no backend can skip the checks");
            if (!op.getName().equals("liveBuffers")) {
                assertTrue(Modifier.isSynchronized(front.getModifiers()), op + " holds the backend's monitor");
            }
        }
    }

    @Test
    void badInputNeverReachesAHook() {
        try (RecordingBackend b = new RecordingBackend();
                RecordingBackend other = new RecordingBackend()) {
            Tensor a = Tensor.zeros(b, 3, 4);
            Tensor c = Tensor.zeros(b, 3, 3);
            Tensor labels = Tensor.allocate(b, DType.INT32, 3, 1);
            Tensor elsewhere = Tensor.zeros(other, 4, 3);
            Tensor closed = Tensor.zeros(b, 3, 4);
            closed.close();
            b.calls.clear();
            assertThrows(IllegalArgumentException.class, () -> b.gemm(false, false, 1f, a, a, 0f, c));
            assertThrows(IllegalArgumentException.class, () -> b.gemm(false, false, 1f, a, elsewhere, 0f, c));
            assertThrows(IllegalArgumentException.class, () -> b.fill(labels, 1f));
            assertThrows(IllegalArgumentException.class, () -> b.softmax(a, c));
            assertThrows(IllegalArgumentException.class, () -> b.write(a, new float[11], 0));
            assertThrows(IllegalArgumentException.class, () -> b.allocate(DType.FLOAT32, -1));
            assertThrows(IllegalStateException.class, () -> b.scale(closed, 2f));
            assertThrows(IllegalStateException.class, () -> b.read(closed, new float[12], 0));
            assertEquals(List.of(), b.calls, "no hook ran");
            b.gemm(false, true, 1f, a, a, 0f, c);
            b.fill(a, 1f);
            assertEquals(List.of("gemm", "fill 1.0"), b.calls, "good calls go through");
        }
    }

    @Test
    void gemmsEmptyCasesAreDecidedInFront() {
        try (RecordingBackend b = new RecordingBackend()) {
            Tensor a = Tensor.zeros(b, 3, 0);
            Tensor bk = Tensor.zeros(b, 0, 2);
            Tensor c = Tensor.zeros(b, 3, 2);
            Tensor noRows = Tensor.zeros(b, 0, 4);
            Tensor noRowsOut = Tensor.zeros(b, 0, 2);
            Tensor b42 = Tensor.zeros(b, 4, 2);
            b.calls.clear();
            b.gemm(false, false, 1f, noRows, b42, 0f, noRowsOut); // m = 0
            b.gemm(false, false, 1f, a, bk, 0f, c); // k = 0, β = 0: C = 0
            b.gemm(false, false, 1f, a, bk, 0.5f, c); // k = 0: C = βC
            assertEquals(List.of("fill 0.0", "scale 0.5"), b.calls);
        }
    }

    @Test
    void emptyElementwiseOpsReachNoHookButEmptyReductionsDo() {
        try (RecordingBackend b = new RecordingBackend()) {
            Tensor empty = Tensor.zeros(b, 0, 3);
            Tensor out = Tensor.zeros(b, 1, 1);
            b.calls.clear();
            b.fill(empty, 1f);
            b.scale(empty, 2f);
            b.copy(empty, empty);
            b.axpy(1f, empty, empty);
            b.write(empty, new float[0], 0);
            assertEquals(List.of(), b.calls);
            b.sumOfSquares(empty, out); // still overwrites out with 0
            b.read(empty, new float[0], 0); // still where a device reports bad input
            assertEquals(List.of("sumOfSquares", "read(float[])"), b.calls);
        }
    }

    @Test
    void closeDrainsFreesTheLeftoversThenTearsDownOnceAndRefusesEverythingAfter() {
        RecordingBackend b = new RecordingBackend();
        Tensor kept = Tensor.zeros(b, 2, 2);
        Tensor.zeros(b, 1, 1).close();
        assertEquals(1, b.liveBuffers());
        b.calls.clear();
        b.close();
        assertEquals(List.of("drain", "release", "close"), b.calls);
        assertEquals(0, b.liveBuffers());
        assertTrue(kept.buffer().isClosed());
        b.close();
        assertEquals(3, b.calls.size(), "a second close does nothing");
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> b.fill(kept, 1f));
        assertTrue(e.getMessage().contains("fill") && e.getMessage().contains("closed"), e.getMessage());
        assertThrows(IllegalStateException.class, () -> b.synchronize());
        assertThrows(IllegalStateException.class, () -> b.allocate(DType.FLOAT32, 4));
        assertEquals(3, b.calls.size(), "no hook ran after close");
    }

    @Test
    void closeFreesAndTearsDownEvenWhenDrainingFails() {
        RecordingBackend b = new RecordingBackend();
        Tensor.zeros(b, 2, 2);
        b.drainFailure = new IllegalStateException("device lost");
        b.calls.clear();
        assertSame(b.drainFailure, assertThrows(IllegalStateException.class, b::close));
        assertEquals(List.of("drain", "release", "close"), b.calls);
        assertEquals(0, b.liveBuffers());
    }
}
