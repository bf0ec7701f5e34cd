// Device-side mini-batching: dst[r, :] = src[indices[first + r], :]. Elements are moved as 32-bit
// words, so one kernel serves float and int tensors bit for bit. Needs status.cl (bad indices).
// The position is first + clock[0]·rowsPerStep: the trainer's step clock (ReferenceBackend's
// gatherRows with a clock) picks the batch on the device, so the launch is the same every step;
// the host-position form passes rowsPerStep 0 (and any buffer as the clock, never read).
__kernel void gather_rows(__global const uint* src, int srcOff, int srcRows, __global const int* indices, int indicesOff,
                          int indexCount, __global const int* clock, int clockOff, int rowsPerStep, int first,
                          __global uint* dst, int dstOff, int rows, int cols, __global int* status) {
    int e = get_global_id(0);
    if (e >= rows * cols) {
        return;
    }
    int r = e / cols;
    int c = e % cols;
    long start = (long) first + (rowsPerStep != 0 ? (long) clock[clockOff] * rowsPerStep : 0);
    if (start < 0 || start + rows > indexCount) {
        if (e == 0) {
            report_status(status, STATUS_CLOCK_OUT_OF_RANGE, (int) start, CLOCK_GATHER_POSITION, indexCount);
        }
        return;
    }
    int position = (int) start + r;
    int row = indices[indicesOff + position];
    if (row < 0 || row >= srcRows) {
        if (c == 0) {
            report_status(status, STATUS_INDEX_OUT_OF_RANGE, row, position, srcRows);
        }
        return;
    }
    dst[dstOff + e] = src[srcOff + row * cols + c];
}

// The step clock moves on: {step within the epoch, step since training began} += 1 (ReferenceBackend's
// advanceClock). One work-item.
__kernel void advance_clock(__global int* clock, int clockOff) {
    if (get_global_id(0) == 0) {
        clock[clockOff] += 1;
        clock[clockOff + 1] += 1;
    }
}
