// Runs device functions of our kernels on the host (no GPU needed), for DeviceCodeOnHostTest:
//   host_check philox      reads "seed stream n" lines (unsigned decimal), prints philox_word
//   host_check activation  reads "kind alpha z" lines (alpha and z as float bits in hex), prints
//                          f(z) and f'(z, f(z)) as float bits in hex
#include "../../main/cuda/activation.cu"
#include "../../main/cuda/dropout.cu"

#include <cstdio>
#include <cstring>

static float from_bits(unsigned int bits) {
    float f;
    std::memcpy(&f, &bits, sizeof f);
    return f;
}

static unsigned int to_bits(float f) {
    unsigned int bits;
    std::memcpy(&bits, &f, sizeof bits);
    return bits;
}

int main(int argc, char** argv) {
    if (argc == 2 && std::strcmp(argv[1], "philox") == 0) {
        unsigned long long seed, stream, n;
        while (std::scanf("%llu %llu %llu", &seed, &stream, &n) == 3) {
            std::printf("%u\n", philox_word(seed, stream, n));
        }
        return 0;
    }
    if (argc == 2 && std::strcmp(argv[1], "activation") == 0) {
        int kind;
        unsigned int alpha, z;
        while (std::scanf("%d %x %x", &kind, &alpha, &z) == 3) {
            float a = activation_apply(kind, from_bits(alpha), from_bits(z));
            float d = activation_derivative(kind, from_bits(alpha), from_bits(z), a);
            std::printf("%08x %08x\n", to_bits(a), to_bits(d));
        }
        return 0;
    }
    std::fprintf(stderr, "usage: host_check philox|activation < input\n");
    return 2;
}
