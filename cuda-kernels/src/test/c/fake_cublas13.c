/*
 * A stand-in for cuBLAS 13 that needs no GPU: soname libcublas.so.13, version node libcublas.so.13
 * (fake_cublas13.map; built with fake_cublas12.map and soname libcublas.so.12 it stands in for cuBLAS 12),
 * the functions jmlp's shim forwards, computing on host memory. CublasShimTest loads it through the
 * production loading path (CublasLibrary with -Djmlp.cublas=...) so the whole chain JCublas2 →
 * libcublas.so.12 shim → "libcublas.so.13" runs on a machine without CUDA. Recognisable values
 * (handle 0x5eed, version 139999) prove each call arrived here.
 */
#include <stddef.h>
#include <stdint.h>

typedef int cublasStatus_t;
static int math_mode = -1;

cublasStatus_t cublasCreate_v2(void **handle) {
    *handle = (void *) (uintptr_t) 0x5eed;
    return 0;
}

cublasStatus_t cublasDestroy_v2(void *handle) {
    return handle == (void *) (uintptr_t) 0x5eed ? 0 : 7; /* 7: CUBLAS_STATUS_INVALID_VALUE */
}

cublasStatus_t cublasSetStream_v2(void *handle, void *stream) {
    (void) stream;
    return handle == (void *) (uintptr_t) 0x5eed ? 0 : 7;
}

cublasStatus_t cublasGetVersion_v2(void *handle, int *version) {
    (void) handle;
    *version = 139999;
    return 0;
}

cublasStatus_t cublasSetMathMode(void *handle, int mode) {
    (void) handle;
    math_mode = mode;
    return 0;
}

cublasStatus_t cublasGetMathMode(void *handle, int *mode) {
    (void) handle;
    *mode = math_mode;
    return 0;
}

/* BLAS sgemm, column-major, on host memory. */
cublasStatus_t cublasSgemm_v2(void *handle, int transa, int transb, int m, int n, int k, const float *alpha, const float *A,
                              int lda, const float *B, int ldb, const float *beta, float *C, int ldc) {
    if (handle != (void *) (uintptr_t) 0x5eed || A == NULL || B == NULL || C == NULL || alpha == NULL || beta == NULL) {
        return 7;
    }
    for (int j = 0; j < n; j++) {
        for (int i = 0; i < m; i++) {
            double sum = 0;
            for (int p = 0; p < k; p++) {
                float a = transa == 0 ? A[i + (size_t) p * lda] : A[p + (size_t) i * lda];
                float b = transb == 0 ? B[p + (size_t) j * ldb] : B[j + (size_t) p * ldb];
                sum += (double) a * b;
            }
            float *c = &C[i + (size_t) j * ldc];
            *c = (float) (*alpha * sum + (*beta == 0.0f ? 0.0 : *beta * *c));
        }
    }
    return 0;
}
