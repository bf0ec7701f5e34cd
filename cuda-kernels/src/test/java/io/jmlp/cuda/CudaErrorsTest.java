package io.jmlp.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jcuda.driver.CUresult;
import org.junit.jupiter.api.Test;

/**
 * Every message a user can act on, from the CUresult names JCuda's exceptions carry (taken from
 * JCuda's own CUresult.stringFor, so a renamed constant would fail here, not on a GPU).
 */
class CudaErrorsTest {
    private static final CudaDeviceInfo H100 =
            new CudaDeviceInfo(0, "NVIDIA H100 80GB HBM3", 9, 0, 85_000_000_000L, 132, 13000);
    private static final CudaDeviceInfo PASCAL = new CudaDeviceInfo(1, "Tesla P100", 6, 0, 16L << 30, 56, 13000);

    private static String name(int result) {
        return CUresult.stringFor(result);
    }

    @Test
    void aMissingDriverLibraryIsNamed() {
        UnsatisfiedLinkError e = new UnsatisfiedLinkError(
                "Error while loading native library \"JCudaDriver-12.6.0-linux-x86_64\"\n"
                        + "java.lang.UnsatisfiedLinkError: /tmp/libJCudaDriver-12.6.0-linux-x86_64.so: libcuda.so.1: cannot open shared object file");
        assertTrue(
                CudaErrors.driverLibrary(e).startsWith("no CUDA driver: libcuda.so.1 not found"),
                CudaErrors.driverLibrary(e));
        assertTrue(CudaErrors.driverLibrary(e).contains("R580"));
    }

    @Test
    void cuInitFailuresSayWhatToCheck() {
        assertTrue(CudaErrors.init(name(CUresult.CUDA_ERROR_NO_DEVICE)).contains("no CUDA device"));
        assertTrue(CudaErrors.init(name(CUresult.CUDA_ERROR_NO_DEVICE)).contains("CUDA_VISIBLE_DEVICES"));
        assertTrue(CudaErrors.init(name(CUresult.CUDA_ERROR_STUB_LIBRARY)).contains("stub"));
        assertTrue(CudaErrors.init(name(CUresult.CUDA_ERROR_SYSTEM_DRIVER_MISMATCH))
                .contains("reboot"));
        assertTrue(CudaErrors.init(name(CUresult.CUDA_ERROR_DEVICE_UNAVAILABLE)).contains("exclusive"));
        assertTrue(CudaErrors.init("CUDA_ERROR_UNKNOWN").contains("CUDA_ERROR_UNKNOWN"));
    }

    @Test
    void ptxNewerThanTheDriverNamesTheDriverNeeded() {
        String message = CudaErrors.moduleLoad("loss", name(CUresult.CUDA_ERROR_UNSUPPORTED_PTX_VERSION), 12040, H100);
        assertTrue(message.contains("loss.fatbin"), message);
        assertTrue(message.contains("supports CUDA 12.4"), message);
        assertTrue(message.contains("need a CUDA 13.0 driver"), message);
        assertTrue(message.contains("R580"), message);
        assertEquals(
                "the NVIDIA driver supports CUDA 12.8, but jmlp's kernels were built by nvcc 13.0 (PTX ISA 9.0) and need a CUDA "
                        + "13.0 driver: install or update the NVIDIA driver (R580 or newer, the CUDA 13 generation)",
                CudaErrors.driverTooOld(12080));
    }

    @Test
    void otherModuleLoadFailuresAreExplained() {
        assertTrue(CudaErrors.moduleLoad("bias", name(CUresult.CUDA_ERROR_NO_BINARY_FOR_GPU), 13000, PASCAL)
                .contains("compute capability 6.0"));
        assertTrue(CudaErrors.moduleLoad("bias", name(CUresult.CUDA_ERROR_JIT_COMPILER_NOT_FOUND), 13000, H100)
                .contains("ptxjitcompiler"));
        assertTrue(CudaErrors.moduleLoad("bias", name(CUresult.CUDA_ERROR_INVALID_PTX), 13000, H100)
                .contains("corrupt"));
        assertTrue(CudaErrors.computeCapabilityTooLow(PASCAL).contains("7.5 or newer"));
        assertTrue(!PASCAL.supported() && H100.supported());
        assertTrue(new CudaDeviceInfo(0, "T4", 7, 5, 1, 40, 13000).supported());
    }

    @Test
    void outOfMemorySaysHowMuchWasAskedForAndHowMuchIsFree() {
        String message = CudaErrors.outOfMemory(3L << 30, 1L << 29, 80L << 30, H100.describe());
        assertTrue(message.contains("asked for 3.00 GiB (3221225472 bytes)"), message);
        assertTrue(message.contains("0.50 GiB (536870912 bytes) of 80.00 GiB (85899345920 bytes) free"), message);
        assertTrue(message.contains("--batch-size"), message);
        assertTrue(
                CudaErrors.outOfMemory(4, -1, -1, "gpu").contains("unknown free"),
                CudaErrors.outOfMemory(4, -1, -1, "gpu"));
    }

    @Test
    void faultsInQueuedWorkAreReportedAsBugsWithTheWayToFindThem() {
        String message = CudaErrors.asynchronous(name(CUresult.CUDA_ERROR_ILLEGAL_ADDRESS), H100.describe());
        assertTrue(
                message.contains("CUDA_ERROR_ILLEGAL_ADDRESS") && message.contains("CUDA_LAUNCH_BLOCKING=1"), message);
    }

    @Test
    void versionsPrintAsUsersKnowThem() {
        assertEquals("13.0", CudaDeviceInfo.cudaVersion(13000));
        assertEquals("12.4", CudaDeviceInfo.cudaVersion(12040));
        assertEquals("13.1.0", CudaDriverQueue.cublasVersion(130100));
        assertTrue(H100.info().details().contains("compute capability 9.0")
                && H100.info().details().contains("driver CUDA 13.0"));
    }
}
