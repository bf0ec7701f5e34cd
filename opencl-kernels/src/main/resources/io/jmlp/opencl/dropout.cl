// Inverted dropout with Philox4x32-10, the same counter-based function as io.jmlp.random.Philox
// (and the CUDA kernels), so the same (seed, stream, element, p) keeps the same elements on every
// backend, bit for bit. Also the elementwise product that is dropout's backward pass.

#define PHILOX_M0 0xD2511F53u
#define PHILOX_M1 0xCD9E8D57u
#define PHILOX_W0 0x9E3779B9u
#define PHILOX_W1 0xBB67AE85u

// Draw n of a stream: counter (n >> 2 low, n >> 34, stream low, stream high), key (seed low, seed high),
// word n & 3 of the block.
uint philox_word(ulong seed, ulong stream, ulong n) {
    uint c0 = (uint) (n >> 2);
    uint c1 = (uint) (n >> 34);
    uint c2 = (uint) stream;
    uint c3 = (uint) (stream >> 32);
    uint k0 = (uint) seed;
    uint k1 = (uint) (seed >> 32);
    for (int round = 0; round < 10; round++) {
        if (round > 0) {
            k0 += PHILOX_W0;
            k1 += PHILOX_W1;
        }
        uint hi0 = mul_hi(PHILOX_M0, c0);
        uint lo0 = PHILOX_M0 * c0;
        uint hi1 = mul_hi(PHILOX_M1, c2);
        uint lo1 = PHILOX_M1 * c2;
        c0 = hi1 ^ c1 ^ k0;
        c1 = lo1;
        c2 = hi0 ^ c3 ^ k1;
        c3 = lo0;
    }
    switch ((int) (n & 3)) {
        case 0: return c0;
        case 1: return c1;
        case 2: return c2;
        default: return c3;
    }
}

// mask[e] = kept ? scale : 0, y = x * mask; kept when (word >> 8) >= threshold (Philox.dropoutThreshold),
// an integer comparison no device can round differently. scale = 1/(1-p) rounded on the host. The
// stream is stream + clock[1]·streamPerStep: with the trainer's step clock, streamPerStep = 2^16 (the
// step above the layer's 16 bits, as Dropout.stream numbers them); the host-stream form passes 0.
__kernel void dropout_forward(__global const float* x, int xOff, ulong seed, ulong stream, __global const int* clock,
                              int clockOff, ulong streamPerStep, int threshold, float scale,
                              __global float* mask, int maskOff, __global float* y, int yOff, int size) {
    int e = get_global_id(0);
    if (e >= size) {
        return;
    }
    ulong step = streamPerStep != 0 ? (ulong) (uint) clock[clockOff + 1] : 0;
    float m = (int) (philox_word(seed, stream + step * streamPerStep, (ulong) e) >> 8) >= threshold ? scale : 0.0f;
    mask[maskOff + e] = m;
    y[yOff + e] = x[xOff + e] * m;
}

// out = a * b; out may alias either input.
__kernel void multiply(__global const float* a, int aOff, __global const float* b, int bOff, __global float* out, int outOff, int size) {
    int e = get_global_id(0);
    if (e >= size) {
        return;
    }
    out[outOff + e] = a[aOff + e] * b[bOff + e];
}
