// Device-side mini-batching: dst[r, :] = src[indices[first + r], :]. Elements move as 32-bit words,
// so one kernel serves float and int tensors bit for bit. One thread per destination element:
// consecutive threads copy consecutive words of a row (coalesced).
#include "common.cuh"

extern "C" __global__ void gather_rows(const unsigned int* src, int srcRows, const int* indices, int first,
                                       unsigned int* dst, int rows, int cols, int* status) {
    int e = item_index();
    if (e >= rows * cols) {
        return;
    }
    int r = e / cols;
    int c = e % cols;
    int row = indices[first + r];
    if (row < 0 || row >= srcRows) {
        if (c == 0) {
            report_status(status, STATUS_INDEX_OUT_OF_RANGE, row, first + r, srcRows);
        }
        return;
    }
    dst[e] = src[(size_t) row * cols + c];
}
