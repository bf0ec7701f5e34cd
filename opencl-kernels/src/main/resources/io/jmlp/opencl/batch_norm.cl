// Batch normalisation over the rows of x [rows x cols], PyTorch's conventions (see Backend).
// One work-item per column (neuron): two-pass mean and variance, so no cancellation from
// E[x^2] - E[x]^2.

__kernel void batch_norm_forward_training(__global const float* x, int xOff, __global const float* gamma, int gammaOff,
                                          __global const float* beta, int betaOff, float eps, float momentum,
                                          __global float* runningMean, int rmOff, __global float* runningVar, int rvOff,
                                          __global float* y, int yOff, __global float* savedMean, int smOff,
                                          __global float* savedInvStd, int sisOff, int rows, int cols) {
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
        y[yOff + i * cols + j] = g * (x[xOff + i * cols + j] - mean) * invStd + b;
    }
    float unbiased = rows > 1 ? var * rows / (rows - 1) : var;
    runningMean[rmOff + j] = (1.0f - momentum) * runningMean[rmOff + j] + momentum * mean;
    runningVar[rvOff + j] = (1.0f - momentum) * runningVar[rvOff + j] + momentum * unbiased;
    savedMean[smOff + j] = mean;
    savedInvStd[sisOff + j] = invStd;
}

// y = gamma * (x - runningMean) / sqrt(runningVar + eps) + beta, one work-item per element.
__kernel void batch_norm_forward_inference(__global const float* x, int xOff, __global const float* gamma, int gammaOff,
                                           __global const float* beta, int betaOff, float eps,
                                           __global const float* runningMean, int rmOff, __global const float* runningVar, int rvOff,
                                           __global float* y, int yOff, int cols, int size) {
    int e = get_global_id(0);
    if (e >= size) {
        return;
    }
    int j = e % cols;
    float invStd = 1.0f / sqrt(runningVar[rvOff + j] + eps);
    y[yOff + e] = gamma[gammaOff + j] * (x[xOff + e] - runningMean[rmOff + j]) * invStd + beta[betaOff + j];
}

// dBeta = sum dy, dGamma = sum dy * xhat, dx = gamma * invStd / n * (n * dy - dBeta - xhat * dGamma).
__kernel void batch_norm_backward(__global const float* x, int xOff, __global const float* dy, int dyOff,
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
        float g = dy[dyOff + i * cols + j];
        sumDy += g;
        sumDyXhat += g * ((x[xOff + i * cols + j] - mean) * invStd);
    }
    float scale = gamma[gammaOff + j] * invStd / rows;
    for (int i = 0; i < rows; i++) {
        float xhat = (x[xOff + i * cols + j] - mean) * invStd;
        dx[dxOff + i * cols + j] = scale * (rows * dy[dyOff + i * cols + j] - sumDy - xhat * sumDyXhat);
    }
    dGamma[dgOff + j] = sumDyXhat;
    dBeta[dbOff + j] = sumDy;
}
