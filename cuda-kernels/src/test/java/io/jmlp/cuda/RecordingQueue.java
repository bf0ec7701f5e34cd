package io.jmlp.cuda;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

/**
 * A {@link DeviceQueue} without a device: it hands out allocations that hold no memory, records
 * every launch and GEMM, and downloads zeros (so the backend's status check finds nothing). What
 * {@link CudaBackend} does on the host, before and around a GPU, can be tested with it anywhere.
 */
final class RecordingQueue implements DeviceQueue {
    record Gemm(
            CublasGemmMapping call,
            float alpha,
            DeviceMemory first,
            long firstOffset,
            DeviceMemory second,
            long secondOffset,
            float beta,
            DeviceMemory c,
            long cOffset) {}

    final List<KernelLaunch> launches = new ArrayList<>();
    final List<Gemm> gemms = new ArrayList<>();
    final List<String> other = new ArrayList<>();
    final Set<DeviceMemory> allocated = Collections.newSetFromMap(new IdentityHashMap<>());
    /** Downloads and synchronizes: the points where a real device makes the host wait. */
    int hostWaits;

    int uploads;
    boolean closed;

    @Override
    public String describe() {
        return "recording queue (no device)";
    }

    @Override
    public DeviceMemory allocate(long bytes) {
        if (bytes < 1) {
            throw new AssertionError("cuMemAlloc rejects " + bytes + " bytes");
        }
        DeviceMemory memory = new DeviceMemory(new Object(), bytes);
        allocated.add(memory);
        return memory;
    }

    @Override
    public void free(DeviceMemory memory) {
        if (!allocated.remove(memory)) {
            throw new AssertionError("freed twice or never allocated: " + memory);
        }
    }

    private void check(DeviceMemory memory, long byteOffset, long bytes) {
        if (!allocated.contains(memory)) {
            throw new AssertionError("use of freed memory");
        }
        if (byteOffset < 0 || byteOffset + bytes > memory.bytes()) {
            throw new AssertionError(
                    "access [" + byteOffset + ", " + (byteOffset + bytes) + ") outside " + memory.bytes() + " bytes");
        }
    }

    @Override
    public void upload(DeviceMemory dst, long byteOffset, float[] src, int srcOffset, int count) {
        check(dst, byteOffset, 4L * count);
        other.add("upload");
        uploads++;
    }

    @Override
    public void upload(DeviceMemory dst, long byteOffset, int[] src, int srcOffset, int count) {
        check(dst, byteOffset, 4L * count);
        other.add("upload");
        uploads++;
    }

    @Override
    public void download(DeviceMemory src, long byteOffset, float[] dst, int dstOffset, int count) {
        check(src, byteOffset, 4L * count);
        hostWaits++;
    }

    @Override
    public void download(DeviceMemory src, long byteOffset, int[] dst, int dstOffset, int count) {
        check(src, byteOffset, 4L * count);
        hostWaits++;
    }

    @Override
    public void copy(DeviceMemory src, long srcByteOffset, DeviceMemory dst, long dstByteOffset, long bytes) {
        check(src, srcByteOffset, bytes);
        check(dst, dstByteOffset, bytes);
        other.add("copy");
    }

    @Override
    public void fill32(DeviceMemory dst, long byteOffset, long count, int bits) {
        check(dst, byteOffset, 4L * count);
        other.add("fill32 " + Float.intBitsToFloat(bits));
    }

    @Override
    public void launch(KernelLaunch launch) {
        for (KernelLaunch.Arg arg : launch.args()) {
            if (arg.kind() == KernelLaunch.Kind.POINTER) {
                check(arg.memory(), arg.byteOffset(), 0);
            }
        }
        launches.add(launch);
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
        gemms.add(new Gemm(call, alpha, first, firstOffset, second, secondOffset, beta, c, cOffset));
    }

    @Override
    public void synchronize() {
        hostWaits++;
    }

    @Override
    public void close() {
        closed = true;
    }

    int queued() {
        return launches.size() + gemms.size() + other.size();
    }
}
