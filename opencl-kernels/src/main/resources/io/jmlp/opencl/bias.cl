// Bias gradients: out[j] = beta * out[j] + sum over rows of x[i, j]. One work-item per column, so
// each column's sum is one sequential float sum (within the SUMS bound in any order), and the
// loads of neighbouring work-items are neighbouring addresses.
__kernel void sum_rows(__global const float* x, int xOff, float beta, __global float* out, int outOff, int rows, int cols) {
    int j = get_global_id(0);
    if (j >= cols) {
        return;
    }
    float sum = 0.0f;
    for (int i = 0; i < rows; i++) {
        sum += x[xOff + i * cols + j];
    }
    out[outOff + j] = (beta == 0.0f ? 0.0f : beta * out[outOff + j]) + sum;
}
