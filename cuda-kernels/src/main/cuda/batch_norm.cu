// Batch normalisation over the rows of x [rows x cols], PyTorch's conventions (see Backend).
// Statistics: one thread per column (neuron), coalesced across a warp; two passes for mean and
// variance, so no cancellation from E[x^2] - E[x]^2. Same float formulas as batch_norm.cl.
#include "common.cuh"

extern "C" __global__ void batch_norm_forward_training(const float* x, const float* gamma, const float* beta, float eps,
                                                       float momentum, float* runningMean, float* runningVar, float* y,
                                                       float* savedMean, float* savedInvStd, int rows, int cols) {
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
        y[(size_t) i * cols + j] = g * (x[(size_t) i * cols + j] - mean) * invStd + b;
    }
    float unbiased = rows > 1 ? var * rows / (rows - 1) : var;
    runningMean[j] = (1.0f - momentum) * runningMean[j] + momentum * mean;
    runningVar[j] = (1.0f - momentum) * runningVar[j] + momentum * unbiased;
    savedMean[j] = mean;
    savedInvStd[j] = invStd;
}

// y = gamma * (x - runningMean) / sqrt(runningVar + eps) + beta, one thread per element.
extern "C" __global__ void batch_norm_forward_inference(const float* x, const float* gamma, const float* beta, float eps,
                                                        const float* runningMean, const float* runningVar, float* y,
                                                        int cols, int size) {
    int e = item_index();
    if (e >= size) {
        return;
    }
    int j = e % cols;
    float invStd = 1.0f / sqrtf(runningVar[j] + eps);
    y[e] = gamma[j] * (x[e] - runningMean[j]) * invStd + beta[j];
}

// dBeta = sum dy, dGamma = sum dy * xhat, dx = gamma * invStd / n * (n * dy - dBeta - xhat * dGamma).
// One thread per column; each thread reads dy[i, j] before it writes dx[i, j], so dx may alias dy.
extern "C" __global__ void batch_norm_backward(const float* x, const float* dy, const float* gamma, const float* savedMean,
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
        float g = dy[(size_t) i * cols + j];
        sumDy += g;
        sumDyXhat += g * ((x[(size_t) i * cols + j] - mean) * invStd);
    }
    float scale = gamma[j] * invStd / rows;
    for (int i = 0; i < rows; i++) {
        float xhat = (x[(size_t) i * cols + j] - mean) * invStd;
        dx[(size_t) i * cols + j] = scale * (rows * dy[(size_t) i * cols + j] - sumDy - xhat * sumDyXhat);
    }
    dGamma[j] = sumDyXhat;
    dBeta[j] = sumDy;
}
