package io.jmlp.opencl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jmlp.testing.RequiredBackends;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * PoCL's LLVM replaces the JVM's signal handlers (see {@link SignalChaining}); the build, like the
 * launcher, preloads libjsig so that the JVM keeps them. The child-JVM tests read HotSpot's own check
 * ({@code -Xcheck:jni} prints "SIGSEGV handler modified!" when a library has replaced it).
 */
class SignalChainingTest {
    private static final String MAPS_WITHOUT_JSIG =
            "7f00-7f10 r-xp 00000000 08:01 1 /usr/lib/jvm/java-17-openjdk-amd64/lib/server/libjvm.so\n"
                    + "7f20-7f30 r-xp 00000000 08:01 2 /usr/lib/x86_64-linux-gnu/libpocl.so.2.10.0\n";
    private static final String JSIG =
            "7e00-7e10 r-xp 00000000 08:01 3 /usr/lib/jvm/java-17-openjdk-amd64/lib/libjsig.so\n";

    @Test
    void poclWithoutLibjsigIsWarnedAboutWithTheFix() {
        Optional<String> warning =
                SignalChaining.warning(SignalChaining.POCL_PLATFORM, MAPS_WITHOUT_JSIG, "/opt/jdk-25");
        assertTrue(warning.isPresent());
        assertTrue(warning.get().contains("LD_PRELOAD=" + Path.of("/opt/jdk-25", "lib", "libjsig.so")), warning.get());
        assertTrue(warning.get().contains("SIGSEGV") && warning.get().contains("docs/opencl.md"), warning.get());
    }

    @Test
    void noWarningWithLibjsigLoadedOrOnAnotherPlatform() {
        assertEquals(
                Optional.empty(),
                SignalChaining.warning(SignalChaining.POCL_PLATFORM, JSIG + MAPS_WITHOUT_JSIG, "/opt/jdk-25"));
        assertEquals(Optional.empty(), SignalChaining.warning("NVIDIA CUDA", MAPS_WITHOUT_JSIG, "/opt/jdk-25"));
    }

    @Test
    @Tag("slow") // child JVMs that compile OpenCL kernels: a few seconds each
    void theJvmsTheBuildStartsKeepTheirSignalHandlersOnPocl() throws Exception {
        needsPocl();
        Child checked = child(true, true);
        assertFalse(
                checked.out.contains("handler modified"),
                "a JVM started as the build starts them (LD_PRELOAD=" + System.getenv("LD_PRELOAD")
                        + ") lost its signal handlers to PoCL:\n" + checked.out);
        Child plain = child(false, true);
        assertEquals(0, plain.exitCode(), plain.out);
        assertTrue(plain.out.contains("warning: none"), plain.out);
    }

    @Test
    @Tag("slow")
    void withoutLibjsigPoclReplacesTheHandlersAndTheLibraryWarns() throws Exception {
        needsPocl();
        // What the preload prevents, so that the test above can fail: if PoCL ever stops replacing the
        // handlers, this says the preload is no longer needed.
        Child checked = child(true, false);
        assertTrue(checked.out.contains("SIGSEGV handler modified"), checked.out);
        Child plain = child(false, false);
        assertEquals(0, plain.exitCode(), plain.out);
        assertTrue(plain.out.contains("warning: OpenCL platform"), plain.out);
        assertTrue(plain.out.contains("LD_PRELOAD="), plain.out);
    }

    private static void needsPocl() {
        RequiredBackends.usableOrSkip("opencl", new OpenClProvider().availability());
        String platform = OpenClDevice.all().get(0).platformName();
        Assumptions.assumeTrue(
                SignalChaining.POCL_PLATFORM.equals(platform), "the OpenCL platform is " + platform + ", not PoCL");
    }

    private record Child(int exitCode, String out) {}

    /**
     * {@link PoclSignalProbe} in a child JVM on this test's class path, under {@code -Xcheck:jni} or not
     * (under it JOCL reads empty strings, so the probe's own output means nothing there), with this
     * JVM's environment or with LD_PRELOAD removed.
     */
    private static Child child(boolean checkJni, boolean inheritPreload) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        if (checkJni) {
            command.add("-Xcheck:jni");
        }
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), PoclSignalProbe.class.getName()));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        if (!inheritPreload) {
            builder.environment().remove("LD_PRELOAD");
        }
        Process process = builder.start();
        byte[] out = process.getInputStream().readAllBytes();
        assertTrue(process.waitFor(120, TimeUnit.SECONDS), "the child JVM did not finish");
        return new Child(process.exitValue(), new String(out, StandardCharsets.UTF_8));
    }
}
