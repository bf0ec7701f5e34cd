package io.jmlp.data;

import java.util.Arrays;

/**
 * The contents of one IDX file: its dimensions and its values as floats (every IDX element type
 * converts exactly, except 64-bit doubles and 32-bit ints beyond 2²⁴, which no image or label
 * file uses).
 *
 * @param source        where it was read from, for error messages
 * @param dims          the dimensions, outermost first (for MNIST images: count, rows, columns)
 * @param unsignedBytes whether the file stored unsigned bytes (type 0x08): pixels 0…255
 */
public record IdxArray(String source, int[] dims, float[] values, boolean unsignedBytes) {

    /** Number of items (the first dimension). */
    public int count() {
        return dims[0];
    }

    /** Values per item (the product of the other dimensions). */
    public int itemSize() {
        int size = 1;
        for (int i = 1; i < dims.length; i++) {
            size *= dims[i];
        }
        return size;
    }

    @Override
    public String toString() {
        return source + " " + Arrays.toString(dims);
    }
}
