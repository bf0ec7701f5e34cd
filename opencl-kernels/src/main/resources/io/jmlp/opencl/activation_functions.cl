// The activation formulas, shared by activation.cl and batch_norm.cl (which fuses batch norm with
// the activation after it; KernelPrograms puts this file before both): io.jmlp.backend.Activation#apply
// and #derivative, evaluated in float exactly as cuda-kernels' activation.cuh does.

#define ACT_IDENTITY 0
#define ACT_SIGMOID 1
#define ACT_TANH 2
#define ACT_HARD_SIGMOID 3
#define ACT_HARD_TANH 4
#define ACT_RELU 5
#define ACT_LEAKY_RELU 6
#define ACT_ELU 7
#define ACT_SOFTPLUS 8
#define ACT_SWISH 9
#define ACT_GELU 10

#define GELU_C 0.7978845608028654f
#define GELU_K 0.044715f

// The numerically stable logistic function: exp of a non-positive argument only.
float sigmoid_of(float z) {
    if (z >= 0.0f) {
        return 1.0f / (1.0f + exp(-z));
    }
    float e = exp(z);
    return e / (1.0f + e);
}

float activation_apply(int kind, float alpha, float z) {
    switch (kind) {
        case ACT_IDENTITY: return z;
        case ACT_SIGMOID: return sigmoid_of(z);
        case ACT_TANH: return tanh(z);
        case ACT_HARD_SIGMOID: return fmax(fmin(0.25f * z + 0.5f, 1.0f), 0.0f);
        case ACT_HARD_TANH: return fmax(fmin(z, 1.0f), -1.0f);
        case ACT_RELU: return z > 0.0f ? z : 0.0f;
        case ACT_LEAKY_RELU: return z > 0.0f ? z : alpha * z;
        case ACT_ELU: return z > 0.0f ? z : alpha * expm1(z);
        case ACT_SOFTPLUS: return fmax(z, 0.0f) + log1p(exp(-fabs(z)));
        case ACT_SWISH: return z * sigmoid_of(z);
        case ACT_GELU: return 0.5f * z * (1.0f + tanh(GELU_C * (z + GELU_K * z * z * z)));
        default: return NAN;
    }
}

// f'(z) given z and a = f(z); at a kink, the branch z <= 0 (as the reference).
float activation_derivative(int kind, float alpha, float z, float a) {
    switch (kind) {
        case ACT_IDENTITY: return 1.0f;
        case ACT_SIGMOID: return a * (1.0f - a);
        case ACT_TANH: return 1.0f - a * a;
        case ACT_HARD_SIGMOID: return (z > -2.0f && z < 2.0f) ? 0.25f : 0.0f;
        case ACT_HARD_TANH: return (z > -1.0f && z < 1.0f) ? 1.0f : 0.0f;
        case ACT_RELU: return z > 0.0f ? 1.0f : 0.0f;
        case ACT_LEAKY_RELU: return z > 0.0f ? 1.0f : alpha;
        case ACT_ELU: return z > 0.0f ? 1.0f : a + alpha;
        case ACT_SOFTPLUS: return sigmoid_of(z);
        case ACT_SWISH: {
            float s = sigmoid_of(z);
            return s + z * s * (1.0f - s);
        }
        case ACT_GELU: {
            float u = GELU_C * (z + GELU_K * z * z * z);
            float t = tanh(u);
            return 0.5f * (1.0f + t) + 0.5f * z * (1.0f - t * t) * GELU_C * (1.0f + 3.0f * GELU_K * z * z);
        }
        default: return NAN;
    }
}
