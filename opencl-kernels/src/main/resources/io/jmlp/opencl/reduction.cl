// Fill, scale, axpy (one work-item per element) and whole-tensor reductions (one work-group of
// REDUCE_GROUP work-items: each sums a strided share, then a tree in local memory, so the float
// sum is short sequential runs combined pairwise).

__kernel void fill(__global float* x, int xOff, float value, int size) {
    int e = get_global_id(0);
    if (e < size) {
        x[xOff + e] = value;
    }
}

__kernel void scale(__global float* x, int xOff, float alpha, int size) {
    int e = get_global_id(0);
    if (e < size) {
        x[xOff + e] = alpha * x[xOff + e];
    }
}

__kernel void axpy(float alpha, __global const float* x, int xOff, __global float* y, int yOff, int size) {
    int e = get_global_id(0);
    if (e < size) {
        y[yOff + e] += alpha * x[xOff + e];
    }
}

float tree_sum(__local float* partial, float mine) {
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

// out[0] = sum of x^2 (overwritten).
__kernel void sum_of_squares(__global const float* x, int xOff, __global float* out, int outOff, int size) {
    __local float partial[REDUCE_GROUP];
    float sum = 0.0f;
    for (int e = get_local_id(0); e < size; e += REDUCE_GROUP) {
        float v = x[xOff + e];
        sum += v * v;
    }
    float total = tree_sum(partial, sum);
    if (get_local_id(0) == 0) {
        out[outOff] = total;
    }
}

// count[0] += number of NaN or infinite elements. Counted in int, so exact at any size.
__kernel void count_non_finite(__global const float* x, int xOff, __global float* count, int countOff, int size) {
    __local int partial[REDUCE_GROUP];
    int lid = get_local_id(0);
    int bad = 0;
    for (int e = lid; e < size; e += REDUCE_GROUP) {
        if (!isfinite(x[xOff + e])) {
            bad++;
        }
    }
    partial[lid] = bad;
    for (int stride = REDUCE_GROUP / 2; stride > 0; stride /= 2) {
        barrier(CLK_LOCAL_MEM_FENCE);
        if (lid < stride) {
            partial[lid] += partial[lid + stride];
        }
    }
    if (lid == 0) {
        count[countOff] += (float) partial[0];
    }
}
