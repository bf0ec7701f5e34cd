// Device-side mini-batching: dst[r, :] = src[indices[first + r], :]. Elements move as 32-bit words,
// so one kernel serves float and int tensors bit for bit. One thread per destination element:
// consecutive threads copy consecutive words of a row (coalesced). The position is
// first + clock[0]·rowsPerStep: the trainer's step clock (ReferenceBackend's gatherRows with a clock)
// picks the batch on the device, so the launch is the same every step (a CUDA graph can replay it);
// the host-position form passes rowsPerStep 0 (and any pointer as the clock, never read).
#include "common.cuh"

extern "C" __global__ void gather_rows(const unsigned int* src, int srcRows, const int* indices, int indexCount,
                                       const int* clock, int rowsPerStep, int first, unsigned int* dst, int rows, int cols,
                                       int* status) {
    int e = item_index();
    if (e >= rows * cols) {
        return;
    }
    int r = e / cols;
    int c = e % cols;
    long long start = (long long) first + (rowsPerStep != 0 ? (long long) clock[0] * rowsPerStep : 0);
    if (start < 0 || start + rows > indexCount) {
        if (e == 0) {
            report_status(status, STATUS_CLOCK_OUT_OF_RANGE, (int) start, CLOCK_GATHER_POSITION, indexCount);
        }
        return;
    }
    int position = (int) start + r;
    int row = indices[position];
    if (row < 0 || row >= srcRows) {
        if (c == 0) {
            report_status(status, STATUS_INDEX_OUT_OF_RANGE, row, position, srcRows);
        }
        return;
    }
    dst[e] = src[(size_t) row * cols + c];
}

// The step clock moves on: {step within the epoch, step since training began} += 1 (ReferenceBackend's
// advanceClock). One thread.
extern "C" __global__ void advance_clock(int* clock) {
    if (item_index() == 0) {
        clock[0] += 1;
        clock[1] += 1;
    }
}
