// Activations (forward fused with the bias add, backward) and PReLU; the formulas are in
// activation_functions.cl. Each kernel mirrors the ReferenceBackend method of the op that launches it
// and cuda-kernels' activation.cu kernel of the same name. Every kernel: one work-item per element;
// tensors are contiguous views at element offsets.

// z[i, j] += bias[j] (when hasBias), then a = f(z). a may be z itself for the identity.
__kernel void bias_activation_forward(__global float* z, int zOff, __global const float* bias, int biasOff, int hasBias,
                                      int kind, float alpha, __global float* a, int aOff, int cols, int size) {
    int e = get_global_id(0);
    if (e >= size) {
        return;
    }
    float v = z[zOff + e];
    if (hasBias) {
        v += bias[biasOff + e % cols];
        z[zOff + e] = v;
    }
    a[aOff + e] = activation_apply(kind, alpha, v);
}

// dz = da * f'(z); dz may alias da.
__kernel void activation_backward(int kind, float alpha, __global const float* z, int zOff, __global const float* a, int aOff,
                                  __global const float* da, int daOff, __global float* dz, int dzOff, int size) {
    int e = get_global_id(0);
    if (e >= size) {
        return;
    }
    dz[dzOff + e] = da[daOff + e] * activation_derivative(kind, alpha, z[zOff + e], a[aOff + e]);
}

// y = x > 0 ? x : slope * x, with one slope per column (slopeCols == cols) or one shared (slopeCols == 1).
__kernel void prelu_forward(__global const float* x, int xOff, __global const float* slope, int slopeOff, int slopeCols,
                            __global float* y, int yOff, int cols, int size) {
    int e = get_global_id(0);
    if (e >= size) {
        return;
    }
    float v = x[xOff + e];
    float s = slope[slopeOff + (slopeCols == 1 ? 0 : e % cols)];
    y[yOff + e] = v > 0.0f ? v : s * v;
}

// dx = dy * (x > 0 ? 1 : slope).
__kernel void prelu_backward_input(__global const float* x, int xOff, __global const float* slope, int slopeOff, int slopeCols,
                                   __global const float* dy, int dyOff, __global float* dx, int dxOff, int cols, int size) {
    int e = get_global_id(0);
    if (e >= size) {
        return;
    }
    float s = slope[slopeOff + (slopeCols == 1 ? 0 : e % cols)];
    float g = dy[dyOff + e];
    dx[dxOff + e] = x[xOff + e] > 0.0f ? g : s * g;
}

// dSlope[j] = sum over rows of dy * x where x <= 0: one work-item per column (per-neuron slopes).
__kernel void prelu_slope_grad_columns(__global const float* x, int xOff, __global const float* dy, int dyOff,
                                       __global float* dSlope, int dSlopeOff, int rows, int cols) {
    int j = get_global_id(0);
    if (j >= cols) {
        return;
    }
    float sum = 0.0f;
    for (int i = 0; i < rows; i++) {
        float v = x[xOff + i * cols + j];
        if (v <= 0.0f) {
            sum += dy[dyOff + i * cols + j] * v;
        }
    }
    dSlope[dSlopeOff + j] = sum;
}

// dSlope[0] = sum over all elements of dy * x where x <= 0 (one shared slope): one work-group, tree reduction.
__kernel void prelu_slope_grad_shared(__global const float* x, int xOff, __global const float* dy, int dyOff,
                                      __global float* dSlope, int dSlopeOff, int size) {
    __local float partial[REDUCE_GROUP];
    int lid = get_local_id(0);
    float sum = 0.0f;
    for (int e = lid; e < size; e += REDUCE_GROUP) {
        float v = x[xOff + e];
        if (v <= 0.0f) {
            sum += dy[dyOff + e] * v;
        }
    }
    partial[lid] = sum;
    for (int stride = REDUCE_GROUP / 2; stride > 0; stride /= 2) {
        barrier(CLK_LOCAL_MEM_FENCE);
        if (lid < stride) {
            partial[lid] += partial[lid + stride];
        }
    }
    if (lid == 0) {
        dSlope[dSlopeOff] = partial[0];
    }
}
