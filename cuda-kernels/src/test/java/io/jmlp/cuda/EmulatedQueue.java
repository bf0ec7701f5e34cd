package io.jmlp.cuda;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A {@link DeviceQueue} whose device is src/test/emulator/cuda_emulator.cpp: our kernels compiled
 * as C++ and run on the host, with a column-major SGEMM in cuBLAS's place, in a child process
 * spoken to over its stdin/stdout. With it the shared parity suite runs {@link CudaBackend}'s host
 * code, argument passing, GEMM mapping and kernel code against the reference on machines without
 * a GPU. (What it cannot show: JCuda, the driver, cuBLAS itself, and the device's own math library.)
 */
final class EmulatedQueue implements DeviceQueue {
    private final Process process;
    private final OutputStream out;
    private final InputStream in;
    private final ByteBuffer scratch = ByteBuffer.allocate(64).order(ByteOrder.LITTLE_ENDIAN);
    private boolean closed;

    EmulatedQueue(Path emulator) {
        try {
            process = new ProcessBuilder(emulator.toString())
                    .redirectError(ProcessBuilder.Redirect.INHERIT)
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("starting the CUDA emulator " + emulator, e);
        }
        out = new BufferedOutputStream(process.getOutputStream(), 1 << 16);
        in = new BufferedInputStream(process.getInputStream(), 1 << 16);
    }

    @Override
    public String describe() {
        return "CUDA kernels on the host emulator (tests only)";
    }

    // ---- encoding -----------------------------------------------------------------------

    private EmulatedQueue command(char c) {
        scratch.clear();
        scratch.put((byte) c);
        return this;
    }

    private EmulatedQueue u64(long v) {
        flushScratchIfFull(8);
        scratch.putLong(v);
        return this;
    }

    private EmulatedQueue u32(int v) {
        flushScratchIfFull(4);
        scratch.putInt(v);
        return this;
    }

    private EmulatedQueue u8(int v) {
        flushScratchIfFull(1);
        scratch.put((byte) v);
        return this;
    }

    private EmulatedQueue memory(DeviceMemory m, long offset) {
        return u64((Long) m.handle()).u64(offset);
    }

    private void flushScratchIfFull(int needed) {
        if (scratch.remaining() < needed) {
            send();
            scratch.clear();
        }
    }

    private void send() {
        try {
            out.write(scratch.array(), 0, scratch.position());
        } catch (IOException e) {
            throw dead(e);
        }
    }

    private void bytes(byte[] data) {
        send();
        scratch.clear();
        try {
            out.write(data);
        } catch (IOException e) {
            throw dead(e);
        }
    }

    private byte[] receive(int bytes) {
        send();
        scratch.clear();
        try {
            out.flush();
            byte[] data = in.readNBytes(bytes);
            if (data.length != bytes) {
                throw new IllegalStateException(
                        "the CUDA emulator stopped (exit " + process.waitFor() + "); see its message above");
            }
            return data;
        } catch (IOException e) {
            throw dead(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private RuntimeException dead(IOException e) {
        return new IllegalStateException(
                "the CUDA emulator is gone (" + e.getMessage() + "); see its message above", e);
    }

    // ---- the queue ----------------------------------------------------------------------

    @Override
    public DeviceMemory allocate(long bytes) {
        command('A').u64(bytes);
        long id = ByteBuffer.wrap(receive(8)).order(ByteOrder.LITTLE_ENDIAN).getLong();
        return new DeviceMemory(id, bytes);
    }

    @Override
    public void free(DeviceMemory memory) {
        command('F').u64((Long) memory.handle()).send();
    }

    @Override
    public void upload(DeviceMemory dst, long byteOffset, float[] src, int srcOffset, int count) {
        ByteBuffer data = ByteBuffer.allocate(4 * count).order(ByteOrder.LITTLE_ENDIAN);
        data.asFloatBuffer().put(src, srcOffset, count);
        command('W').memory(dst, byteOffset).u64(4L * count).bytes(data.array());
    }

    @Override
    public void upload(DeviceMemory dst, long byteOffset, int[] src, int srcOffset, int count) {
        ByteBuffer data = ByteBuffer.allocate(4 * count).order(ByteOrder.LITTLE_ENDIAN);
        data.asIntBuffer().put(src, srcOffset, count);
        command('W').memory(dst, byteOffset).u64(4L * count).bytes(data.array());
    }

    @Override
    public void download(DeviceMemory src, long byteOffset, float[] dst, int dstOffset, int count) {
        command('R').memory(src, byteOffset).u64(4L * count);
        ByteBuffer.wrap(receive(4 * count))
                .order(ByteOrder.LITTLE_ENDIAN)
                .asFloatBuffer()
                .get(dst, dstOffset, count);
    }

    @Override
    public void download(DeviceMemory src, long byteOffset, int[] dst, int dstOffset, int count) {
        command('R').memory(src, byteOffset).u64(4L * count);
        ByteBuffer.wrap(receive(4 * count))
                .order(ByteOrder.LITTLE_ENDIAN)
                .asIntBuffer()
                .get(dst, dstOffset, count);
    }

    @Override
    public void copy(DeviceMemory src, long srcByteOffset, DeviceMemory dst, long dstByteOffset, long bytes) {
        command('C')
                .memory(src, srcByteOffset)
                .memory(dst, dstByteOffset)
                .u64(bytes)
                .send();
    }

    @Override
    public void fill32(DeviceMemory dst, long byteOffset, long count, int bits) {
        command('S').memory(dst, byteOffset).u64(count).u32(bits).send();
    }

    @Override
    public void launch(KernelLaunch launch) {
        byte[] name = launch.kernel().getBytes(StandardCharsets.US_ASCII);
        command('L');
        scratch.putShort((short) name.length);
        scratch.put(name);
        u32(launch.geometry().blocks())
                .u32(launch.geometry().threads())
                .u8(KernelImages.ONE_BLOCK.contains(launch.kernel()) ? 1 : 0)
                .u32(launch.args().size());
        for (KernelLaunch.Arg arg : launch.args()) {
            switch (arg.kind()) {
                case POINTER -> u8('P').memory(arg.memory(), arg.byteOffset());
                case INT -> u8('I').u32((int) arg.value());
                case FLOAT -> u8('F').u32((int) arg.value());
                case LONG -> u8('L').u64(arg.value());
            }
        }
        send();
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
        command('G')
                .u32(call.transa())
                .u32(call.transb())
                .u32(call.m())
                .u32(call.n())
                .u32(call.k())
                .u32(Float.floatToRawIntBits(alpha))
                .memory(first, firstOffset)
                .u32(call.lda())
                .memory(second, secondOffset)
                .u32(call.ldb())
                .u32(Float.floatToRawIntBits(beta))
                .memory(c, cOffset)
                .u32(call.ldc())
                .send();
    }

    @Override
    public void synchronize() {
        try {
            out.flush();
        } catch (IOException e) {
            throw dead(e);
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            command('Q').send();
            out.flush();
            out.close();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroy();
            }
        } catch (IOException | InterruptedException e) {
            process.destroy();
        }
    }
}
