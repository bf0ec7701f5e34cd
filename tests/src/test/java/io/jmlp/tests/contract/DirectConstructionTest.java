package io.jmlp.tests.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jmlp.backend.Backend;
import io.jmlp.backend.CheckedBackend;
import io.jmlp.cpu.CpuBackend;
import io.jmlp.cpu.ReferenceBackend;
import io.jmlp.tests.contract.OpMisuses.Misuse;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The checks are the backend's own, not the provider's: a backend made with {@code new}, never
 * through {@code Backends} or a {@code BackendProvider}, rejects every misuse of every op the same
 * way, and refuses a closed backend.
 */
class DirectConstructionTest {

    static Stream<Arguments> constructed() {
        return Stream.of(
                Arguments.of("new ReferenceBackend()", (Supplier<Backend>) ReferenceBackend::new),
                Arguments.of("new ReferenceBackend(FLOAT64)", (Supplier<Backend>)
                        () -> new ReferenceBackend(ReferenceBackend.Precision.FLOAT64)),
                Arguments.of("new CpuBackend(1)", (Supplier<Backend>) () -> new CpuBackend(1)),
                Arguments.of("new CpuBackend(2)", (Supplier<Backend>) () -> new CpuBackend(2)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("constructed")
    void aDirectlyConstructedBackendRejectsEveryMisuse(String how, Supplier<Backend> make) {
        Backend b = make.get();
        try (ReferenceBackend other = new ReferenceBackend()) {
            assertInstanceOf(CheckedBackend.class, b, how + " has the checking front");
            for (Misuse misuse : OpMisuses.all()) {
                try (OpArgs t = OpArgs.on(b, other)) {
                    IllegalArgumentException e = assertThrows(
                            IllegalArgumentException.class, () -> misuse.call().on(b, t), how + ", " + misuse);
                    assertTrue(e.getMessage().contains(OpCases.messageName(misuse.op())), e.getMessage());
                    t.assertUntouched(how + ", " + misuse);
                }
            }
            assertEquals(0, b.liveBuffers());
        } finally {
            b.close();
        }
        assertThrows(IllegalStateException.class, () -> b.allocate(io.jmlp.backend.DType.FLOAT32, 1));
        assertThrows(IllegalStateException.class, b::synchronize);
    }
}
