package io.jmlp.cuda;

import static jcuda.driver.JCudaDriver.cuCtxSetCurrent;
import static jcuda.driver.JCudaDriver.cuDeviceGet;
import static jcuda.driver.JCudaDriver.cuDevicePrimaryCtxRelease;
import static jcuda.driver.JCudaDriver.cuDevicePrimaryCtxRetain;
import static jcuda.driver.JCudaDriver.cuLaunchKernel;
import static jcuda.driver.JCudaDriver.cuMemAlloc;
import static jcuda.driver.JCudaDriver.cuMemAllocHost;
import static jcuda.driver.JCudaDriver.cuMemFree;
import static jcuda.driver.JCudaDriver.cuMemFreeHost;
import static jcuda.driver.JCudaDriver.cuMemGetInfo;
import static jcuda.driver.JCudaDriver.cuMemcpyDtoDAsync;
import static jcuda.driver.JCudaDriver.cuMemcpyDtoHAsync;
import static jcuda.driver.JCudaDriver.cuMemcpyHtoDAsync;
import static jcuda.driver.JCudaDriver.cuMemsetD32Async;
import static jcuda.driver.JCudaDriver.cuModuleGetFunction;
import static jcuda.driver.JCudaDriver.cuModuleLoadData;
import static jcuda.driver.JCudaDriver.cuModuleUnload;
import static jcuda.driver.JCudaDriver.cuStreamCreate;
import static jcuda.driver.JCudaDriver.cuStreamDestroy;
import static jcuda.driver.JCudaDriver.cuStreamSynchronize;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import jcuda.CudaException;
import jcuda.Pointer;
import jcuda.driver.CUcontext;
import jcuda.driver.CUdevice;
import jcuda.driver.CUdeviceptr;
import jcuda.driver.CUfunction;
import jcuda.driver.CUmodule;
import jcuda.driver.CUresult;
import jcuda.driver.CUstream;
import jcuda.driver.CUstream_flags;
import jcuda.driver.JCudaDriver;
import jcuda.jcublas.JCublas2;
import jcuda.jcublas.cublasHandle;
import jcuda.jcublas.cublasMath;
import jcuda.runtime.cudaStream_t;

/**
 * The {@link DeviceQueue} of a real GPU, on the CUDA driver API through JCuda, with GEMM through
 * cuBLAS (JCublas2). It owns one reference to the device's primary context, one stream, our
 * kernel modules (loaded once, here, with cuModuleLoadData), one cuBLAS handle bound to the stream,
 * and a pinned host staging buffer.
 *
 * <p>Threads: a CUDA context is current per thread, and the backend may be called from any thread
 * (one at a time). Every method therefore makes the context current first (cuCtxSetCurrent, a
 * thread-local assignment in the driver, far cheaper than handing each op to a dedicated thread
 * and waiting for it). The primary context is the one the CUDA runtime inside cuBLAS uses too, so
 * cuBLAS and our kernels share it without any ambiguity.
 *
 * <p>JCuda and JCublas2 throw on every failed call (exceptions enabled); the errors that users can
 * act on are rewritten by {@link CudaErrors}.
 */
final class CudaDriverQueue implements DeviceQueue {
    /** The pinned staging buffer grows up to this size; larger transfers go through it in chunks. */
    private static final long STAGING_MAX_BYTES = 8L << 20;

    private static final long STAGING_MIN_BYTES = 64L << 10;

    /** -Djmlp.cuda.tf32=true lets cuBLAS use TF32 tensor cores (u = 2⁻¹¹): faster, and outside the parity tolerance. */
    static final String TF32_PROPERTY = "jmlp.cuda.tf32";

    private final CudaDeviceInfo device;
    private final CUdevice cuDevice = new CUdevice();
    private final CUcontext context = new CUcontext();
    private final CUstream stream = new CUstream();
    private final List<CUmodule> modules = new ArrayList<>();
    private final Map<String, CUfunction> functions = new HashMap<>();
    private final cublasHandle cublas = new cublasHandle();
    private final String description;
    private Pointer staging;
    private long stagingBytes;
    private boolean contextRetained;
    private boolean streamCreated;
    private boolean cublasCreated;

    /** Opens everything on {@code device}; on failure releases what it made and throws. */
    CudaDriverQueue(CudaDeviceInfo device, KernelImages images, CublasLibrary.Outcome cublasLibrary) {
        JCudaDriver.setExceptionsEnabled(true);
        JCublas2.setExceptionsEnabled(true);
        this.device = device;
        boolean tf32 = Boolean.getBoolean(TF32_PROPERTY);
        try {
            cuDeviceGet(cuDevice, device.index());
            cuDevicePrimaryCtxRetain(context, cuDevice);
            contextRetained = true;
            cuCtxSetCurrent(context);
            // Non-blocking: our stream never waits for the legacy default stream other libraries in the process may
            // use.
            cuStreamCreate(stream, CUstream_flags.CU_STREAM_NON_BLOCKING);
            streamCreated = true;
            loadModules(images);
            JCublas2.cublasCreate(cublas);
            cublasCreated = true;
            JCublas2.cublasSetStream(cublas, new cudaStream_t(stream));
            // Default math keeps FP32 GEMM in FP32 (no TF32); only an explicit opt-in lowers it.
            JCublas2.cublasSetMathMode(
                    cublas, tf32 ? cublasMath.CUBLAS_TF32_TENSOR_OP_MATH : cublasMath.CUBLAS_DEFAULT_MATH);
            int[] version = new int[1];
            JCublas2.cublasGetVersion(cublas, version);
            description = device.describe() + ", driver CUDA " + CudaDeviceInfo.cudaVersion(device.driverVersion())
                    + ", cuBLAS " + cublasVersion(version[0]) + (tf32 ? " (TF32 on)" : "") + " from "
                    + cublasLibrary.description();
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    private void loadModules(KernelImages images) {
        for (Map.Entry<String, List<String>> entry : KernelImages.KERNELS.entrySet()) {
            CUmodule module = new CUmodule();
            try {
                cuModuleLoadData(module, images.fatbin(entry.getKey()));
            } catch (CudaException e) {
                throw new IllegalStateException(
                        CudaErrors.moduleLoad(entry.getKey(), e.getMessage(), device.driverVersion(), device), e);
            }
            modules.add(module);
            for (String kernel : entry.getValue()) {
                CUfunction function = new CUfunction();
                cuModuleGetFunction(function, module, kernel);
                functions.put(kernel, function);
            }
        }
    }

    /** cuBLAS encodes its version as major·10000 + minor·100 + patch since 11.0 (e.g. 130001 = 13.0.1). */
    static String cublasVersion(int version) {
        return (version / 10000) + "." + (version % 10000) / 100 + "." + version % 100;
    }

    @Override
    public String describe() {
        return description != null ? description : device.describe();
    }

    private void bind() {
        cuCtxSetCurrent(context);
    }

    // ---- memory -------------------------------------------------------------------------

    @Override
    public DeviceMemory allocate(long bytes) {
        bind();
        CUdeviceptr pointer = new CUdeviceptr();
        try {
            cuMemAlloc(pointer, bytes);
        } catch (CudaException e) {
            if (!CUresult.stringFor(CUresult.CUDA_ERROR_OUT_OF_MEMORY).equals(e.getMessage())) {
                throw e;
            }
            long[] free = {-1};
            long[] total = {-1};
            try {
                cuMemGetInfo(free, total);
            } catch (CudaException ignored) {
                // reported as unknown
            }
            throw new CudaOutOfMemoryException(
                    CudaErrors.outOfMemory(bytes, free[0], total[0], device.describe()), bytes, free[0], e);
        }
        cuMemsetD32Async(pointer, 0, bytes / Integer.BYTES, stream);
        return new DeviceMemory(pointer, bytes);
    }

    @Override
    public void free(DeviceMemory memory) {
        bind();
        try {
            cuStreamSynchronize(
                    stream); // queued kernels may still use it, and cuMemFree is not ordered with our stream
        } finally {
            cuMemFree(pointer(memory));
        }
    }

    @Override
    public void upload(DeviceMemory dst, long byteOffset, float[] src, int srcOffset, int count) {
        bind();
        ByteBuffer host = staging((long) count * Float.BYTES);
        int chunk = (int) (stagingBytes / Float.BYTES);
        for (int done = 0; done < count; done += chunk) {
            int n = Math.min(chunk, count - done);
            host.clear();
            host.asFloatBuffer().put(src, srcOffset + done, n);
            cuMemcpyHtoDAsync(
                    pointer(dst).withByteOffset(byteOffset + (long) done * Float.BYTES),
                    staging,
                    (long) n * Float.BYTES,
                    stream);
            sync(); // the staging buffer is reused by the next chunk
        }
    }

    @Override
    public void upload(DeviceMemory dst, long byteOffset, int[] src, int srcOffset, int count) {
        bind();
        ByteBuffer host = staging((long) count * Integer.BYTES);
        int chunk = (int) (stagingBytes / Integer.BYTES);
        for (int done = 0; done < count; done += chunk) {
            int n = Math.min(chunk, count - done);
            host.clear();
            host.asIntBuffer().put(src, srcOffset + done, n);
            cuMemcpyHtoDAsync(
                    pointer(dst).withByteOffset(byteOffset + (long) done * Integer.BYTES),
                    staging,
                    (long) n * Integer.BYTES,
                    stream);
            sync();
        }
    }

    @Override
    public void download(DeviceMemory src, long byteOffset, float[] dst, int dstOffset, int count) {
        bind();
        ByteBuffer host = staging((long) count * Float.BYTES);
        int chunk = (int) (stagingBytes / Float.BYTES);
        for (int done = 0; done < count; done += chunk) {
            int n = Math.min(chunk, count - done);
            cuMemcpyDtoHAsync(
                    staging,
                    pointer(src).withByteOffset(byteOffset + (long) done * Float.BYTES),
                    (long) n * Float.BYTES,
                    stream);
            sync();
            host.clear();
            host.asFloatBuffer().get(dst, dstOffset + done, n);
        }
    }

    @Override
    public void download(DeviceMemory src, long byteOffset, int[] dst, int dstOffset, int count) {
        bind();
        ByteBuffer host = staging((long) count * Integer.BYTES);
        int chunk = (int) (stagingBytes / Integer.BYTES);
        for (int done = 0; done < count; done += chunk) {
            int n = Math.min(chunk, count - done);
            cuMemcpyDtoHAsync(
                    staging,
                    pointer(src).withByteOffset(byteOffset + (long) done * Integer.BYTES),
                    (long) n * Integer.BYTES,
                    stream);
            sync();
            host.clear();
            host.asIntBuffer().get(dst, dstOffset + done, n);
        }
    }

    /**
     * The pinned staging buffer, grown (up to {@link #STAGING_MAX_BYTES}) for a transfer of {@code bytes}.
     * Pinned (page-locked) memory is what the GPU's copy engines read directly; a pageable Java array
     * would be copied once more by the driver.
     */
    private ByteBuffer staging(long bytes) {
        long wanted = Math.min(STAGING_MAX_BYTES, Math.max(STAGING_MIN_BYTES, bytes));
        if (staging == null || stagingBytes < wanted) {
            if (staging != null) {
                cuMemFreeHost(staging);
                staging = null;
            }
            Pointer created = new Pointer();
            cuMemAllocHost(created, wanted);
            staging = created;
            stagingBytes = wanted;
        }
        return staging.getByteBuffer(0, stagingBytes).order(ByteOrder.nativeOrder());
    }

    @Override
    public void copy(DeviceMemory src, long srcByteOffset, DeviceMemory dst, long dstByteOffset, long bytes) {
        bind();
        cuMemcpyDtoDAsync(
                pointer(dst).withByteOffset(dstByteOffset), pointer(src).withByteOffset(srcByteOffset), bytes, stream);
    }

    @Override
    public void fill32(DeviceMemory dst, long byteOffset, long count, int bits) {
        bind();
        cuMemsetD32Async(pointer(dst).withByteOffset(byteOffset), bits, count, stream);
    }

    // ---- work ---------------------------------------------------------------------------

    @Override
    public void launch(KernelLaunch launch) {
        bind();
        CUfunction function = functions.get(launch.kernel());
        if (function == null) {
            throw new IllegalStateException("no CUDA kernel named " + launch.kernel() + " in " + functions.keySet());
        }
        List<KernelLaunch.Arg> args = launch.args();
        Pointer[] params = new Pointer[args.size()];
        for (int i = 0; i < params.length; i++) {
            KernelLaunch.Arg arg = args.get(i);
            params[i] = switch (arg.kind()) {
                case POINTER -> Pointer.to(pointer(arg.memory()).withByteOffset(arg.byteOffset()));
                case INT -> Pointer.to(new int[] {(int) arg.value()});
                case FLOAT -> Pointer.to(new float[] {Float.intBitsToFloat((int) arg.value())});
                case LONG -> Pointer.to(new long[] {arg.value()});
            };
        }
        LaunchGeometry g = launch.geometry();
        cuLaunchKernel(function, g.blocks(), 1, 1, g.threads(), 1, 1, 0, stream, Pointer.to(params), null);
    }

    @Override
    public void gemm(
            CublasGemmMapping call,
            float alpha,
            DeviceMemory first,
            long firstOffset,
            DeviceMemory second,
            long secondOffset,
            float beta,
            DeviceMemory c,
            long cOffset) {
        bind();
        JCublas2.cublasSgemm(
                cublas,
                call.transa(),
                call.transb(),
                call.m(),
                call.n(),
                call.k(),
                Pointer.to(new float[] {alpha}),
                pointer(first).withByteOffset(firstOffset),
                call.lda(),
                pointer(second).withByteOffset(secondOffset),
                call.ldb(),
                Pointer.to(new float[] {beta}),
                pointer(c).withByteOffset(cOffset),
                call.ldc());
    }

    @Override
    public void synchronize() {
        bind();
        sync();
    }

    /** Waits for the stream; a failure of queued work surfaces here and is explained. */
    private void sync() {
        try {
            cuStreamSynchronize(stream);
        } catch (CudaException e) {
            throw new IllegalStateException(CudaErrors.asynchronous(e.getMessage(), device.describe()), e);
        }
    }

    // ---- lifetime -----------------------------------------------------------------------

    @Override
    public void close() {
        if (!contextRetained) {
            return;
        }
        try {
            cuCtxSetCurrent(context);
            if (cublasCreated) {
                JCublas2.cublasDestroy(cublas);
                cublasCreated = false;
            }
            for (CUmodule module : modules) {
                cuModuleUnload(module);
            }
            modules.clear();
            functions.clear();
            if (staging != null) {
                cuMemFreeHost(staging);
                staging = null;
            }
            if (streamCreated) {
                cuStreamDestroy(stream);
                streamCreated = false;
            }
        } finally {
            contextRetained = false;
            cuDevicePrimaryCtxRelease(cuDevice);
        }
    }

    private static CUdeviceptr pointer(DeviceMemory memory) {
        return (CUdeviceptr) memory.handle();
    }
}
