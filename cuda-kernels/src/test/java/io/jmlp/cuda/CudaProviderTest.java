package io.jmlp.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jmlp.backend.Availability;
import io.jmlp.backend.BackendUnavailableException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** The provider's probing, every path of it with stand-ins for the driver and cuBLAS, and what it says on this machine. */
class CudaProviderTest {
    private static final CudaDeviceInfo H100 =
            new CudaDeviceInfo(0, "NVIDIA H100 80GB HBM3", 9, 0, 85_000_000_000L, 132, 13000);
    private static final Supplier<CublasLibrary.Outcome> CUBLAS_OK =
            () -> CublasLibrary.Outcome.loaded("/usr/lib/libcublas.so.12", false);
    private static final Supplier<List<CudaDeviceInfo>> ONE_H100 = () -> List.of(H100);

    @Test
    void withoutBuiltKernelsTheReasonIsKernelsNotBuilt() {
        CudaProvider.Probe p = CudaProvider.probe(new KernelImages("/no/such/place/"), ONE_H100, CUBLAS_OK);
        assertTrue(p.failure().startsWith("kernels not built"), p.failure());
        assertTrue(p.failure().contains("activation.fatbin"), p.failure());
        assertTrue(p.devices().isEmpty());
    }

    @Test
    void aMissingDriverLibraryIsReportedNotThrown() {
        Assumptions.assumeTrue(PtxSignatures.built(), "kernels not built: that reason comes first");
        CudaProvider.Probe p = CudaProvider.probe(
                KernelImages.bundled(),
                () -> {
                    throw new UnsatisfiedLinkError(
                            "/tmp/libJCudaDriver-12.6.0-linux-x86_64.so: libcuda.so.1: cannot open shared object file");
                },
                CUBLAS_OK);
        assertTrue(p.failure().startsWith("no CUDA driver: libcuda.so.1 not found"), p.failure());
        CudaProvider.Probe again = CudaProvider.probe(
                KernelImages.bundled(),
                () -> {
                    throw new NoClassDefFoundError("Could not initialize class jcuda.driver.JCudaDriver");
                },
                CUBLAS_OK);
        assertTrue(again.failure().contains("failed to load earlier"), again.failure());
    }

    @Test
    void noDeviceOldDriverAndMissingCublasAreEachTheReason() {
        Assumptions.assumeTrue(PtxSignatures.built(), "kernels not built: that reason comes first");
        assertTrue(CudaProvider.probe(KernelImages.bundled(), List::of, CUBLAS_OK)
                .failure()
                .contains("no CUDA device"));
        CudaProvider.Probe old = CudaProvider.probe(
                KernelImages.bundled(),
                () -> List.of(new CudaDeviceInfo(0, "NVIDIA A100", 8, 0, 40L << 30, 108, 12040)),
                CUBLAS_OK);
        assertTrue(old.failure().contains("supports CUDA 12.4") && old.failure().contains("R580"), old.failure());
        CudaProvider.Probe noCublas = CudaProvider.probe(
                KernelImages.bundled(),
                ONE_H100,
                () -> CublasLibrary.Outcome.failed(
                        "cuBLAS not found: no libcublas.so.12 or libcublas.so.13 in [/usr/lib]"));
        assertEquals("cuBLAS not found: no libcublas.so.12 or libcublas.so.13 in [/usr/lib]", noCublas.failure());
        CudaProvider.Probe init = CudaProvider.probe(
                KernelImages.bundled(),
                () -> {
                    throw new CudaProvider.Unavailable(CudaErrors.init("CUDA_ERROR_STUB_LIBRARY"));
                },
                CUBLAS_OK);
        assertTrue(init.failure().contains("stub"), init.failure());
    }

    @Test
    void withEverythingPresentTheDevicesAreListed() {
        Assumptions.assumeTrue(PtxSignatures.built(), "kernels not built");
        CudaProvider.Probe p = CudaProvider.probe(KernelImages.bundled(), ONE_H100, CUBLAS_OK);
        assertNull(p.failure());
        assertEquals(List.of(H100), p.devices());
        assertTrue(p.cublas().loaded());
    }

    /** This machine: without built kernels or an NVIDIA driver, cuda is unavailable and says exactly which, and cannot be created. */
    @Test
    void withoutADriverHereCudaIsUnavailableWithThePreciseReason() {
        Availability availability = new CudaProvider().availability();
        Assumptions.assumeFalse(availability.usable(), "cuda is usable here: " + availability.reason());
        assertFalse(availability.autoSelectable());
        assertFalse(availability.reason().isBlank());
        if (!PtxSignatures.built()) { // a build without nvcc (e.g. -Djmlp.nvcc=none)
            assertTrue(availability.reason().startsWith("kernels not built"), availability.reason());
        } else if (!driverLibraryPresent()) {
            assertTrue(
                    availability.reason().startsWith("no CUDA driver: libcuda.so.1 not found"), availability.reason());
        }
        assertTrue(new CudaProvider().devices().isEmpty());
        BackendUnavailableException e =
                assertThrows(BackendUnavailableException.class, () -> new CudaProvider().create(0));
        assertTrue(e.getMessage().contains(availability.reason()), e.getMessage());
    }

    private static boolean driverLibraryPresent() {
        for (String dir : new String[] {
            "/usr/lib/x86_64-linux-gnu", "/lib/x86_64-linux-gnu", "/usr/lib64", "/usr/lib", "/usr/local/cuda/compat"
        }) {
            if (Files.exists(Path.of(dir, "libcuda.so.1"))) {
                return true;
            }
        }
        String path = System.getenv("LD_LIBRARY_PATH");
        if (path != null) {
            for (String dir : path.split(":")) {
                if (!dir.isBlank() && Files.exists(Path.of(dir, "libcuda.so.1"))) {
                    return true;
                }
            }
        }
        return false;
    }
}
