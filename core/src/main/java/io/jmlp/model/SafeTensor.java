package io.jmlp.model;

import java.util.Arrays;

/**
 * One named tensor of a safetensors file: {@code F32} values or {@code I64} values (PyTorch's
 * {@code num_batches_tracked}), with a row-major shape ({@code []} for a scalar).
 */
public record SafeTensor(String name, String dtype, long[] shape, float[] floats, long[] longs) {
    public static final String F32 = "F32";
    public static final String I64 = "I64";

    public SafeTensor {
        long count = elementCount(shape);
        if (F32.equals(dtype)
                ? floats == null || floats.length != count
                : !I64.equals(dtype) || longs == null || longs.length != count) {
            throw new IllegalArgumentException(
                    "tensor " + name + ": " + dtype + " data does not match shape " + Arrays.toString(shape));
        }
    }

    public static SafeTensor ofFloats(String name, float[] values, long... shape) {
        return new SafeTensor(name, F32, shape, values, null);
    }

    public static SafeTensor ofLong(String name, long value) {
        return new SafeTensor(name, I64, new long[0], null, new long[] {value});
    }

    public static long elementCount(long[] shape) {
        long count = 1;
        for (long d : shape) {
            count = Math.multiplyExact(count, d);
        }
        return count;
    }

    public int bytesPerElement() {
        return F32.equals(dtype) ? 4 : 8;
    }

    public long byteCount() {
        return elementCount(shape) * bytesPerElement();
    }
}
