package io.jmlp.tests.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jmlp.backend.Backend;
import io.jmlp.cpu.ReferenceBackend;
import io.jmlp.tests.TestBackends;
import io.jmlp.tests.contract.OpMisuses.Misuse;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every op of the SPI, on every backend, rejects each of its misuses ({@link OpMisuses}) with an
 * {@code IllegalArgumentException} that names the op, and leaves every argument as it was: the
 * check runs before anything is computed or queued. The valid call of each op succeeds, so the
 * misuses fail for what they change, not for a setup mistake.
 */
class OpMisuseTest {
    /** One open backend per name for the whole class: opening OpenCL compiles its kernels. */
    private static final Map<String, Backend> OPEN = new HashMap<>();

    private static final ReferenceBackend OTHER = new ReferenceBackend();

    static Backend backend(String name) {
        return OPEN.computeIfAbsent(name, TestBackends::open);
    }

    @AfterAll
    static void closeBackends() {
        OPEN.values().forEach(Backend::close);
        OPEN.clear();
    }

    static Stream<Arguments> backendsAndOps() {
        List<String> ops = new ArrayList<>(OpCases.valid().keySet());
        return TestBackends.namesWithReference().flatMap(name -> ops.stream().map(op -> Arguments.of(name, op)));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("backendsAndOps")
    void rejectsEveryMisuseBeforeWritingAnything(String name, String op) {
        Backend b = backend(name);
        try (OpArgs t = OpArgs.on(b, OTHER)) {
            OpCases.valid().get(op).on(b, t);
        }
        b.synchronize();
        for (Misuse misuse : OpMisuses.of(op)) {
            try (OpArgs t = OpArgs.on(b, OTHER)) {
                IllegalArgumentException e = assertThrows(
                        IllegalArgumentException.class, () -> misuse.call().on(b, t), misuse.toString());
                String message = e.getMessage();
                assertTrue(
                        message != null && message.contains(OpCases.messageName(op)),
                        misuse + ": the message should name the op, got: " + message);
                b.synchronize();
                t.assertUntouched(misuse.toString());
            }
        }
        assertEquals(0, b.liveBuffers(), "every tensor of the cases was freed");
    }

    /** The ops of the SPI: every method of {@link Backend} but its name, description, buffer count and close. */
    static Set<String> spiOps() {
        Set<String> notOps = Set.of("name", "deviceDescription", "liveBuffers", "close");
        return Arrays.stream(Backend.class.getMethods())
                .filter(m -> !notOps.contains(m.getName()))
                .map(OpMisuseTest::signature)
                .collect(Collectors.toCollection(TreeSet::new));
    }

    private static String signature(Method m) {
        return m.getName()
                + Arrays.stream(m.getParameterTypes())
                        .map(Class::getSimpleName)
                        .collect(Collectors.joining(", ", "(", ")"));
    }

    /** The SPI ops that {@code calls} invoke, recorded through a proxy in front of the reference. */
    private static Set<String> opsCalledBy(List<OpCases.Call> calls) {
        Set<String> called = new TreeSet<>();
        try (ReferenceBackend real = new ReferenceBackend()) {
            Backend recording = (Backend) Proxy.newProxyInstance(
                    Backend.class.getClassLoader(), new Class<?>[] {Backend.class}, (proxy, method, args) -> {
                        called.add(signature(method));
                        try {
                            return method.invoke(real, args);
                        } catch (java.lang.reflect.InvocationTargetException e) {
                            throw e.getCause();
                        }
                    });
            for (OpCases.Call call : calls) {
                try (OpArgs t = OpArgs.on(real, OTHER)) {
                    call.on(recording, t);
                } catch (IllegalArgumentException expected) {
                    // a misuse
                }
            }
        }
        return called;
    }

    @Test
    void everyOpOfTheSpiHasAValidCallAndAtLeastOneMisuse() {
        Set<String> ops = spiOps();
        assertEquals(ops, opsCalledBy(List.copyOf(OpCases.valid().values())), "valid calls");
        Set<String> misused =
                opsCalledBy(OpMisuses.all().stream().map(Misuse::call).toList());
        Set<String> missing = new TreeSet<>(ops);
        missing.removeAll(misused);
        assertEquals(Set.of("synchronize()"), missing, "ops without a misuse (synchronize takes no arguments)");
        for (String op : OpCases.valid().keySet()) {
            assertFalse(!op.equals("synchronize") && OpMisuses.of(op).isEmpty(), op + " has no misuse case");
        }
        for (Misuse misuse : OpMisuses.all()) {
            assertTrue(OpCases.valid().containsKey(misuse.op()), misuse + ": not an op key of OpCases");
        }
    }
}
