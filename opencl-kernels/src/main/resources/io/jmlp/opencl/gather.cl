// Device-side mini-batching: dst[r, :] = src[indices[first + r], :]. Elements are moved as 32-bit
// words, so one kernel serves float and int tensors bit for bit. Needs status.cl (bad indices).
__kernel void gather_rows(__global const uint* src, int srcOff, int srcRows, __global const int* indices, int indicesOff,
                          int first, __global uint* dst, int dstOff, int rows, int cols, __global int* status) {
    int e = get_global_id(0);
    if (e >= rows * cols) {
        return;
    }
    int r = e / cols;
    int c = e % cols;
    int row = indices[indicesOff + first + r];
    if (row < 0 || row >= srcRows) {
        if (c == 0) {
            report_status(status, STATUS_INDEX_OUT_OF_RANGE, row, first + r, srcRows);
        }
        return;
    }
    dst[dstOff + e] = src[srcOff + row * cols + c];
}
