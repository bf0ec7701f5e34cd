// Activations (forward fused with the bias add, backward) and PReLU; the formulas are in
// activation.cuh. Each kernel mirrors the ReferenceBackend method of the op that launches it and
// opencl-kernels' activation.cl kernel of the same name. One thread per element unless a kernel says
// otherwise.
#include "activation.cuh"

// z[i, j] += bias[j] (when hasBias), then a = f(z). a may be z itself for the identity.
extern "C" __global__ void bias_activation_forward(float* z, const float* bias, int hasBias, int kind, float alpha,
                                                   float* a, int cols, int size) {
    int e = item_index();
    if (e >= size) {
        return;
    }
    float v = z[e];
    if (hasBias) {
        v += bias[e % cols];
        z[e] = v;
    }
    a[e] = activation_apply(kind, alpha, v);
}

// dz = da * f'(z); dz may alias da.
extern "C" __global__ void activation_backward(int kind, float alpha, const float* z, const float* a, const float* da,
                                               float* dz, int size) {
    int e = item_index();
    if (e >= size) {
        return;
    }
    dz[e] = da[e] * activation_derivative(kind, alpha, z[e], a[e]);
}

// y = x > 0 ? x : slope * x, with one slope per column (slopeCols == cols) or one shared (slopeCols == 1).
extern "C" __global__ void prelu_forward(const float* x, const float* slope, int slopeCols, float* y, int cols, int size) {
    int e = item_index();
    if (e >= size) {
        return;
    }
    float v = x[e];
    float s = slope[slopeCols == 1 ? 0 : e % cols];
    y[e] = v > 0.0f ? v : s * v;
}

// dx = dy * (x > 0 ? 1 : slope).
extern "C" __global__ void prelu_backward_input(const float* x, const float* slope, int slopeCols, const float* dy,
                                                float* dx, int cols, int size) {
    int e = item_index();
    if (e >= size) {
        return;
    }
    float s = slope[slopeCols == 1 ? 0 : e % cols];
    float g = dy[e];
    dx[e] = x[e] > 0.0f ? g : s * g;
}

// dSlope[j] = sum over rows of dy * x where x <= 0: one thread per column (per-neuron slopes);
// neighbouring threads read neighbouring addresses.
extern "C" __global__ void prelu_slope_grad_columns(const float* x, const float* dy, float* dSlope, int rows, int cols) {
    int j = item_index();
    if (j >= cols) {
        return;
    }
    float sum = 0.0f;
    for (int i = 0; i < rows; i++) {
        float v = x[(size_t) i * cols + j];
        if (v <= 0.0f) {
            sum += dy[(size_t) i * cols + j] * v;
        }
    }
    dSlope[j] = sum;
}

// dSlope[0] = sum over all elements of dy * x where x <= 0 (one shared slope): one block.
extern "C" __global__ void __launch_bounds__(REDUCE_THREADS)
prelu_slope_grad_shared(const float* x, const float* dy, float* dSlope, int size) {
    __shared__ float partial[REDUCE_THREADS];
    float sum = 0.0f;
    for (int e = threadIdx.x; e < size; e += REDUCE_THREADS) {
        float v = x[e];
        if (v <= 0.0f) {
            sum += dy[e] * v;
        }
    }
    float total = block_sum(partial, sum);
    if (threadIdx.x == 0) {
        dSlope[0] = total;
    }
}
