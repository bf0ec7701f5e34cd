// Scale, axpy (one thread per element) and whole-tensor reductions (one block of
// REDUCE_THREADS threads: each sums a strided share, then a tree in shared memory, so the float
// sum is short sequential runs combined pairwise, deterministic, as reduction.cl).
#include "common.cuh"

// (fill needs no kernel: the backend sets the float's 32 bits with cuMemsetD32Async.)

extern "C" __global__ void scale(float* x, float alpha, int size) {
    int e = item_index();
    if (e < size) {
        x[e] = alpha * x[e];
    }
}

extern "C" __global__ void axpy(float alpha, const float* x, float* y, int size) {
    int e = item_index();
    if (e < size) {
        y[e] += alpha * x[e];
    }
}

// out[0] = sum of x^2 (overwritten).
extern "C" __global__ void __launch_bounds__(REDUCE_THREADS) sum_of_squares(const float* x, float* out, int size) {
    __shared__ float partial[REDUCE_THREADS];
    float sum = 0.0f;
    for (int e = threadIdx.x; e < size; e += REDUCE_THREADS) {
        float v = x[e];
        sum += v * v;
    }
    float total = block_sum(partial, sum);
    if (threadIdx.x == 0) {
        out[0] = total;
    }
}

// count[0] += number of NaN or infinite elements, counted in int (exact at any size).
extern "C" __global__ void __launch_bounds__(REDUCE_THREADS) count_non_finite(const float* x, float* count, int size) {
    __shared__ int partial[REDUCE_THREADS];
    int t = threadIdx.x;
    int bad = 0;
    for (int e = t; e < size; e += REDUCE_THREADS) {
        if (!isfinite(x[e])) {
            bad++;
        }
    }
    partial[t] = bad;
    for (int stride = REDUCE_THREADS / 2; stride > 0; stride /= 2) {
        __syncthreads();
        if (t < stride) {
            partial[t] += partial[t + stride];
        }
    }
    if (t == 0) {
        count[0] += (float) partial[0];
    }
}
