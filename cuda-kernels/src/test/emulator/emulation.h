// Just enough of CUDA's built-ins to compile our .cu kernels as plain C++ and run them on the host
// (cuda_emulator.cpp). A launch runs a grid's threads as follows: per-item kernels one thread after
// another (they never wait for each other); one-block kernels as REDUCE_THREADS fibers on one OS
// thread, each switched out at __syncthreads and resumed when all have reached it, so the
// shared-memory reductions run with a block's real interleaving at every barrier. (Real OS threads
// would do the same but cost ~10 ms a launch; fibers cost ~0.1 ms.) Math comes from the host's
// libm, not CUDA's device libm.
#pragma once

#include <atomic>
#include <cmath>
#include <cstdint>

#define __global__
#define __device__
#define __host__
#define __shared__ static
#define __launch_bounds__(threads)
// (__shared__ arrays become function statics: one block runs at a time, so all its threads share them.)


struct emulated_dim3 {
    unsigned int x, y, z;
};

extern emulated_dim3 threadIdx;
extern emulated_dim3 blockIdx;
extern emulated_dim3 blockDim;
extern emulated_dim3 gridDim;

// Switches from the running fiber back to the block's scheduler (cuda_emulator.cpp).
void emulated_syncthreads();

inline void __syncthreads() {
    emulated_syncthreads();
}

inline int atomicCAS(int* address, int compare, int value) {
    std::atomic_ref<int> target(*address);
    target.compare_exchange_strong(compare, value);
    return compare; // the old value, as CUDA's atomicCAS returns
}

using std::isfinite;
