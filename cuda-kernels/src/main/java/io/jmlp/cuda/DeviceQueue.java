package io.jmlp.cuda;

/**
 * What {@link CudaBackend} asks of a device: memory, copies, kernel launches and GEMM, all queued in
 * order on one stream. {@link CudaDriverQueue} does it with the CUDA driver API and cuBLAS; the
 * tests give the backend a recording queue instead, which is how argument validation, launch
 * geometry and kernel signatures are checked on machines without a GPU.
 *
 * <p>Uploads and downloads block until their data has arrived (so the caller's arrays are free to
 * reuse); everything else may run later.
 */
interface DeviceQueue extends AutoCloseable {

    /** What the queue runs on, for {@link io.jmlp.backend.Backend#deviceDescription()}. */
    String describe();

    /** A zero-filled allocation of {@code bytes} (at least 1). */
    DeviceMemory allocate(long bytes);

    /** Frees an allocation once the work queued before has finished with it. */
    void free(DeviceMemory memory);

    void upload(DeviceMemory dst, long byteOffset, float[] src, int srcOffset, int count);

    void upload(DeviceMemory dst, long byteOffset, int[] src, int srcOffset, int count);

    /** Waits for queued work, then copies {@code count} floats out. */
    void download(DeviceMemory src, long byteOffset, float[] dst, int dstOffset, int count);

    /** Waits for queued work, then copies {@code count} ints out. */
    void download(DeviceMemory src, long byteOffset, int[] dst, int dstOffset, int count);

    void copy(DeviceMemory src, long srcByteOffset, DeviceMemory dst, long dstByteOffset, long bytes);

    /** Sets {@code count} 32-bit words to {@code bits}. */
    void fill32(DeviceMemory dst, long byteOffset, long count, int bits);

    void launch(KernelLaunch launch);

    /**
     * One column-major {@code cublasSgemm}: {@code first} and {@code second} are cuBLAS's A and B
     * (our B and A, see {@link CublasGemmMapping}), each as (allocation, byte offset).
     */
    void gemm(
            CublasGemmMapping call,
            float alpha,
            DeviceMemory first,
            long firstOffset,
            DeviceMemory second,
            long secondOffset,
            float beta,
            DeviceMemory c,
            long cOffset);

    /** Blocks until every queued operation has finished. */
    void synchronize();

    /** Releases the stream, the modules, the cuBLAS handle and the context reference. */
    @Override
    void close();
}
