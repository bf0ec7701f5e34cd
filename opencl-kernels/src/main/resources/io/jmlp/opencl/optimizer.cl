// Optimizer updates over the flat parameter buffer (one launch for every parameter of the model)
// and the max-norm constraint. Formulas: io.jmlp.backend.UpdateRule (ReferenceBackend's
// optimizerUpdate). The learning rate and Adam's bias corrections are row clock[0] of the rate
// table, computed on the host once per epoch, so every backend uses the same floats and the launch
// is the same every step; gradient clipping's factor is computed here from the gradients' sum of
// squares (UpdateRule.clipScale). Needs status.cl (a clock outside the table).

#define RULE_SGD 0
#define RULE_MOMENTUM 1
#define RULE_NESTEROV 2
#define RULE_ADAGRAD 3
#define RULE_RMSPROP 4
#define RULE_ADAM 5
#define RULE_ADAMW 6

__kernel void optimizer_update(int kind, float momentum, float rho, float beta1, float beta2, float epsilon,
                               float l2, float l1, float weightDecay, float clipNorm,
                               __global const float* rates, int ratesOff, int rateRows, __global const int* clock, int clockOff,
                               __global const float* gradSquares, int squaresOff,
                               __global float* params, int pOff, __global const float* grads, int gOff,
                               __global float* state1, int s1Off, __global float* state2, int s2Off,
                               int decayedCount, int size, __global int* status) {
    int e = get_global_id(0);
    if (e >= size) {
        return;
    }
    int row = clock[clockOff];
    if (row < 0 || row >= rateRows) {
        if (e == 0) {
            report_status(status, STATUS_CLOCK_OUT_OF_RANGE, row, CLOCK_RATE_ROW, rateRows);
        }
        return;
    }
    float lr = rates[ratesOff + row * 3];
    float correction1 = rates[ratesOff + row * 3 + 1];
    float correction2 = rates[ratesOff + row * 3 + 2];
    float gradScale = 1.0f;
    if (clipNorm != 0.0f) {
        float scale = clipNorm / (sqrt(gradSquares[squaresOff]) + 1e-6f);
        gradScale = scale < 1.0f ? scale : 1.0f;
    }
    bool decayed = e < decayedCount;
    float w = params[pOff + e];
    float g = grads[gOff + e] * gradScale;
    if (decayed) {
        g += l2 * w + l1 * sign(w);
    }
    switch (kind) {
        case RULE_SGD:
            w -= lr * g;
            break;
        case RULE_MOMENTUM: {
            float v = momentum * state1[s1Off + e] + g;
            state1[s1Off + e] = v;
            w -= lr * v;
            break;
        }
        case RULE_NESTEROV: {
            float v = momentum * state1[s1Off + e] + g;
            state1[s1Off + e] = v;
            w -= lr * (g + momentum * v);
            break;
        }
        case RULE_ADAGRAD: {
            float s = state1[s1Off + e] + g * g;
            state1[s1Off + e] = s;
            w -= lr * g / (sqrt(s) + epsilon);
            break;
        }
        case RULE_RMSPROP: {
            float s = rho * state1[s1Off + e] + (1.0f - rho) * g * g;
            state1[s1Off + e] = s;
            w -= lr * g / (sqrt(s) + epsilon);
            break;
        }
        default: { // RULE_ADAM, RULE_ADAMW
            if (kind == RULE_ADAMW && decayed) {
                w *= 1.0f - lr * weightDecay;
            }
            float m = beta1 * state1[s1Off + e] + (1.0f - beta1) * g;
            float v = beta2 * state2[s2Off + e] + (1.0f - beta2) * g * g;
            state1[s1Off + e] = m;
            state2[s2Off + e] = v;
            w -= lr * (m * correction1) / (sqrt(v * correction2) + epsilon);
            break;
        }
    }
    params[pOff + e] = w;
}

// Each column j of w (a neuron's incoming weights) scaled down to norm maxNorm if longer; one work-item per column.
__kernel void clamp_column_norms(__global float* w, int wOff, float maxNorm, int rows, int cols) {
    int j = get_global_id(0);
    if (j >= cols) {
        return;
    }
    float squares = 0.0f;
    for (int i = 0; i < rows; i++) {
        float v = w[wOff + i * cols + j];
        squares += v * v;
    }
    float norm = sqrt(squares);
    if (norm > maxNorm) {
        float scale = maxNorm / norm;
        for (int i = 0; i < rows; i++) {
            w[wOff + i * cols + j] *= scale;
        }
    }
}
