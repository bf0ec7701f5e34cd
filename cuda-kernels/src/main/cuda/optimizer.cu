// Optimizer updates over the flat parameter buffer (one launch for every parameter of the model)
// and the max-norm constraint. Formulas: io.jmlp.backend.UpdateRule (ReferenceBackend's
// optimizerUpdate), in the float order of optimizer.cl. The learning rate and Adam's bias
// corrections are row clock[0] of the rate table, computed on the host once per epoch, so every
// backend uses the same floats and the launch is the same every step; gradient clipping's factor
// is computed here from the gradients' sum of squares (UpdateRule.clipScale).
#include "common.cuh"

#define RULE_SGD 0
#define RULE_MOMENTUM 1
#define RULE_NESTEROV 2
#define RULE_ADAGRAD 3
#define RULE_RMSPROP 4
#define RULE_ADAM 5
#define RULE_ADAMW 6

// sign(w) as Math.signum: -1, 0 or 1 (NaN stays NaN, and then so does the update).
__device__ float sign_of(float w) {
    return w > 0.0f ? 1.0f : (w < 0.0f ? -1.0f : w);
}

extern "C" __global__ void optimizer_update(int kind, float momentum, float rho, float beta1, float beta2, float epsilon,
                                            float l2, float l1, float weightDecay, float clipNorm, const float* rates,
                                            int rateRows, const int* clock, const float* gradSquares, float* params,
                                            const float* grads, float* state1, float* state2, int decayedCount, int size,
                                            int* status) {
    int e = item_index();
    if (e >= size) {
        return;
    }
    int row = clock[0];
    if (row < 0 || row >= rateRows) {
        if (e == 0) {
            report_status(status, STATUS_CLOCK_OUT_OF_RANGE, row, CLOCK_RATE_ROW, rateRows);
        }
        return;
    }
    float lr = rates[row * 3];
    float correction1 = rates[row * 3 + 1];
    float correction2 = rates[row * 3 + 2];
    float gradScale = 1.0f;
    if (clipNorm != 0.0f) {
        float scale = clipNorm / (sqrtf(gradSquares[0]) + 1e-6f);
        gradScale = scale < 1.0f ? scale : 1.0f;
    }
    bool decayed = e < decayedCount;
    float w = params[e];
    float g = grads[e] * gradScale;
    if (decayed) {
        g += l2 * w + l1 * sign_of(w);
    }
    switch (kind) {
        case RULE_SGD:
            w -= lr * g;
            break;
        case RULE_MOMENTUM: {
            float v = momentum * state1[e] + g;
            state1[e] = v;
            w -= lr * v;
            break;
        }
        case RULE_NESTEROV: {
            float v = momentum * state1[e] + g;
            state1[e] = v;
            w -= lr * (g + momentum * v);
            break;
        }
        case RULE_ADAGRAD: {
            float s = state1[e] + g * g;
            state1[e] = s;
            w -= lr * g / (sqrtf(s) + epsilon);
            break;
        }
        case RULE_RMSPROP: {
            float s = rho * state1[e] + (1.0f - rho) * g * g;
            state1[e] = s;
            w -= lr * g / (sqrtf(s) + epsilon);
            break;
        }
        default: { // RULE_ADAM, RULE_ADAMW
            if (kind == RULE_ADAMW && decayed) {
                w *= 1.0f - lr * weightDecay;
            }
            float m = beta1 * state1[e] + (1.0f - beta1) * g;
            float v = beta2 * state2[e] + (1.0f - beta2) * g * g;
            state1[e] = m;
            state2[e] = v;
            w -= lr * (m * correction1) / (sqrtf(v * correction2) + epsilon);
            break;
        }
    }
    params[e] = w;
}

// Each column j of w (a neuron's incoming weights) scaled down to norm maxNorm if longer; one
// thread per column, coalesced across a warp.
extern "C" __global__ void clamp_column_norms(float* w, float maxNorm, int rows, int cols) {
    int j = item_index();
    if (j >= cols) {
        return;
    }
    float squares = 0.0f;
    for (int i = 0; i < rows; i++) {
        float v = w[(size_t) i * cols + j];
        squares += v * v;
    }
    float norm = sqrtf(squares);
    if (norm > maxNorm) {
        float scale = maxNorm / norm;
        for (int i = 0; i < rows; i++) {
            w[(size_t) i * cols + j] *= scale;
        }
    }
}
