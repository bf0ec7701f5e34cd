// Bias gradients: out[j] = beta * out[j] + sum over rows of x[i, j]. One thread per column, so each
// column's sum is one sequential float sum (within the parity suite's SUMS bound in any order), and
// the loads of neighbouring threads are neighbouring addresses (coalesced).
#include "common.cuh"

extern "C" __global__ void sum_rows(const float* x, float beta, float* out, int rows, int cols) {
    int j = item_index();
    if (j >= cols) {
        return;
    }
    float sum = 0.0f;
    for (int i = 0; i < rows; i++) {
        sum += x[(size_t) i * cols + j];
    }
    out[j] = (beta == 0.0f ? 0.0f : beta * out[j]) + sum;
}
