// Losses (each writes d(mean loss)/d(output) and ADDS the batch's summed loss to lossSum[0]),
// softmax, argmax and accuracy counts; the same float formulas as loss.cl, each kernel the twin of the
// ReferenceBackend method of its op. The loss kernels run as
// ONE block of REDUCE_THREADS threads, each taking rows t, t + REDUCE_THREADS, ...; the per-row
// losses are then summed by a tree in shared memory, so one launch does the whole batch and the
// float sum stays pairwise and deterministic (no atomics).
#include "common.cuh"

// The maximum of a row and where it first occurs.
__device__ float row_max(const float* row, int cols, int* argmax) {
    float max = row[0];
    *argmax = 0;
    for (int j = 1; j < cols; j++) {
        if (row[j] > max) {
            max = row[j];
            *argmax = j;
        }
    }
    return max;
}

// log(sum_j exp(l_j - max)) as log1p of the terms other than the (first) maximum's, which is exactly
// 1: keeping the small quantities apart is what makes p - 1 of a confident prediction accurate.
__device__ float row_log_sum(const float* row, int cols, float max, int argmax) {
    float others = 0.0f;
    for (int j = 0; j < cols; j++) {
        if (j != argmax) {
            others += expf(row[j] - max);
        }
    }
    return log1pf(others);
}

__device__ float softplus_of(float z) {
    return fmaxf(z, 0.0f) + log1pf(expf(-fabsf(z)));
}

// sigmoid(z) - t, for z >= 0 as (1 - t) - sigmoid(-z): sigmoid(z) itself rounds to within u of 1,
// which would swamp a small difference from t.
__device__ float logistic_minus(float z, float t) {
    if (z >= 0.0f) {
        float e = expf(-z);
        return (1.0f - t) - e / (1.0f + e);
    }
    float e = expf(z);
    return e / (1.0f + e) - t;
}

// Twin: ReferenceBackend#softmaxCrossEntropy. When hasCorrectSum, also correctSum[0] += the rows whose
// (first) maximum is the label, the count count_correct makes for two or more columns: row_max finds
// that argmax anyway, so the training step's accuracy costs no second launch.
extern "C" __global__ void __launch_bounds__(REDUCE_THREADS)
softmax_cross_entropy(const float* logits, const int* labels, float* dLogits, float* lossSum, float* correctSum,
                      int hasCorrectSum, int rows, int cols, int* status) {
    __shared__ float partial[REDUCE_THREADS];
    __shared__ float partialCorrect[REDUCE_THREADS]; // its own array: a second block_sum over `partial` would race with reads of the first's total
    float total = 0.0f;
    float correct = 0.0f;
    for (int i = threadIdx.x; i < rows; i += REDUCE_THREADS) {
        int label = labels[i];
        if (label < 0 || label >= cols) {
            report_status(status, STATUS_LABEL_OUT_OF_RANGE, label, i, cols);
            continue;
        }
        const float* row = logits + (size_t) i * cols;
        int argmax;
        float max = row_max(row, cols, &argmax);
        float logSum = row_log_sum(row, cols, max, argmax);
        total += logSum - (row[label] - max);
        if (argmax == label) {
            correct += 1.0f;
        }
        for (int j = 0; j < cols; j++) {
            float logP = (row[j] - max) - logSum;
            // p - 1 as expm1(log p): exp(log p) - 1 would lose everything below u when p is near 1.
            float g = j == label ? expm1f(logP) : expf(logP);
            dLogits[(size_t) i * cols + j] = g / rows;
        }
    }
    float sum = block_sum(partial, total);
    if (threadIdx.x == 0) {
        lossSum[0] += sum;
    }
    if (hasCorrectSum) {
        float count = block_sum(partialCorrect, correct);
        if (threadIdx.x == 0) {
            correctSum[0] += count;
        }
    }
}

// One column: loss_i = softplus(z) - t * z, dz = (sigmoid(z) - t) / n.
extern "C" __global__ void __launch_bounds__(REDUCE_THREADS)
sigmoid_binary_cross_entropy(const float* logits, const float* targets, float* dLogits, float* lossSum, int rows) {
    __shared__ float partial[REDUCE_THREADS];
    float total = 0.0f;
    for (int i = threadIdx.x; i < rows; i += REDUCE_THREADS) {
        float z = logits[i];
        float t = targets[i];
        total += softplus_of(z) - t * z;
        dLogits[i] = logistic_minus(z, t) / rows;
    }
    float sum = block_sum(partial, total);
    if (threadIdx.x == 0) {
        lossSum[0] += sum;
    }
}

// loss_i = 0.5 * sum_j (y - t)^2, dy = (y - t) / n.
extern "C" __global__ void __launch_bounds__(REDUCE_THREADS)
mean_squared_error(const float* predictions, const float* targets, float* dPredictions, float* lossSum, int rows, int cols) {
    __shared__ float partial[REDUCE_THREADS];
    float total = 0.0f;
    for (int i = threadIdx.x; i < rows; i += REDUCE_THREADS) {
        for (int j = 0; j < cols; j++) {
            size_t e = (size_t) i * cols + j;
            float d = predictions[e] - targets[e];
            total += 0.5f * d * d;
            dPredictions[e] = d / rows;
        }
    }
    float sum = block_sum(partial, total);
    if (threadIdx.x == 0) {
        lossSum[0] += sum;
    }
}

// Weston-Watkins multiclass hinge: loss_i = sum_{j != y} max(0, s_j - s_y + margin).
extern "C" __global__ void __launch_bounds__(REDUCE_THREADS)
multiclass_hinge(const float* scores, const int* labels, float margin, float* dScores, float* lossSum, int rows, int cols,
                 int* status) {
    __shared__ float partial[REDUCE_THREADS];
    float total = 0.0f;
    for (int i = threadIdx.x; i < rows; i += REDUCE_THREADS) {
        int label = labels[i];
        if (label < 0 || label >= cols) {
            report_status(status, STATUS_LABEL_OUT_OF_RANGE, label, i, cols);
            continue;
        }
        const float* row = scores + (size_t) i * cols;
        float* dRow = dScores + (size_t) i * cols;
        float correct = row[label];
        int violations = 0;
        for (int j = 0; j < cols; j++) {
            if (j == label) {
                continue;
            }
            float violation = row[j] - correct + margin;
            if (violation > 0.0f) {
                total += violation;
                violations++;
                dRow[j] = 1.0f / rows;
            } else {
                dRow[j] = 0.0f;
            }
        }
        dRow[label] = -(float) violations / rows;
    }
    float sum = block_sum(partial, total);
    if (threadIdx.x == 0) {
        lossSum[0] += sum;
    }
}

// out = softmax(logits) by rows, one thread per row; out may alias logits (each row is read
// completely before it is written, by the one thread that owns it).
extern "C" __global__ void softmax_rows(const float* logits, float* out, int rows, int cols) {
    int i = item_index();
    if (i >= rows || cols == 0) { // an empty row has no maximum to read
        return;
    }
    const float* row = logits + (size_t) i * cols;
    int argmax;
    float max = row_max(row, cols, &argmax);
    float logSum = row_log_sum(row, cols, max, argmax);
    for (int j = 0; j < cols; j++) {
        out[(size_t) i * cols + j] = expf((row[j] - max) - logSum);
    }
}

// The first maximum of a row (NaN never wins, as in the reference's strict comparison).
__device__ int row_argmax(const float* row, int cols) {
    int best = 0;
    for (int j = 1; j < cols; j++) {
        if (row[j] > row[best]) {
            best = j;
        }
    }
    return best;
}

extern "C" __global__ void argmax_rows(const float* scores, int* out, int rows, int cols) {
    int i = item_index();
    if (i >= rows) {
        return;
    }
    out[i] = row_argmax(scores + (size_t) i * cols, cols);
}

// correctSum[0] += number of rows classified right (argmax, or logit > 0 for one column).
extern "C" __global__ void __launch_bounds__(REDUCE_THREADS)
count_correct(const float* scores, const int* labels, float* correctSum, int rows, int cols) {
    __shared__ float partial[REDUCE_THREADS];
    float correct = 0.0f;
    for (int i = threadIdx.x; i < rows; i += REDUCE_THREADS) {
        int predicted = cols == 1 ? (scores[i] > 0.0f ? 1 : 0) : row_argmax(scores + (size_t) i * cols, cols);
        if (predicted == labels[i]) {
            correct += 1.0f;
        }
    }
    float sum = block_sum(partial, correct);
    if (threadIdx.x == 0) {
        correctSum[0] += sum;
    }
}
