// Inverted dropout with Philox4x32-10, ported from io.jmlp.random.Philox (and identical to
// dropout.cl), so the same (seed, stream, element, p) keeps the same elements on every backend, bit
// for bit. Also the elementwise product that is dropout's backward pass.
#include "common.cuh"

#define PHILOX_M0 0xD2511F53u
#define PHILOX_M1 0xCD9E8D57u
#define PHILOX_W0 0x9E3779B9u
#define PHILOX_W1 0xBB67AE85u

// The high 32 bits of a 32 x 32-bit product (OpenCL's mul_hi).
HOST_AND_DEVICE inline unsigned int mul_hi_u32(unsigned int a, unsigned int b) {
#ifdef __CUDA_ARCH__
    return __umulhi(a, b);
#else
    return (unsigned int) (((unsigned long long) a * b) >> 32);
#endif
}

// Draw n of a stream: counter (n >> 2 low, n >> 34, stream low, stream high), key (seed low, seed
// high), word n & 3 of the block. Unsigned 32-bit arithmetic wraps exactly as Java's int does.
HOST_AND_DEVICE unsigned int philox_word(unsigned long long seed, unsigned long long stream, unsigned long long n) {
    unsigned int c0 = (unsigned int) (n >> 2);
    unsigned int c1 = (unsigned int) (n >> 34);
    unsigned int c2 = (unsigned int) stream;
    unsigned int c3 = (unsigned int) (stream >> 32);
    unsigned int k0 = (unsigned int) seed;
    unsigned int k1 = (unsigned int) (seed >> 32);
    for (int round = 0; round < 10; round++) {
        if (round > 0) {
            k0 += PHILOX_W0;
            k1 += PHILOX_W1;
        }
        unsigned int hi0 = mul_hi_u32(PHILOX_M0, c0);
        unsigned int lo0 = PHILOX_M0 * c0;
        unsigned int hi1 = mul_hi_u32(PHILOX_M1, c2);
        unsigned int lo1 = PHILOX_M1 * c2;
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

// mask[e] = kept ? scale : 0, y = x * mask; kept when (word >> 8) >= threshold
// (Philox.dropoutThreshold), an integer comparison no device can round differently. scale = 1/(1-p)
// rounded on the host. The stream is stream + clock[1]·streamPerStep: with the trainer's step clock,
// streamPerStep = 2^16 (the step above the layer's 16 bits, as Dropout.stream numbers them); the
// host-stream form passes 0 (and any pointer as the clock, never read).
extern "C" __global__ void dropout_forward(const float* x, unsigned long long seed, unsigned long long stream, const int* clock,
                                           unsigned long long streamPerStep, int threshold, float scale, float* mask, float* y,
                                           int size) {
    int e = item_index();
    if (e >= size) {
        return;
    }
    unsigned long long step = streamPerStep != 0 ? (unsigned long long) (unsigned int) clock[1] : 0;
    float m = (int) (philox_word(seed, stream + step * streamPerStep, (unsigned long long) e) >> 8) >= threshold ? scale : 0.0f;
    mask[e] = m;
    y[e] = x[e] * m;
}

// out = a * b; out may alias either input.
extern "C" __global__ void multiply(const float* a, const float* b, float* out, int size) {
    int e = item_index();
    if (e >= size) {
        return;
    }
    out[e] = a[e] * b[e];
}
