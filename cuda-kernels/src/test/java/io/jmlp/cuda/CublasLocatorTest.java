package io.jmlp.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where cuBLAS is looked for, on a fake file system tree. */
class CublasLocatorTest {
    @TempDir
    Path root;

    private Path touch(String path) throws IOException {
        Path file = root.resolve(path.substring(1));
        Files.createDirectories(file.getParent());
        Files.writeString(file, "not really a library");
        return file;
    }

    @Test
    void findsPyTorchsCuda13WheelInAVirtualEnvironment() throws IOException {
        touch("/venv/lib/python3.12/site-packages/nvidia/cu13/lib/libcublas.so.13");
        CublasLocator locator = new CublasLocator(Map.of("VIRTUAL_ENV", "/venv"), root);
        assertEquals(
                Optional.of(Path.of("/venv/lib/python3.12/site-packages/nvidia/cu13/lib/libcublas.so.13")),
                locator.find(CublasLocator.CUBLAS_13));
        assertEquals(Optional.empty(), locator.find(CublasLocator.CUBLAS_12));
    }

    @Test
    void findsTheCuda12WheelAndTheSystemSitePackages() throws IOException {
        touch("/usr/local/lib/python3.11/dist-packages/nvidia/cublas/lib/libcublas.so.12");
        CublasLocator locator = new CublasLocator(Map.of(), root);
        assertEquals(
                Optional.of(Path.of("/usr/local/lib/python3.11/dist-packages/nvidia/cublas/lib/libcublas.so.12")),
                locator.find(CublasLocator.CUBLAS_12));
    }

    @Test
    void ldLibraryPathComesFirstThenLdSoConfThenTheToolkit() throws IOException {
        touch("/usr/local/cuda/lib64/libcublas.so.12");
        touch("/opt/nvidia/lib/libcublas.so.12");
        Files.createDirectories(root.resolve("etc/ld.so.conf.d"));
        Files.writeString(root.resolve("etc/ld.so.conf.d/cuda.conf"), "# the toolkit\n/opt/nvidia/lib\n");
        assertEquals(
                Optional.of(Path.of("/opt/nvidia/lib/libcublas.so.12")),
                new CublasLocator(Map.of(), root).find(CublasLocator.CUBLAS_12),
                "ld.so.conf.d before the default toolkit place");
        touch("/work/libs/libcublas.so.12");
        assertEquals(
                Optional.of(Path.of("/work/libs/libcublas.so.12")),
                new CublasLocator(Map.of("LD_LIBRARY_PATH", "/nowhere:/work/libs"), root)
                        .find(CublasLocator.CUBLAS_12));
        assertTrue(
                new CublasLocator(Map.of("LD_LIBRARY_PATH", "/nowhere:/work/libs"), root)
                        .searchDirectories().stream()
                                .noneMatch(d -> d.toString().equals("/nowhere")),
                "directories that do not exist are not reported");
    }

    @Test
    void findsAVersionedToolkitWithoutTheCudaSymlink() throws IOException {
        touch("/usr/local/cuda-13.0/lib64/libcublas.so.13");
        assertEquals(
                Optional.of(Path.of("/usr/local/cuda-13.0/lib64/libcublas.so.13")),
                new CublasLocator(Map.of(), root).find(CublasLocator.CUBLAS_13));
    }

    @Test
    void theOverrideComesFromThePropertyThenTheEnvironment() {
        CublasLocator locator = new CublasLocator(Map.of(CublasLocator.ENV_OVERRIDE, "/env/libcublas.so.13"), root);
        assertEquals(Optional.of(Path.of("/prop/libcublas.so.12")), locator.override("/prop/libcublas.so.12"));
        assertEquals(Optional.of(Path.of("/env/libcublas.so.13")), locator.override(null));
        assertEquals(Optional.empty(), new CublasLocator(Map.of(), root).override(" "));
    }
}
