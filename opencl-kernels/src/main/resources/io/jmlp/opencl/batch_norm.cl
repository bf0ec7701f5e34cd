// Batch normalisation over the rows of x [rows x cols], PyTorch's conventions (see Backend), fused
// with the activation after it (kind/alpha as in activation_functions.cl, which KernelPrograms puts
// first; ACT_IDENTITY for none). One work-item per column (neuron): two-pass mean and variance, so
// no cancellation from E[x^2] - E[x]^2. Same float formulas, in the same order, as batch_norm.cu and
// as the unfused pair (batch norm, then activation.cl) that they replace: y is computed, stored, and
// f applied to that very float; dy = da * f'(y, a) is its own statement, as activation_backward
// stores it, so FP_CONTRACT (which fuses within an expression only) cannot fuse it into the sums.

// Twin: ReferenceBackend#batchNormForwardTraining. y = gamma * (x - mean) * invStd + beta, a = f(y);
// a may be y itself for the identity (then the same value is written twice).
__kernel void batch_norm_forward_training(__global const float* x, int xOff, __global const float* gamma, int gammaOff,
                                          __global const float* beta, int betaOff, float eps, float momentum,
                                          __global float* runningMean, int rmOff, __global float* runningVar, int rvOff,
                                          int kind, float alpha, __global float* y, int yOff, __global float* a, int aOff,
                                          __global float* savedMean, int smOff, __global float* savedInvStd, int sisOff,
                                          int rows, int cols) {
    int j = get_global_id(0);
    if (j >= cols) {
        return;
    }
    float sum = 0.0f;
    for (int i = 0; i < rows; i++) {
        sum += x[xOff + i * cols + j];
    }
    float mean = sum / rows;
    float squares = 0.0f;
    for (int i = 0; i < rows; i++) {
        float d = x[xOff + i * cols + j] - mean;
        squares += d * d;
    }
    float var = squares / rows;
    float invStd = 1.0f / sqrt(var + eps);
    float g = gamma[gammaOff + j];
    float b = beta[betaOff + j];
    for (int i = 0; i < rows; i++) {
        float v = g * (x[xOff + i * cols + j] - mean) * invStd + b;
        y[yOff + i * cols + j] = v;
        a[aOff + i * cols + j] = activation_apply(kind, alpha, v);
    }
    float unbiased = rows > 1 ? var * rows / (rows - 1) : var;
    runningMean[rmOff + j] = (1.0f - momentum) * runningMean[rmOff + j] + momentum * mean;
    runningVar[rvOff + j] = (1.0f - momentum) * runningVar[rvOff + j] + momentum * unbiased;
    savedMean[smOff + j] = mean;
    savedInvStd[sisOff + j] = invStd;
}

// Twin: ReferenceBackend#batchNormForwardInference.
// y = f(gamma * (x - runningMean) / sqrt(runningVar + eps) + beta), one work-item per element.
__kernel void batch_norm_forward_inference(__global const float* x, int xOff, __global const float* gamma, int gammaOff,
                                           __global const float* beta, int betaOff, float eps,
                                           __global const float* runningMean, int rmOff, __global const float* runningVar, int rvOff,
                                           int kind, float alpha, __global float* y, int yOff, int cols, int size) {
    int e = get_global_id(0);
    if (e >= size) {
        return;
    }
    int j = e % cols;
    float invStd = 1.0f / sqrt(runningVar[rvOff + j] + eps);
    float v = gamma[gammaOff + j] * (x[xOff + e] - runningMean[rmOff + j]) * invStd + beta[betaOff + j];
    y[yOff + e] = activation_apply(kind, alpha, v);
}

// dy = da * f'(y) as activation_backward computes it; the identity's is da itself (y and a unread).
float gradient_before_activation(int kind, float alpha, __global const float* y, int yIndex, __global const float* a,
                                 int aIndex, __global const float* da, int daIndex) {
    if (kind == ACT_IDENTITY) {
        return da[daIndex];
    }
    return da[daIndex] * activation_derivative(kind, alpha, y[yIndex], a[aIndex]);
}

// Twin: ReferenceBackend#batchNormBackward. dy = da * f'(y), then dBeta = sum dy,
// dGamma = sum dy * xhat, dx = gamma * invStd / n * (n * dy - dBeta - xhat * dGamma). One work-item
// per column; dy is recomputed in the second pass rather than stored. Each work-item reads da, y and
// a at (i, j) before it writes dx there, so dx may alias da.
__kernel void batch_norm_backward(__global const float* x, int xOff, int kind, float alpha, __global const float* y, int yOff,
                                  __global const float* a, int aOff, __global const float* da, int daOff,
                                  __global const float* gamma, int gammaOff, __global const float* savedMean, int smOff,
                                  __global const float* savedInvStd, int sisOff, __global float* dx, int dxOff,
                                  __global float* dGamma, int dgOff, __global float* dBeta, int dbOff, int rows, int cols) {
    int j = get_global_id(0);
    if (j >= cols) {
        return;
    }
    float mean = savedMean[smOff + j];
    float invStd = savedInvStd[sisOff + j];
    float sumDy = 0.0f;
    float sumDyXhat = 0.0f;
    for (int i = 0; i < rows; i++) {
        int e = i * cols + j;
        float g = gradient_before_activation(kind, alpha, y, yOff + e, a, aOff + e, da, daOff + e);
        sumDy += g;
        sumDyXhat += g * ((x[xOff + e] - mean) * invStd);
    }
    float scale = gamma[gammaOff + j] * invStd / rows;
    for (int i = 0; i < rows; i++) {
        int e = i * cols + j;
        float xhat = (x[xOff + e] - mean) * invStd;
        float g = gradient_before_activation(kind, alpha, y, yOff + e, a, aOff + e, da, daOff + e);
        dx[dxOff + e] = scale * (rows * g - sumDy - xhat * sumDyXhat);
    }
    dGamma[dgOff + j] = sumDyXhat;
    dBeta[dbOff + j] = sumDy;
}
