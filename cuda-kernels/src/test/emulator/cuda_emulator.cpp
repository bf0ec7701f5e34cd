// A CUDA device emulated on the host, for tests on machines without a GPU: our kernels
// (src/main/cuda/*.cu compiled as C++ with emulation.h) and a column-major SGEMM standing in for
// cuBLAS, driven over stdin/stdout by io.jmlp.cuda.EmulatedQueue. Binary protocol, little-endian,
// one command letter then its fields:
//   A bytes                      -> id          allocate (zero-filled)
//   F id                                        free
//   W id offset bytes <data>                    upload
//   R id offset bytes            -> <data>      download
//   C src srcOffset dst dstOffset bytes         copy
//   S id offset count bits                      fill 32-bit words
//   L name blocks threads oneBlock nargs args   launch (arg: 'P' id offset | 'I' i32 | 'F' f32 bits | 'L' u64)
//   G transa transb m n k alpha A offA lda B offB ldb beta C offC ldc   SGEMM (column-major, as cuBLAS)
//   Q                                           quit
// Ids, offsets, sizes and counts are u64; names are a u16 length then the bytes.
#include "emulation.h"

#include "../../main/cuda/activation.cu"
#include "../../main/cuda/batch_norm.cu"
#include "../../main/cuda/bias.cu"
#include "../../main/cuda/dropout.cu"
#include "../../main/cuda/gather.cu"
#include "../../main/cuda/loss.cu"
#include "../../main/cuda/optimizer.cu"
#include "../../main/cuda/reduction.cu"

#include <cstdio>
#include <cstring>
#include <functional>
#include <map>
#include <string>
#include <vector>

emulated_dim3 threadIdx;
emulated_dim3 blockIdx;
emulated_dim3 blockDim;
emulated_dim3 gridDim;

#if !defined(__x86_64__)
#error "the CUDA emulator's fibers switch stacks with x86-64 code"
#endif

// Saves the callee-saved registers on the current stack, stores its stack pointer in *save, loads
// `load` as the stack pointer and restores what was saved there: a switch between fibers.
extern "C" void emulated_switch(void** save, void* load);
asm(R"(
    .text
    .globl emulated_switch
    .type emulated_switch, @function
emulated_switch:
    pushq %rbp
    pushq %rbx
    pushq %r12
    pushq %r13
    pushq %r14
    pushq %r15
    movq %rsp, (%rdi)
    movq %rsi, %rsp
    popq %r15
    popq %r14
    popq %r13
    popq %r12
    popq %rbx
    popq %rbp
    ret
    .size emulated_switch, .-emulated_switch
)");

struct Arg;
using Kernel = std::function<void(const std::vector<Arg>&)>;

// The fibers of one block: a stack each, the saved stack pointer of each and of the scheduler.
static constexpr size_t FIBER_STACK = 32 * 1024; // kernel frames are small; 8 MiB for a block of 256
static std::vector<unsigned char> fiber_stacks;
static std::vector<void*> fiber_sp;
static std::vector<bool> fiber_done;
static void* scheduler_sp;
static unsigned int current_fiber;
static const Kernel* fiber_kernel;
static const std::vector<Arg>* fiber_args;

void emulated_syncthreads() {
    if (fiber_kernel != nullptr) { // inside a one-block launch: let the other threads catch up
        emulated_switch(&fiber_sp[current_fiber], scheduler_sp);
    }
}

[[noreturn]] static void fiber_entry() {
    (*fiber_kernel)(*fiber_args);
    fiber_done[current_fiber] = true;
    emulated_switch(&fiber_sp[current_fiber], scheduler_sp);
    __builtin_unreachable();
}

// Runs a block of `threads` fibers round-robin: each runs to its next __syncthreads (or its end),
// so every barrier is reached by all before any passes it.
static void run_block_as_fibers(const Kernel& kernel, const std::vector<Arg>& args, unsigned int threads) {
    fiber_stacks.resize((size_t) threads * FIBER_STACK);
    fiber_sp.assign(threads, nullptr);
    fiber_done.assign(threads, false);
    for (unsigned int t = 0; t < threads; t++) {
        uintptr_t top = reinterpret_cast<uintptr_t>(fiber_stacks.data() + (size_t) (t + 1) * FIBER_STACK);
        top = (top & ~static_cast<uintptr_t>(15)) - 8; // as just after a call: rsp + 8 aligned to 16
        void** sp = reinterpret_cast<void**>(top);
        *--sp = reinterpret_cast<void*>(&fiber_entry); // emulated_switch's ret goes here
        for (int r = 0; r < 6; r++) {
            *--sp = nullptr; // rbp, rbx, r12-r15
        }
        fiber_sp[t] = sp;
    }
    fiber_kernel = &kernel;
    fiber_args = &args;
    for (unsigned int remaining = threads; remaining > 0;) {
        remaining = 0;
        for (unsigned int t = 0; t < threads; t++) {
            if (!fiber_done[t]) {
                current_fiber = t;
                threadIdx = {t, 0, 0};
                emulated_switch(&scheduler_sp, fiber_sp[t]);
                remaining += fiber_done[t] ? 0 : 1;
            }
        }
    }
    fiber_kernel = nullptr;
    fiber_args = nullptr;
}

static std::map<uint64_t, std::vector<unsigned char>> memory;
static uint64_t next_id = 1;

[[noreturn]] static void die(const char* what) {
    std::fprintf(stderr, "cuda_emulator: %s\n", what);
    std::exit(3);
}

static void read_exact(void* into, size_t bytes) {
    if (bytes > 0 && std::fread(into, 1, bytes, stdin) != bytes) {
        std::exit(0); // the JVM went away
    }
}

template <typename T> static T get() {
    T value;
    read_exact(&value, sizeof value);
    return value;
}

static unsigned char* at(uint64_t id, uint64_t offset, uint64_t bytes) {
    auto found = memory.find(id);
    if (found == memory.end()) {
        die("use of an unknown or freed allocation");
    }
    if (offset + bytes > found->second.size()) {
        die("access outside an allocation");
    }
    return found->second.data() + offset;
}

struct Arg {
    char kind;
    void* pointer;
    uint64_t bits;
};

static float* P(const std::vector<Arg>& a, int i) { return static_cast<float*>(a.at(i).pointer); }
static int* PI(const std::vector<Arg>& a, int i) { return static_cast<int*>(a.at(i).pointer); }
static unsigned int* PU(const std::vector<Arg>& a, int i) { return static_cast<unsigned int*>(a.at(i).pointer); }
static int I(const std::vector<Arg>& a, int i) { return static_cast<int>(static_cast<uint32_t>(a.at(i).bits)); }
static float F(const std::vector<Arg>& a, int i) {
    uint32_t bits = static_cast<uint32_t>(a.at(i).bits);
    float f;
    std::memcpy(&f, &bits, sizeof f);
    return f;
}
static unsigned long long L(const std::vector<Arg>& a, int i) { return a.at(i).bits; }

// Each kernel called with its arguments unpacked by the types of its C signature; an argument list
// that does not match (count or kind) is an error, exactly what a wrong launch from Java would be.
static std::map<std::string, std::pair<std::string, Kernel>> kernels() {
    std::map<std::string, std::pair<std::string, Kernel>> k;
    k["bias_activation_forward"] = {"PPIIFPII", [](auto& a) { bias_activation_forward(P(a, 0), P(a, 1), I(a, 2), I(a, 3), F(a, 4), P(a, 5), I(a, 6), I(a, 7)); }};
    k["activation_backward"] = {"IFPPPPI", [](auto& a) { activation_backward(I(a, 0), F(a, 1), P(a, 2), P(a, 3), P(a, 4), P(a, 5), I(a, 6)); }};
    k["prelu_forward"] = {"PPIPII", [](auto& a) { prelu_forward(P(a, 0), P(a, 1), I(a, 2), P(a, 3), I(a, 4), I(a, 5)); }};
    k["prelu_backward_input"] = {"PPIPPII", [](auto& a) { prelu_backward_input(P(a, 0), P(a, 1), I(a, 2), P(a, 3), P(a, 4), I(a, 5), I(a, 6)); }};
    k["prelu_slope_grad_columns"] = {"PPPII", [](auto& a) { prelu_slope_grad_columns(P(a, 0), P(a, 1), P(a, 2), I(a, 3), I(a, 4)); }};
    k["prelu_slope_grad_shared"] = {"PPPI", [](auto& a) { prelu_slope_grad_shared(P(a, 0), P(a, 1), P(a, 2), I(a, 3)); }};
    k["sum_rows"] = {"PFPII", [](auto& a) { sum_rows(P(a, 0), F(a, 1), P(a, 2), I(a, 3), I(a, 4)); }};
    k["batch_norm_forward_training"] = {"PPPFFPPIFPPPPII", [](auto& a) {
        batch_norm_forward_training(P(a, 0), P(a, 1), P(a, 2), F(a, 3), F(a, 4), P(a, 5), P(a, 6), I(a, 7), F(a, 8), P(a, 9), P(a, 10),
                                    P(a, 11), P(a, 12), I(a, 13), I(a, 14));
    }};
    k["batch_norm_forward_inference"] = {"PPPFPPIFPII", [](auto& a) {
        batch_norm_forward_inference(P(a, 0), P(a, 1), P(a, 2), F(a, 3), P(a, 4), P(a, 5), I(a, 6), F(a, 7), P(a, 8), I(a, 9), I(a, 10));
    }};
    k["batch_norm_backward"] = {"PIFPPPPPPPPPII", [](auto& a) {
        batch_norm_backward(P(a, 0), I(a, 1), F(a, 2), P(a, 3), P(a, 4), P(a, 5), P(a, 6), P(a, 7), P(a, 8), P(a, 9), P(a, 10), P(a, 11),
                            I(a, 12), I(a, 13));
    }};
    k["dropout_forward"] = {"PLLPLIFPPI", [](auto& a) {
        dropout_forward(P(a, 0), L(a, 1), L(a, 2), PI(a, 3), L(a, 4), I(a, 5), F(a, 6), P(a, 7), P(a, 8), I(a, 9));
    }};
    k["multiply"] = {"PPPI", [](auto& a) { multiply(P(a, 0), P(a, 1), P(a, 2), I(a, 3)); }};
    k["softmax_cross_entropy"] = {"PPPPPIIIP", [](auto& a) {
        softmax_cross_entropy(P(a, 0), PI(a, 1), P(a, 2), P(a, 3), P(a, 4), I(a, 5), I(a, 6), I(a, 7), PI(a, 8));
    }};
    k["sigmoid_binary_cross_entropy"] = {"PPPPI", [](auto& a) { sigmoid_binary_cross_entropy(P(a, 0), P(a, 1), P(a, 2), P(a, 3), I(a, 4)); }};
    k["mean_squared_error"] = {"PPPPII", [](auto& a) { mean_squared_error(P(a, 0), P(a, 1), P(a, 2), P(a, 3), I(a, 4), I(a, 5)); }};
    k["multiclass_hinge"] = {"PPFPPIIP", [](auto& a) { multiclass_hinge(P(a, 0), PI(a, 1), F(a, 2), P(a, 3), P(a, 4), I(a, 5), I(a, 6), PI(a, 7)); }};
    k["softmax_rows"] = {"PPII", [](auto& a) { softmax_rows(P(a, 0), P(a, 1), I(a, 2), I(a, 3)); }};
    k["argmax_rows"] = {"PPII", [](auto& a) { argmax_rows(P(a, 0), PI(a, 1), I(a, 2), I(a, 3)); }};
    k["count_correct"] = {"PPPII", [](auto& a) { count_correct(P(a, 0), PI(a, 1), P(a, 2), I(a, 3), I(a, 4)); }};
    k["optimizer_update"] = {"IFFFFFFFFFPIPPPPPPIIP", [](auto& a) {
        optimizer_update(I(a, 0), F(a, 1), F(a, 2), F(a, 3), F(a, 4), F(a, 5), F(a, 6), F(a, 7), F(a, 8), F(a, 9), P(a, 10), I(a, 11),
                         PI(a, 12), P(a, 13), P(a, 14), P(a, 15), P(a, 16), P(a, 17), I(a, 18), I(a, 19), PI(a, 20));
    }};
    k["clamp_column_norms"] = {"PFII", [](auto& a) { clamp_column_norms(P(a, 0), F(a, 1), I(a, 2), I(a, 3)); }};
    k["gather_rows"] = {"PIPIPIIPIIP", [](auto& a) {
        gather_rows(PU(a, 0), I(a, 1), PI(a, 2), I(a, 3), PI(a, 4), I(a, 5), I(a, 6), PU(a, 7), I(a, 8), I(a, 9), PI(a, 10));
    }};
    k["advance_clock"] = {"P", [](auto& a) { advance_clock(PI(a, 0)); }};
    k["scale"] = {"PFI", [](auto& a) { scale(P(a, 0), F(a, 1), I(a, 2)); }};
    k["axpy"] = {"FPPI", [](auto& a) { axpy(F(a, 0), P(a, 1), P(a, 2), I(a, 3)); }};
    k["sum_of_squares"] = {"PPI", [](auto& a) { sum_of_squares(P(a, 0), P(a, 1), I(a, 2)); }};
    k["count_non_finite"] = {"PPI", [](auto& a) { count_non_finite(P(a, 0), P(a, 1), I(a, 2)); }};
    return k;
}

static void launch(const Kernel& kernel, const std::vector<Arg>& args, unsigned int blocks, unsigned int threads, bool oneBlock) {
    gridDim = {blocks, 1, 1};
    blockDim = {threads, 1, 1};
    if (oneBlock) { // threads that meet at __syncthreads must interleave there
        blockIdx = {0, 0, 0};
        run_block_as_fibers(kernel, args, threads);
        return;
    }
    for (unsigned int b = 0; b < blocks; b++) {
        for (unsigned int t = 0; t < threads; t++) {
            blockIdx = {b, 0, 0};
            threadIdx = {t, 0, 0};
            kernel(args);
        }
    }
}

// BLAS sgemm, column-major, float accumulation (as cuBLAS's FP32 path).
static void sgemm(int transa, int transb, int m, int n, int k, float alpha, const float* A, int lda, const float* B, int ldb,
                  float beta, float* C, int ldc) {
    for (int j = 0; j < n; j++) {
        for (int i = 0; i < m; i++) {
            float sum = 0.0f;
            for (int p = 0; p < k; p++) {
                float a = transa == 0 ? A[i + (size_t) p * lda] : A[p + (size_t) i * lda];
                float b = transb == 0 ? B[p + (size_t) j * ldb] : B[j + (size_t) p * ldb];
                sum += a * b;
            }
            float* c = &C[i + (size_t) j * ldc];
            *c = beta == 0.0f ? alpha * sum : alpha * sum + beta * *c;
        }
    }
}

int main() {
    auto table = kernels();
    for (;;) {
        char command = get<char>();
        switch (command) {
            case 'A': {
                uint64_t bytes = get<uint64_t>();
                uint64_t id = next_id++;
                memory[id] = std::vector<unsigned char>(bytes, 0);
                std::fwrite(&id, sizeof id, 1, stdout);
                std::fflush(stdout);
                break;
            }
            case 'F':
                if (memory.erase(get<uint64_t>()) != 1) {
                    die("free of an unknown allocation");
                }
                break;
            case 'W': {
                uint64_t id = get<uint64_t>(), offset = get<uint64_t>(), bytes = get<uint64_t>();
                read_exact(at(id, offset, bytes), bytes);
                break;
            }
            case 'R': {
                uint64_t id = get<uint64_t>(), offset = get<uint64_t>(), bytes = get<uint64_t>();
                std::fwrite(at(id, offset, bytes), 1, bytes, stdout);
                std::fflush(stdout);
                break;
            }
            case 'C': {
                uint64_t src = get<uint64_t>(), srcOffset = get<uint64_t>(), dst = get<uint64_t>(), dstOffset = get<uint64_t>();
                uint64_t bytes = get<uint64_t>();
                std::memmove(at(dst, dstOffset, bytes), at(src, srcOffset, bytes), bytes);
                break;
            }
            case 'S': {
                uint64_t id = get<uint64_t>(), offset = get<uint64_t>(), count = get<uint64_t>();
                uint32_t bits = get<uint32_t>();
                unsigned char* p = at(id, offset, count * 4);
                for (uint64_t i = 0; i < count; i++) {
                    std::memcpy(p + 4 * i, &bits, 4);
                }
                break;
            }
            case 'L': {
                uint16_t length = get<uint16_t>();
                std::string name(length, '\0');
                read_exact(name.data(), length);
                uint32_t blocks = get<uint32_t>(), threads = get<uint32_t>();
                bool oneBlock = get<uint8_t>() != 0;
                uint32_t count = get<uint32_t>();
                std::string kinds;
                std::vector<Arg> args;
                for (uint32_t i = 0; i < count; i++) {
                    Arg arg{get<char>(), nullptr, 0};
                    if (arg.kind == 'P') {
                        uint64_t id = get<uint64_t>(), offset = get<uint64_t>();
                        arg.pointer = at(id, offset, 0);
                    } else if (arg.kind == 'L') {
                        arg.bits = get<uint64_t>();
                    } else {
                        arg.bits = get<uint32_t>();
                    }
                    kinds += arg.kind;
                    args.push_back(arg);
                }
                auto found = table.find(name);
                if (found == table.end()) {
                    die(("no kernel " + name).c_str());
                }
                if (found->second.first != kinds) {
                    die((name + ": arguments " + kinds + " do not match the signature " + found->second.first).c_str());
                }
                launch(found->second.second, args, blocks, threads, oneBlock);
                break;
            }
            case 'G': {
                int transa = get<int32_t>(), transb = get<int32_t>(), m = get<int32_t>(), n = get<int32_t>(), k = get<int32_t>();
                float alpha = get<float>();
                uint64_t a = get<uint64_t>(), aOffset = get<uint64_t>();
                int lda = get<int32_t>();
                uint64_t b = get<uint64_t>(), bOffset = get<uint64_t>();
                int ldb = get<int32_t>();
                float beta = get<float>();
                uint64_t c = get<uint64_t>(), cOffset = get<uint64_t>();
                int ldc = get<int32_t>();
                sgemm(transa, transb, m, n, k, alpha, reinterpret_cast<float*>(at(a, aOffset, 0)), lda,
                      reinterpret_cast<float*>(at(b, bOffset, 0)), ldb, beta, reinterpret_cast<float*>(at(c, cOffset, 0)), ldc);
                break;
            }
            case 'Q':
                return 0;
            default:
                die("unknown command");
        }
    }
}
