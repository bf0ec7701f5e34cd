// Batch normalisation over the rows of x [rows x cols], PyTorch's conventions (see Backend), fused
// with the activation after it (kind/alpha as in activation.cuh; ACT_IDENTITY for none).
// Statistics: one thread per column (neuron), coalesced across a warp; two passes for mean and
// variance, so no cancellation from E[x^2] - E[x]^2. Same float formulas, in the same order, as
// batch_norm.cl and as the unfused pair (batch norm, then activation.cu) that they replace: y is
// computed, stored, and f applied to that very float, so a = f(y) is what bias_activation_forward
// would make of the stored y; and dy = da * f'(y, a) is the float activation_backward would have
// stored (nvcc runs with --fmad=false, so no product is fused into the sums that follow).
#include "activation.cuh"

// Twin: ReferenceBackend#batchNormForwardTraining. y = gamma * (x - mean) * invStd + beta, a = f(y);
// a may be y itself for the identity (then the same value is written twice).
extern "C" __global__ void batch_norm_forward_training(const float* x, const float* gamma, const float* beta, float eps,
                                                       float momentum, float* runningMean, float* runningVar, int kind,
                                                       float alpha, float* y, float* a, float* savedMean,
                                                       float* savedInvStd, int rows, int cols) {
    int j = item_index();
    if (j >= cols) {
        return;
    }
    float sum = 0.0f;
    for (int i = 0; i < rows; i++) {
        sum += x[(size_t) i * cols + j];
    }
    float mean = sum / rows;
    float squares = 0.0f;
    for (int i = 0; i < rows; i++) {
        float d = x[(size_t) i * cols + j] - mean;
        squares += d * d;
    }
    float var = squares / rows;
    float invStd = 1.0f / sqrtf(var + eps);
    float g = gamma[j];
    float b = beta[j];
    for (int i = 0; i < rows; i++) {
        size_t e = (size_t) i * cols + j;
        float v = g * (x[e] - mean) * invStd + b;
        y[e] = v;
        a[e] = activation_apply(kind, alpha, v);
    }
    float unbiased = rows > 1 ? var * rows / (rows - 1) : var;
    runningMean[j] = (1.0f - momentum) * runningMean[j] + momentum * mean;
    runningVar[j] = (1.0f - momentum) * runningVar[j] + momentum * unbiased;
    savedMean[j] = mean;
    savedInvStd[j] = invStd;
}

// Twin: ReferenceBackend#batchNormForwardInference.
// y = f(gamma * (x - runningMean) / sqrt(runningVar + eps) + beta), one thread per element.
extern "C" __global__ void batch_norm_forward_inference(const float* x, const float* gamma, const float* beta, float eps,
                                                        const float* runningMean, const float* runningVar, int kind,
                                                        float alpha, float* y, int cols, int size) {
    int e = item_index();
    if (e >= size) {
        return;
    }
    int j = e % cols;
    float invStd = 1.0f / sqrtf(runningVar[j] + eps);
    y[e] = activation_apply(kind, alpha, gamma[j] * (x[e] - runningMean[j]) * invStd + beta[j]);
}

// dy = da * f'(y) as activation_backward computes it; the identity's is da itself (y and a unread).
__device__ inline float gradient_before_activation(int kind, float alpha, const float* y, const float* a, const float* da,
                                                   size_t e) {
    return kind == ACT_IDENTITY ? da[e] : da[e] * activation_derivative(kind, alpha, y[e], a[e]);
}

// Twin: ReferenceBackend#batchNormBackward. dy = da * f'(y), then dBeta = sum dy,
// dGamma = sum dy * xhat, dx = gamma * invStd / n * (n * dy - dBeta - xhat * dGamma). One thread per
// column; dy is recomputed in the second pass rather than stored (it costs a few flops, a store and
// a load would cost more). Each thread reads da[i, j], y[i, j] and a[i, j] before it writes dx[i, j],
// so dx may alias da.
extern "C" __global__ void batch_norm_backward(const float* x, int kind, float alpha, const float* y, const float* a,
                                               const float* da, const float* gamma, const float* savedMean,
                                               const float* savedInvStd, float* dx, float* dGamma, float* dBeta,
                                               int rows, int cols) {
    int j = item_index();
    if (j >= cols) {
        return;
    }
    float mean = savedMean[j];
    float invStd = savedInvStd[j];
    float sumDy = 0.0f;
    float sumDyXhat = 0.0f;
    for (int i = 0; i < rows; i++) {
        size_t e = (size_t) i * cols + j;
        float g = gradient_before_activation(kind, alpha, y, a, da, e);
        sumDy += g;
        sumDyXhat += g * ((x[e] - mean) * invStd);
    }
    float scale = gamma[j] * invStd / rows;
    for (int i = 0; i < rows; i++) {
        size_t e = (size_t) i * cols + j;
        float xhat = (x[e] - mean) * invStd;
        dx[e] = scale * (rows * gradient_before_activation(kind, alpha, y, a, da, e) - sumDy - xhat * sumDyXhat);
    }
    dGamma[j] = sumDyXhat;
    dBeta[j] = sumDy;
}
