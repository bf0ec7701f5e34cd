// Shared by every .cu file: the block size of the one-block reduction kernels, the block sum they
// end with, and how a kernel reports bad input (a label or row index out of range) that it cannot
// throw. io.jmlp.cuda.LaunchGeometry#REDUCE_THREADS must equal REDUCE_THREADS (a unit test checks
// the .maxntid of the reduction kernels in the built PTX).
#pragma once

#define REDUCE_THREADS 256

// Device functions that are also compiled for the host, so that a test (DeviceCodeOnHostTest) can
// run them without a GPU: the Philox generator and the activation formulas.
#define HOST_AND_DEVICE __host__ __device__

// Status codes, as io.jmlp.backend.DeviceStatus reads them.
#define STATUS_LABEL_OUT_OF_RANGE 1
#define STATUS_INDEX_OUT_OF_RANGE 2
// The step clock points outside what it indexes; position is CLOCK_GATHER_POSITION or CLOCK_RATE_ROW.
#define STATUS_CLOCK_OUT_OF_RANGE 3
#define CLOCK_GATHER_POSITION 0
#define CLOCK_RATE_ROW 1

// The first kernel to find bad input records {code, value, position, limit} in the backend's status
// buffer; the backend reads it whenever it waits anyway (read, synchronize) and throws then.
__device__ inline void report_status(int* status, int code, int value, int position, int limit) {
    if (atomicCAS(status, 0, code) == 0) {
        status[1] = value;
        status[2] = position;
        status[3] = limit;
    }
}

// Sum of one value per thread over a block of REDUCE_THREADS threads: a tree in shared memory, the
// same pairing as the OpenCL kernels, so the float sum is short sequential runs combined pairwise.
// Every thread gets the total.
__device__ inline float block_sum(float* partial, float mine) {
    int t = threadIdx.x;
    partial[t] = mine;
    for (int stride = REDUCE_THREADS / 2; stride > 0; stride /= 2) {
        __syncthreads();
        if (t < stride) {
            partial[t] += partial[t + stride];
        }
    }
    __syncthreads();
    return partial[0];
}

// The index of this thread in a one-dimensional launch of one thread per item.
__device__ inline int item_index() {
    return (int) (blockIdx.x * blockDim.x + threadIdx.x);
}
