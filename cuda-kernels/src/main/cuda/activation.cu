// Activations (forward fused with the bias add, backward) and PReLU.
// Formulas: io.jmlp.backend.Activation#apply and #derivative, evaluated in float exactly as
// opencl-kernels' activation.cl does. One thread per element unless a kernel says otherwise.
#include "common.cuh"

#define ACT_IDENTITY 0
#define ACT_SIGMOID 1
#define ACT_TANH 2
#define ACT_HARD_SIGMOID 3
#define ACT_HARD_TANH 4
#define ACT_RELU 5
#define ACT_LEAKY_RELU 6
#define ACT_ELU 7
#define ACT_SOFTPLUS 8
#define ACT_SWISH 9
#define ACT_GELU 10

#define GELU_C 0.7978845608028654f
#define GELU_K 0.044715f

// The numerically stable logistic function: exp of a non-positive argument only.
HOST_AND_DEVICE float sigmoid_of(float z) {
    if (z >= 0.0f) {
        return 1.0f / (1.0f + expf(-z));
    }
    float e = expf(z);
    return e / (1.0f + e);
}

HOST_AND_DEVICE float activation_apply(int kind, float alpha, float z) {
    switch (kind) {
        case ACT_IDENTITY: return z;
        case ACT_SIGMOID: return sigmoid_of(z);
        case ACT_TANH: return tanhf(z);
        case ACT_HARD_SIGMOID: return fmaxf(fminf(0.25f * z + 0.5f, 1.0f), 0.0f);
        case ACT_HARD_TANH: return fmaxf(fminf(z, 1.0f), -1.0f);
        case ACT_RELU: return z > 0.0f ? z : 0.0f;
        case ACT_LEAKY_RELU: return z > 0.0f ? z : alpha * z;
        case ACT_ELU: return z > 0.0f ? z : alpha * expm1f(z);
        case ACT_SOFTPLUS: return fmaxf(z, 0.0f) + log1pf(expf(-fabsf(z)));
        case ACT_SWISH: return z * sigmoid_of(z);
        case ACT_GELU: return 0.5f * z * (1.0f + tanhf(GELU_C * (z + GELU_K * z * z * z)));
        default: return nanf(""); // an unknown kind never passes silently
    }
}

// f'(z) given z and a = f(z); at a kink, the branch z <= 0 (as the reference).
HOST_AND_DEVICE float activation_derivative(int kind, float alpha, float z, float a) {
    switch (kind) {
        case ACT_IDENTITY: return 1.0f;
        case ACT_SIGMOID: return a * (1.0f - a);
        case ACT_TANH: return 1.0f - a * a;
        case ACT_HARD_SIGMOID: return (z > -2.0f && z < 2.0f) ? 0.25f : 0.0f;
        case ACT_HARD_TANH: return (z > -1.0f && z < 1.0f) ? 1.0f : 0.0f;
        case ACT_RELU: return z > 0.0f ? 1.0f : 0.0f;
        case ACT_LEAKY_RELU: return z > 0.0f ? 1.0f : alpha;
        case ACT_ELU: return z > 0.0f ? 1.0f : a + alpha;
        case ACT_SOFTPLUS: return sigmoid_of(z);
        case ACT_SWISH: {
            float s = sigmoid_of(z);
            return s + z * s * (1.0f - s);
        }
        case ACT_GELU: {
            float u = GELU_C * (z + GELU_K * z * z * z);
            float t = tanhf(u);
            return 0.5f * (1.0f + t) + 0.5f * z * (1.0f - t * t) * GELU_C * (1.0f + 3.0f * GELU_K * z * z);
        }
        default: return nanf("");
    }
}

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
