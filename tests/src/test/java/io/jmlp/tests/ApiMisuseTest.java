package io.jmlp.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jmlp.backend.Backend;
import io.jmlp.backend.DType;
import io.jmlp.backend.Tensor;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Misusing the Java API throws a clear exception on every backend: never a native crash of the JVM,
 * never a computation on freed memory (issue 17, class 3). Every case runs on every backend present.
 */
class ApiMisuseTest {

    private static void assertMessage(RuntimeException e, String... fragments) {
        for (String f : fragments) {
            assertTrue(
                    e.getMessage() != null && e.getMessage().contains(f), "expected '" + f + "' in: " + e.getMessage());
        }
    }

    @ParameterizedTest
    @MethodSource("io.jmlp.tests.TestBackends#namesWithReference")
    void aClosedTensorIsRefusedByReadsWritesAndOps(String name) {
        try (Backend backend = TestBackends.open(name)) {
            Tensor t = Tensor.zeros(backend, 4, 3);
            t.close();
            assertMessage(assertThrows(IllegalStateException.class, t::toHost), "already closed");
            assertMessage(
                    assertThrows(IllegalStateException.class, () -> backend.write(t, new float[12], 0)),
                    "already closed");
            assertMessage(assertThrows(IllegalStateException.class, () -> backend.fill(t, 1f)), "already closed");
            assertEquals(0, backend.liveBuffers());
        }
    }

    @ParameterizedTest
    @MethodSource("io.jmlp.tests.TestBackends#namesWithReference")
    void aClosedBackendRefusesItsTensorsAndNewAllocations(String name) {
        Backend backend = TestBackends.open(name);
        Tensor t = Tensor.of(backend, 2, 2, new float[] {1, 2, 3, 4});
        Tensor view = t.rows(1, 1);
        backend.close();
        assertMessage(assertThrows(IllegalStateException.class, t::toHost), "closed");
        assertMessage(assertThrows(IllegalStateException.class, view::toHost), "closed");
        assertMessage(assertThrows(IllegalStateException.class, () -> backend.scale(t, 2f)), "closed");
        assertMessage(assertThrows(IllegalStateException.class, () -> Tensor.zeros(backend, 2, 2)), "closed");
        t.close(); // harmless after the backend's close
    }

    @ParameterizedTest
    @MethodSource("io.jmlp.tests.TestBackends#namesWithReference")
    void shortHostArraysAndImpossibleSizesNameTheSizes(String name) {
        try (Backend backend = TestBackends.open(name);
                Tensor t = Tensor.zeros(backend, 4, 3)) {
            assertMessage(
                    assertThrows(IllegalArgumentException.class, () -> backend.read(t, new float[11], 0)), "12", "11");
            assertMessage(
                    assertThrows(IllegalArgumentException.class, () -> backend.write(t, new float[12], 1)), "12", "1");
            assertMessage(
                    assertThrows(IllegalArgumentException.class, () -> backend.write(t, new float[12], -1)), "-1");
            assertMessage(
                    assertThrows(IllegalArgumentException.class, () -> backend.allocate(DType.FLOAT32, -5)), "-5");
            assertMessage(
                    assertThrows(IllegalArgumentException.class, () -> backend.allocate(DType.FLOAT32, 1L << 40)),
                    Long.toString(1L << 40));
            assertMessage(assertThrows(IllegalArgumentException.class, () -> Tensor.zeros(backend, -1, 3)), "-3");
        }
    }

    @ParameterizedTest
    @MethodSource("io.jmlp.tests.TestBackends#namesWithReference")
    void tensorsOfAnotherBackendAreRefused(String name) {
        try (Backend a = TestBackends.open(name);
                Backend b = TestBackends.open("reference");
                Tensor onB = Tensor.zeros(b, 2, 2)) {
            assertMessage(assertThrows(IllegalArgumentException.class, () -> a.fill(onB, 1f)), "lives on");
        }
    }

    @ParameterizedTest
    @MethodSource("io.jmlp.tests.TestBackends#namesWithReference")
    void closingABackendWhileAnotherThreadUsesItEndsThatThreadWithAnException(String name) throws Exception {
        Backend backend = TestBackends.open(name);
        Tensor t = Tensor.zeros(backend, 64, 64);
        float[] host = new float[64 * 64];
        CountDownLatch running = new CountDownLatch(1);
        AtomicReference<Throwable> ended = new AtomicReference<>();
        Thread user = new Thread(() -> {
            try {
                for (long i = 0; ; i++) {
                    backend.scale(t, 1.0001f);
                    backend.read(t, host, 0);
                    if (i == 10) {
                        running.countDown();
                    }
                }
            } catch (Throwable e) {
                ended.set(e);
            }
        });
        user.start();
        running.await();
        backend.close();
        user.join(10_000);
        assertTrue(!user.isAlive(), "the user thread must stop");
        assertTrue(
                ended.get() instanceof IllegalStateException
                        && ended.get().getMessage().contains("closed"),
                "expected an IllegalStateException saying the backend was closed, got " + ended.get());
    }
}
