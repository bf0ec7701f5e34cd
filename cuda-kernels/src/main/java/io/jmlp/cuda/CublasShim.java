package io.jmlp.cuda;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Optional;

/**
 * jmlp's libcublas.so.12 compatibility library (src/main/c/cublas_shim.c), built by gcc during the
 * Maven build and packed as a resource. It provides the soname and the version node JCublas2 12.6.0
 * needs and forwards the functions below to libcublas.so.13.
 */
final class CublasShim {
    static final String RESOURCE = "/io/jmlp/cuda/native/linux-x86_64/libcublas.so.12";

    /**
     * The cuBLAS functions the shim defines: exactly those {@link CudaDriverQueue} reaches through
     * JCublas2 (each JCublas2 method calls the one function of its name; checked with objdump on
     * libJCublas2 12.6.0). Calling any other JCublas2 function while the shim is in use would abort
     * the process with "symbol lookup error", so nothing else may be called. Keep in step with
     * cublas_shim.map and cublas_shim.c; a unit test compares them.
     */
    static final List<String> FORWARDED = List.of(
            "cublasCreate_v2",
            "cublasDestroy_v2",
            "cublasSetStream_v2",
            "cublasGetVersion_v2",
            "cublasSetMathMode",
            "cublasGetMathMode",
            "cublasSgemm_v2");

    private CublasShim() {}

    /** Whether this build has the shim (gcc on Linux x86-64 at build time). */
    static boolean bundled() {
        return CublasShim.class.getResource(RESOURCE) != null;
    }

    /**
     * Copies the shim to a fresh temporary directory as {@code libcublas.so.12} (deleted when the JVM
     * exits) and returns the file, for {@link System#load}.
     */
    static Optional<Path> extract() {
        try (InputStream in = CublasShim.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                return Optional.empty();
            }
            Path dir = Files.createTempDirectory("jmlp-cublas-shim-");
            Path file = dir.resolve("libcublas.so.12");
            Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
            dir.toFile().deleteOnExit(); // deleted in reverse order of registration: the file, then the directory
            file.toFile().deleteOnExit();
            return Optional.of(file);
        } catch (IOException e) {
            throw new UncheckedIOException("extracting jmlp's cuBLAS shim to a temporary directory", e);
        }
    }
}
