package io.jmlp.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The libcublas.so.12 shim, checked without a GPU: it has the soname and version node JCublas2
 * binds to and exports exactly the functions jmlp calls; JCublas2's native library references each
 * of those under that version node; and the whole chain (CublasLibrary's loading, the shim,
 * JCublas2) runs against a fake libcublas.so.13 built from src/test/c, in a child JVM, as the
 * direct route does against a fake libcublas.so.12.
 */
class CublasShimTest {
    private static final Path MAIN_C = Path.of("src/main/c");

    @Test
    void mapFileSourceAndJavaListTheSameFunctions() throws IOException {
        Set<String> java = new TreeSet<>(CublasShim.FORWARDED);
        String map = Files.readString(MAIN_C.resolve("cublas_shim.map"));
        Matcher global = Pattern.compile("global:(.*?)local:", Pattern.DOTALL).matcher(map);
        assertTrue(global.find(), map);
        Set<String> inMap = new TreeSet<>();
        for (String entry : global.group(1).split(";")) {
            if (!entry.isBlank()) {
                inMap.add(entry.strip());
            }
        }
        Set<String> inSource = new TreeSet<>();
        Matcher forward = Pattern.compile("^FORWARD\\((\\w+),", Pattern.MULTILINE)
                .matcher(Files.readString(MAIN_C.resolve("cublas_shim.c")));
        while (forward.find()) {
            inSource.add(forward.group(1));
        }
        assertEquals(java, inMap, "CublasShim.FORWARDED vs cublas_shim.map");
        assertEquals(java, inSource, "CublasShim.FORWARDED vs the FORWARD(...) lines of cublas_shim.c");
    }

    @Test
    void theBuiltShimHasTheVersionNodeAndExportsExactlyTheForwardedFunctions() throws Exception {
        Assumptions.assumeTrue(CublasShim.bundled(), "shim not built (no gcc, or not Linux x86-64, at build time)");
        Path shim = CublasShim.extract().orElseThrow();
        String dynamic = tool("readelf", "-d", shim.toString());
        assertTrue(dynamic.contains("Library soname: [libcublas.so.12]"), dynamic);
        String versions = tool("readelf", "-V", shim.toString());
        assertTrue(
                Pattern.compile("Name: libcublas\\.so\\.12").matcher(versions).find(),
                "version definition libcublas.so.12:\n" + versions);
        Set<String> exported = new TreeSet<>();
        for (String line :
                tool("nm", "-D", "--defined-only", shim.toString()).lines().toList()) {
            String[] parts = line.trim().split("\\s+");
            if (parts.length == 3 && parts[1].equals("T")) {
                assertTrue(parts[2].endsWith("@@libcublas.so.12"), "unversioned or wrongly versioned export: " + line);
                exported.add(parts[2].substring(0, parts[2].indexOf('@')));
            }
        }
        assertEquals(new TreeSet<>(CublasShim.FORWARDED), exported);
    }

    @Test
    void jcublas2ReferencesEachForwardedFunctionUnderTheLibcublas12Node() throws Exception {
        Path jcublas = Files.createTempDirectory("jcublas2-").resolve("libJCublas2.so");
        try (InputStream in =
                jcuda.jcublas.JCublas2.class.getResourceAsStream("/lib/libJCublas2-12.6.0-linux-x86_64.so")) {
            Assumptions.assumeTrue(in != null, "no JCublas2 natives for linux-x86_64 on the class path");
            Files.copy(in, jcublas, StandardCopyOption.REPLACE_EXISTING);
        }
        String undefined = tool("nm", "-D", "--undefined-only", jcublas.toString());
        for (String function : CublasShim.FORWARDED) {
            assertTrue(
                    undefined.contains(" " + function + "@libcublas.so.12\n"),
                    function + "@libcublas.so.12 not referenced");
        }
        String dynamic = tool("readelf", "-d", jcublas.toString());
        assertTrue(dynamic.contains("Shared library: [libcublas.so.12]"), dynamic);
        assertTrue(
                !dynamic.contains("BIND_NOW") && !dynamic.contains("NOW"),
                "JCublas2 must bind lazily for the shim to suffice:\n" + dynamic);
        String relocations = tool("readelf", "-r", jcublas.toString());
        for (String line : relocations.lines().toList()) {
            if (line.contains("cublas") && !line.contains("JUMP_SLO")) {
                throw new AssertionError("a cuBLAS reference that is not a lazily bound PLT slot: " + line);
            }
        }
    }

    @Test
    void jcublas2RunsAgainstAFakeCublas13ThroughTheShim() throws Exception {
        Assumptions.assumeTrue(CublasShim.bundled(), "shim not built (no gcc, or not Linux x86-64, at build time)");
        Path fake = fakeCublas("13");
        String out = probe(fake);
        assertTrue(
                out.contains("outcome loaded=true shim=true " + fake.toAbsolutePath()
                        + " through jmlp's libcublas.so.12 shim"),
                out);
        assertCallsArrived(out);
        assertTrue(out.contains("mapped " + fake.toAbsolutePath()), out);
        assertTrue(
                Pattern.compile("mapped /\\S*jmlp-cublas-shim-\\S*/libcublas\\.so\\.12")
                        .matcher(out)
                        .find(),
                out);
    }

    @Test
    void aRealLibcublas12IsUsedDirectlyWithoutTheShim() throws Exception {
        Path fake = fakeCublas("12");
        String out = probe(fake);
        assertTrue(out.contains("outcome loaded=true shim=false " + fake.toAbsolutePath()), out);
        assertCallsArrived(out);
        assertFalse(out.contains("jmlp-cublas-shim-"), "the shim must not be loaded when cuBLAS 12 is there:\n" + out);
    }

    @Test
    void aMissingExplicitLibraryIsTheReasonAndNothingElseIsTried() {
        CublasLibrary.Outcome outcome = CublasLibrary.attempt(CublasLocator.system(), "/nowhere/libcublas.so.13");
        assertFalse(outcome.loaded());
        assertEquals(
                "cuBLAS library /nowhere/libcublas.so.13 (from -Djmlp.cublas or $JMLP_CUBLAS) does not exist",
                outcome.description());
    }

    /** A fake libcublas.so.MAJOR (soname and version node of that major) built by gcc, or the test is skipped. */
    private static Path fakeCublas(String major) throws Exception {
        Path dir = Files.createDirectories(Path.of("target/fake-cublas" + major));
        Path fake = dir.resolve("libcublas.so." + major);
        String gcc = run(
                List.of(
                        "gcc",
                        "-shared",
                        "-fPIC",
                        "-O1",
                        "-Wall",
                        "-Werror",
                        "-Wl,-soname,libcublas.so." + major,
                        "-Wl,--version-script=src/test/c/fake_cublas" + major + ".map",
                        "-o",
                        fake.toString(),
                        "src/test/c/fake_cublas13.c"),
                true);
        Assumptions.assumeTrue(gcc != null, "gcc not available to build a fake cuBLAS");
        return fake;
    }

    /** Runs FakeCublasProbe in a child JVM with -Djmlp.cublas pointing at {@code library}. */
    private static String probe(Path library) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return run(
                List.of(
                        java,
                        "--add-opens",
                        "java.base/java.nio=ALL-UNNAMED",
                        "-cp",
                        System.getProperty("java.class.path"),
                        "-Djmlp.cublas=" + library.toAbsolutePath(),
                        "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
                        FakeCublasProbe.class.getName()),
                false);
    }

    private static void assertCallsArrived(String out) {
        assertTrue(out.contains("handle cublasHandle[nativePointer=0x5eed]"), out);
        assertTrue(out.contains("math 0"), "CUBLAS_DEFAULT_MATH reached cuBLAS:\n" + out);
        assertTrue(out.contains("version 139999 = 13.99.99"), out);
        assertTrue(
                out.contains("gemm [10.0, -4.0, 4.0, 6.0, 22.0, -7.0, 13.0, 12.0]"),
                "row-major A·B through the mapping:\n" + out);
        assertTrue(out.contains("destroyed"), out);
    }

    /** Runs a command and returns its output, or null (if {@code optional}) when the tool is missing. */
    private static String run(List<String> command, boolean optional) throws IOException, InterruptedException {
        Process process;
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            if (optional) {
                return null;
            }
            throw e;
        }
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(120, TimeUnit.SECONDS), "timed out: " + command);
        assertEquals(0, process.exitValue(), String.join(" ", command) + " failed:\n" + out);
        return out;
    }

    /** A binutils tool's output; the test is skipped where binutils are missing. */
    private static String tool(String... command) throws IOException, InterruptedException {
        String out = run(new ArrayList<>(List.of(command)), true);
        Assumptions.assumeTrue(out != null, command[0] + " (binutils) not available");
        return out;
    }
}
