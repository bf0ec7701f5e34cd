/*
 * libcublas.so.12 compatibility shim: lets JCublas2 12.6.0 (built against cuBLAS 12) run on a
 * machine that only has cuBLAS 13.
 *
 * JCublas2's native library needs "libcublas.so.12" and binds its symbols to that version node
 * (cublasSgemm_v2@libcublas.so.12), so neither a symlink to libcublas.so.13 (whose node is
 * "libcublas.so.13") nor any other name satisfies it. This library has that soname and that node
 * (cublas_shim.map) and defines the seven functions jmlp calls through JCublas2; each one looks up
 * the same function in libcublas.so.13 on first use and calls it. Their signatures are unchanged
 * between cuBLAS 12 and 13.
 *
 * How it is used (io.jmlp.cuda.CublasLibrary): Java loads libcublas.so.13 itself with System.load
 * (so it is found wherever it lives, e.g. in a Python wheel), then this file, then JCublas2. The
 * dynamic loader matches JCublas2's NEEDED libcublas.so.12 to this already-loaded library by soname,
 * and our dlopen("libcublas.so.13") below to the already-loaded cuBLAS 13 the same way. JCublas2
 * references about 500 cuBLAS functions, all through lazily bound PLT slots, so the ones not defined
 * here are never resolved as long as nobody calls them; jmlp calls only these seven.
 */
#include <dlfcn.h>
#include <pthread.h>
#include <stddef.h>

/* The cuBLAS types involved, as cuBLAS declares them: handles and streams are opaque pointers,
   enums and statuses are ints. No cuBLAS header is needed to build this file. */
typedef int cublasStatus_t;
typedef void *cublasHandle_t;
typedef void *cudaStream_t;

/* cuBLAS's own status for "the library was not initialised": what every call returns when
   libcublas.so.13 or the function cannot be found, so JCublas2 throws instead of crashing. */
#define SHIM_STATUS_NOT_INITIALIZED 1

static void *cublas13;
static pthread_once_t open_once = PTHREAD_ONCE_INIT;

static void open_cublas13(void) {
    cublas13 = dlopen("libcublas.so.13", RTLD_NOW | RTLD_LOCAL);
}

/* The address of `name` in libcublas.so.13, or NULL. */
static void *resolve(const char *name) {
    pthread_once(&open_once, open_cublas13);
    return cublas13 == NULL ? NULL : dlsym(cublas13, name);
}

/* Defines `name` with the given parameter list and argument list, forwarding to cuBLAS 13. The
   function pointer is looked up once; a racing first call looks it up twice, harmlessly. */
#define FORWARD(name, params, args)                                                    \
    cublasStatus_t name params {                                                       \
        static cublasStatus_t (*target) params;                                        \
        if (target == NULL) {                                                          \
            target = (cublasStatus_t (*) params) resolve(#name);                       \
            if (target == NULL) {                                                      \
                return SHIM_STATUS_NOT_INITIALIZED;                                    \
            }                                                                          \
        }                                                                              \
        return target args;                                                            \
    }

FORWARD(cublasCreate_v2, (cublasHandle_t *handle), (handle))
FORWARD(cublasDestroy_v2, (cublasHandle_t handle), (handle))
FORWARD(cublasSetStream_v2, (cublasHandle_t handle, cudaStream_t stream), (handle, stream))
FORWARD(cublasGetVersion_v2, (cublasHandle_t handle, int *version), (handle, version))
FORWARD(cublasSetMathMode, (cublasHandle_t handle, int mode), (handle, mode))
FORWARD(cublasGetMathMode, (cublasHandle_t handle, int *mode), (handle, mode))
FORWARD(cublasSgemm_v2,
        (cublasHandle_t handle, int transa, int transb, int m, int n, int k, const float *alpha, const float *A,
         int lda, const float *B, int ldb, const float *beta, float *C, int ldc),
        (handle, transa, transb, m, n, k, alpha, A, lda, B, ldb, beta, C, ldc))
