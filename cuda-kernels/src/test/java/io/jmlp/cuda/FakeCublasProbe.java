package io.jmlp.cuda;

import java.io.IOException;
import java.lang.reflect.Field;
import java.nio.Buffer;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import jcuda.Pointer;
import jcuda.jcublas.JCublas2;
import jcuda.jcublas.cublasHandle;
import jcuda.jcublas.cublasMath;
import jcuda.runtime.cudaStream_t;

/**
 * Run in a child JVM by {@link CublasShimTest} (the native libraries it loads stay loaded for the
 * life of a process): loads cuBLAS the production way, with {@code -Djmlp.cublas} pointing at the
 * fake libcublas.so.13, then calls every JCublas2 function jmlp uses and prints what came back.
 */
public final class FakeCublasProbe {
    private FakeCublasProbe() {}

    public static void main(String[] args) throws IOException {
        CublasLibrary.Outcome outcome = CublasLibrary.load();
        System.out.println(
                "outcome loaded=" + outcome.loaded() + " shim=" + outcome.throughShim() + " " + outcome.description());
        if (!outcome.loaded()) {
            return;
        }
        JCublas2.setExceptionsEnabled(true);
        cublasHandle handle = new cublasHandle();
        JCublas2.cublasCreate(handle);
        System.out.println("handle " + handle);
        JCublas2.cublasSetStream(handle, new cudaStream_t());
        JCublas2.cublasSetMathMode(handle, cublasMath.CUBLAS_DEFAULT_MATH);
        int[] value = new int[1];
        JCublas2.cublasGetMathMode(handle, value);
        System.out.println("math " + value[0]);
        JCublas2.cublasGetVersion(handle, value);
        System.out.println("version " + value[0] + " = " + CudaDriverQueue.cublasVersion(value[0]));

        // C[2 × 4] = A[2 × 3]·B[3 × 4], row-major, through the mapping exactly as CudaDriverQueue calls it.
        float[] a = {1, 2, 3, 4, 5, 6};
        float[] b = {1, 0, 2, -1, 0, 1, 1, 2, 3, -2, 0, 1};
        CublasGemmMapping call = CublasGemmMapping.rowMajor(false, false, 2, 4, 3, 3, 4);
        ByteBuffer aBuf = direct(a);
        ByteBuffer bBuf = direct(b);
        ByteBuffer cBuf = direct(new float[8]);
        // JCublas2 passes matrix pointers through as device addresses; host memory at a raw address stands in for them
        // here.
        JCublas2.cublasSgemm(
                handle,
                call.transa(),
                call.transb(),
                call.m(),
                call.n(),
                call.k(),
                Pointer.to(new float[] {1f}),
                new RawPointer(bBuf),
                call.lda(),
                new RawPointer(aBuf),
                call.ldb(),
                Pointer.to(new float[] {0f}),
                new RawPointer(cBuf),
                call.ldc());
        float[] c = new float[8];
        cBuf.asFloatBuffer().get(c);
        System.out.println("gemm " + Arrays.toString(c));
        JCublas2.cublasDestroy(handle);
        System.out.println("destroyed");
        for (String line : Files.readAllLines(Path.of("/proc/self/maps"))) {
            if (line.contains("libcublas") || line.contains("JCublas2")) {
                System.out.println("mapped " + line.substring(line.lastIndexOf(' ') + 1));
            }
        }
    }

    /** A pointer to a direct buffer's memory as a plain address (needs --add-opens java.base/java.nio=ALL-UNNAMED). */
    private static final class RawPointer extends Pointer {
        RawPointer(ByteBuffer buffer) {
            super(address(buffer));
        }

        private static long address(ByteBuffer buffer) {
            try {
                Field address = Buffer.class.getDeclaredField("address");
                address.setAccessible(true);
                return address.getLong(buffer);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    private static ByteBuffer direct(float[] values) {
        ByteBuffer buffer = ByteBuffer.allocateDirect(values.length * 4).order(ByteOrder.nativeOrder());
        FloatBuffer floats = buffer.asFloatBuffer();
        floats.put(values);
        return buffer;
    }
}
