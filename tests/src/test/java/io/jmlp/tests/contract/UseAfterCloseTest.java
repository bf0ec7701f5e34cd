package io.jmlp.tests.contract;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jmlp.backend.Backend;
import io.jmlp.backend.Tensor;
import io.jmlp.cpu.ReferenceBackend;
import io.jmlp.tests.TestBackends;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Use after close, on every backend and every op: a tensor whose buffer was closed, in any argument
 * position, and any tensor, allocation or op after its backend was closed, end in an
 * {@code IllegalStateException} that says so — never a native crash or a computation on freed memory.
 */
class UseAfterCloseTest {
    /** The ops without tensor arguments. */
    private static final Set<String> NO_TENSORS = Set.of("allocate", "synchronize");

    private static final Map<String, Backend> OPEN = new HashMap<>();
    private static final ReferenceBackend OTHER = new ReferenceBackend();

    @AfterAll
    static void closeBackends() {
        OPEN.values().forEach(Backend::close);
        OPEN.clear();
    }

    static Stream<Arguments> backendsAndTensorOps() {
        return TestBackends.namesWithReference()
                .flatMap(name -> OpCases.valid().keySet().stream()
                        .filter(op -> !NO_TENSORS.contains(op))
                        .map(op -> Arguments.of(name, op)));
    }

    private static void assertMessage(RuntimeException e, String... fragments) {
        for (String f : fragments) {
            assertTrue(
                    e.getMessage() != null && e.getMessage().contains(f), "expected '" + f + "' in: " + e.getMessage());
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("backendsAndTensorOps")
    void aClosedTensorIsRefusedInEveryArgumentPosition(String name, String op) {
        Backend b = OPEN.computeIfAbsent(name, TestBackends::open);
        OpCases.Call call = OpCases.valid().get(op);
        int arguments;
        try (OpArgs t = OpArgs.on(b, OTHER)) {
            call.on(b, t);
            arguments = t.count();
        }
        for (int closed = 0; closed < arguments; closed++) {
            try (OpArgs t = OpArgs.closing(b, OTHER, closed)) {
                IllegalStateException e =
                        assertThrows(IllegalStateException.class, () -> call.on(b, t), op + ", tensor #" + closed);
                assertMessage(e, OpCases.messageName(op), "already closed");
            }
        }
        try (OpArgs t = OpArgs.on(b, OTHER)) {
            assertDoesNotThrow(() -> call.on(b, t), "the backend still works after the refusals");
        }
        b.synchronize();
        assertEquals(0, b.liveBuffers());
    }

    @ParameterizedTest
    @MethodSource("io.jmlp.tests.TestBackends#namesWithReference")
    void aClosedBackendRefusesEveryOpTheTensorsItMadeAndNewAllocations(String name) {
        Backend b = TestBackends.open(name);
        Map<String, OpArgs> made = new LinkedHashMap<>();
        Tensor kept = Tensor.zeros(b, 2, 2);
        try {
            for (Map.Entry<String, OpCases.Call> op : OpCases.valid().entrySet()) {
                OpArgs t = OpArgs.on(b, OTHER);
                made.put(op.getKey(), t);
                op.getValue().on(b, t);
            }
            b.synchronize();
            b.close();
            assertEquals(0, b.liveBuffers(), "close frees the buffers still open");
            assertTrue(kept.buffer().isClosed());
            for (Map.Entry<String, OpCases.Call> op : OpCases.valid().entrySet()) {
                OpArgs again = OpArgs.replaying(made.get(op.getKey()));
                IllegalStateException e = assertThrows(
                        IllegalStateException.class, () -> op.getValue().on(b, again), op.getKey());
                assertMessage(e, "closed");
                if (!NO_TENSORS.contains(op.getKey())) {
                    assertMessage(e, OpCases.messageName(op.getKey()));
                }
            }
            assertMessage(assertThrows(IllegalStateException.class, () -> Tensor.zeros(b, 2, 2)), "closed");
            assertMessage(assertThrows(IllegalStateException.class, kept::toHost), "closed");
            assertDoesNotThrow(b::close, "a second close does nothing");
        } finally {
            made.values().forEach(OpArgs::close); // harmless after the backend's close
            kept.close();
            b.close();
        }
    }
}
