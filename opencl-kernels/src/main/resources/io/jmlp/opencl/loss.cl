// Losses (each writes d(mean loss)/d(output) and ADDS the batch's summed loss to lossSum[0]),
// softmax, argmax and accuracy counts. Row-wise: the loss kernels run as ONE work-group of
// REDUCE_GROUP work-items, each taking rows lid, lid + REDUCE_GROUP, ...; the per-row losses are
// then summed by a tree in local memory, so one launch does the whole batch and the float sum
// stays pairwise. Each kernel is the twin of the ReferenceBackend method of its op (and of loss.cu's
// kernel of the same name). Needs status.cl (bad labels).

float group_sum(__local float* partial, float mine) {
    int lid = get_local_id(0);
    partial[lid] = mine;
    for (int stride = REDUCE_GROUP / 2; stride > 0; stride /= 2) {
        barrier(CLK_LOCAL_MEM_FENCE);
        if (lid < stride) {
            partial[lid] += partial[lid + stride];
        }
    }
    barrier(CLK_LOCAL_MEM_FENCE);
    return partial[0];
}

// log-softmax of a row as (l_j - max) - logSum, with logSum = log(sum_j exp(l_j - max)) computed as
// log1p of the terms other than the (first) maximum's, which is exactly 1. Keeping the small
// quantities apart is what makes p - 1 of a confident prediction accurate in float (see below).
float row_max(__global const float* logits, int rowStart, int cols, int* argmax) {
    float max = logits[rowStart];
    *argmax = 0;
    for (int j = 1; j < cols; j++) {
        if (logits[rowStart + j] > max) {
            max = logits[rowStart + j];
            *argmax = j;
        }
    }
    return max;
}

float row_log_sum(__global const float* logits, int rowStart, int cols, float max, int argmax) {
    float others = 0.0f;
    for (int j = 0; j < cols; j++) {
        if (j != argmax) {
            others += exp(logits[rowStart + j] - max);
        }
    }
    return log1p(others);
}

float softplus_of(float z) {
    return fmax(z, 0.0f) + log1p(exp(-fabs(z)));
}

// sigmoid(z) - t. For z >= 0 as (1 - t) - sigmoid(-z): sigmoid(z) itself rounds to within u of 1,
// which would swamp a small difference from t (a confident, nearly right prediction); 1 - t is exact
// for t in [0.5, 1] and sigmoid(-z) = e/(1 + e) keeps its relative accuracy.
float logistic_minus(float z, float t) {
    if (z >= 0.0f) {
        float e = exp(-z);
        return (1.0f - t) - e / (1.0f + e);
    }
    float e = exp(z);
    return e / (1.0f + e) - t;
}

// Twin: ReferenceBackend#softmaxCrossEntropy. When hasCorrectSum, also correctSum[0] += the rows whose
// (first) maximum is the label, the count count_correct makes for two or more columns: row_max finds
// that argmax anyway, so the training step's accuracy costs no second launch.
__kernel void softmax_cross_entropy(__global const float* logits, int lOff, __global const int* labels, int labelsOff,
                                    __global float* dLogits, int dOff, __global float* lossSum, int lossOff,
                                    __global float* correctSum, int correctOff, int hasCorrectSum,
                                    int rows, int cols, __global int* status) {
    __local float partial[REDUCE_GROUP];
    __local float partialCorrect[REDUCE_GROUP]; // its own array: a second group_sum over `partial` would race with reads of the first's total
    float total = 0.0f;
    float correct = 0.0f;
    for (int i = get_local_id(0); i < rows; i += REDUCE_GROUP) {
        int label = labels[labelsOff + i];
        if (label < 0 || label >= cols) {
            report_status(status, STATUS_LABEL_OUT_OF_RANGE, label, i, cols);
            continue;
        }
        int argmax;
        float max = row_max(logits, lOff + i * cols, cols, &argmax);
        float logSum = row_log_sum(logits, lOff + i * cols, cols, max, argmax);
        total += logSum - (logits[lOff + i * cols + label] - max);
        if (argmax == label) {
            correct += 1.0f;
        }
        for (int j = 0; j < cols; j++) {
            float logP = (logits[lOff + i * cols + j] - max) - logSum;
            // p - 1 as expm1(log p): exp(log p) - 1 would lose everything below u when p is near 1.
            float g = j == label ? expm1(logP) : exp(logP);
            dLogits[dOff + i * cols + j] = g / rows;
        }
    }
    float sum = group_sum(partial, total);
    if (get_local_id(0) == 0) {
        lossSum[lossOff] += sum;
    }
    if (hasCorrectSum) {
        float count = group_sum(partialCorrect, correct);
        if (get_local_id(0) == 0) {
            correctSum[correctOff] += count;
        }
    }
}

// One column: loss_i = softplus(z) - t * z, dz = (sigmoid(z) - t) / n.
__kernel void sigmoid_binary_cross_entropy(__global const float* logits, int lOff, __global const float* targets, int tOff,
                                           __global float* dLogits, int dOff, __global float* lossSum, int lossOff, int rows) {
    __local float partial[REDUCE_GROUP];
    float total = 0.0f;
    for (int i = get_local_id(0); i < rows; i += REDUCE_GROUP) {
        float z = logits[lOff + i];
        float t = targets[tOff + i];
        total += softplus_of(z) - t * z;
        dLogits[dOff + i] = logistic_minus(z, t) / rows;
    }
    float sum = group_sum(partial, total);
    if (get_local_id(0) == 0) {
        lossSum[lossOff] += sum;
    }
}

// loss_i = 0.5 * sum_j (y - t)^2, dy = (y - t) / n.
__kernel void mean_squared_error(__global const float* predictions, int pOff, __global const float* targets, int tOff,
                                 __global float* dPredictions, int dOff, __global float* lossSum, int lossOff, int rows, int cols) {
    __local float partial[REDUCE_GROUP];
    float total = 0.0f;
    for (int i = get_local_id(0); i < rows; i += REDUCE_GROUP) {
        for (int j = 0; j < cols; j++) {
            float d = predictions[pOff + i * cols + j] - targets[tOff + i * cols + j];
            total += 0.5f * d * d;
            dPredictions[dOff + i * cols + j] = d / rows;
        }
    }
    float sum = group_sum(partial, total);
    if (get_local_id(0) == 0) {
        lossSum[lossOff] += sum;
    }
}

// Weston-Watkins multiclass hinge: loss_i = sum_{j != y} max(0, s_j - s_y + margin).
__kernel void multiclass_hinge(__global const float* scores, int sOff, __global const int* labels, int labelsOff, float margin,
                               __global float* dScores, int dOff, __global float* lossSum, int lossOff,
                               int rows, int cols, __global int* status) {
    __local float partial[REDUCE_GROUP];
    float total = 0.0f;
    for (int i = get_local_id(0); i < rows; i += REDUCE_GROUP) {
        int label = labels[labelsOff + i];
        if (label < 0 || label >= cols) {
            report_status(status, STATUS_LABEL_OUT_OF_RANGE, label, i, cols);
            continue;
        }
        float correct = scores[sOff + i * cols + label];
        int violations = 0;
        for (int j = 0; j < cols; j++) {
            if (j == label) {
                continue;
            }
            float violation = scores[sOff + i * cols + j] - correct + margin;
            if (violation > 0.0f) {
                total += violation;
                violations++;
                dScores[dOff + i * cols + j] = 1.0f / rows;
            } else {
                dScores[dOff + i * cols + j] = 0.0f;
            }
        }
        dScores[dOff + i * cols + label] = -(float) violations / rows;
    }
    float sum = group_sum(partial, total);
    if (get_local_id(0) == 0) {
        lossSum[lossOff] += sum;
    }
}

// out = softmax(logits) by rows, one work-item per row; out may alias logits (each row is read
// completely before it is written).
__kernel void softmax_rows(__global const float* logits, int lOff, __global float* out, int outOff, int rows, int cols) {
    int i = get_global_id(0);
    if (i >= rows) {
        return;
    }
    int argmax;
    float max = row_max(logits, lOff + i * cols, cols, &argmax);
    float logSum = row_log_sum(logits, lOff + i * cols, cols, max, argmax);
    for (int j = 0; j < cols; j++) {
        out[outOff + i * cols + j] = exp((logits[lOff + i * cols + j] - max) - logSum);
    }
}

// The first maximum of a row (NaN never wins, as in the reference's strict comparison).
int row_argmax(__global const float* scores, int rowStart, int cols) {
    int best = 0;
    for (int j = 1; j < cols; j++) {
        if (scores[rowStart + j] > scores[rowStart + best]) {
            best = j;
        }
    }
    return best;
}

__kernel void argmax_rows(__global const float* scores, int sOff, __global int* out, int outOff, int rows, int cols) {
    int i = get_global_id(0);
    if (i >= rows) {
        return;
    }
    out[outOff + i] = row_argmax(scores, sOff + i * cols, cols);
}

// correctSum[0] += number of rows classified right (argmax, or logit > 0 for one column).
__kernel void count_correct(__global const float* scores, int sOff, __global const int* labels, int labelsOff,
                            __global float* correctSum, int cOff, int rows, int cols) {
    __local float partial[REDUCE_GROUP];
    float correct = 0.0f;
    for (int i = get_local_id(0); i < rows; i += REDUCE_GROUP) {
        int predicted = cols == 1 ? (scores[sOff + i] > 0.0f ? 1 : 0) : row_argmax(scores, sOff + i * cols, cols);
        if (predicted == labels[labelsOff + i]) {
            correct += 1.0f;
        }
    }
    float sum = group_sum(partial, correct);
    if (get_local_id(0) == 0) {
        correctSum[cOff] += sum;
    }
}
