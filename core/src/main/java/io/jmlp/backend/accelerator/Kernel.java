package io.jmlp.backend.accelerator;

import static io.jmlp.backend.accelerator.Kernel.Shape.ONE_GROUP;
import static io.jmlp.backend.accelerator.Kernel.Shape.PER_ITEM;

/**
 * Every kernel of the two accelerator backends, written once: its name as in the device sources
 * ({@code extern "C" __global__} in {@code cuda-kernels/src/main/cuda}, {@code __kernel} in
 * {@code opencl-kernels/src/main/resources/io/jmlp/opencl}), the file it lives in on each device that
 * has it, and how it is launched. {@link AcceleratorBackend} launches kernels by these constants, never
 * by name; the CUDA backend loads one module per {@code .cu} file named here, and both backends take
 * their one-group kernels from {@link #shape()}. {@code KernelRegistryTest} (module {@code tests})
 * reads both source trees and fails when a kernel is missing here, or here but not in a file it names.
 *
 * <p>Each kernel's twin in {@code io.jmlp.cpu.ReferenceBackend} (the oracle, named in each
 * constant's javadoc) is what the parity suite compares it with. Each twin pair takes the same
 * arguments in the same order, except that an OpenCL tensor is two arguments (buffer, element offset)
 * where a CUDA one is one pointer ({@link KernelArguments#tensor}).
 */
public enum Kernel {
    /** Bias + activation forward, fused. Reference: {@code ReferenceBackend.biasActivationForward}. */
    BIAS_ACTIVATION_FORWARD("bias_activation_forward", "activation.cu", "activation.cl", PER_ITEM),
    /** Activation backward, {@code dz = da·f'(z)}. Reference: {@code ReferenceBackend.activationBackward}. */
    ACTIVATION_BACKWARD("activation_backward", "activation.cu", "activation.cl", PER_ITEM),
    /** PReLU forward, shared or per-column slope. Reference: {@code ReferenceBackend.preluForward}. */
    PRELU_FORWARD("prelu_forward", "activation.cu", "activation.cl", PER_ITEM),
    /** PReLU backward, the input gradient. Reference: {@code ReferenceBackend.preluBackward} ({@code dx}). */
    PRELU_BACKWARD_INPUT("prelu_backward_input", "activation.cu", "activation.cl", PER_ITEM),
    /** PReLU backward, per-column slope gradients. Reference: {@code ReferenceBackend.preluBackward} ({@code dSlope}). */
    PRELU_SLOPE_GRAD_COLUMNS("prelu_slope_grad_columns", "activation.cu", "activation.cl", PER_ITEM),
    /** PReLU backward, the one shared slope's gradient. Reference: {@code ReferenceBackend.preluBackward} ({@code dSlope}). */
    PRELU_SLOPE_GRAD_SHARED("prelu_slope_grad_shared", "activation.cu", "activation.cl", ONE_GROUP),
    /** Column sums (bias gradients). Reference: {@code ReferenceBackend.sumRows}. */
    SUM_ROWS("sum_rows", "bias.cu", "bias.cl", PER_ITEM),
    /** Batch norm, training forward with the activation after it. Reference: {@code ReferenceBackend.batchNormForwardTraining}. */
    BATCH_NORM_FORWARD_TRAINING("batch_norm_forward_training", "batch_norm.cu", "batch_norm.cl", PER_ITEM),
    /** Batch norm, inference forward with the activation after it. Reference: {@code ReferenceBackend.batchNormForwardInference}. */
    BATCH_NORM_FORWARD_INFERENCE("batch_norm_forward_inference", "batch_norm.cu", "batch_norm.cl", PER_ITEM),
    /** Batch norm backward, through the activation first. Reference: {@code ReferenceBackend.batchNormBackward}. */
    BATCH_NORM_BACKWARD("batch_norm_backward", "batch_norm.cu", "batch_norm.cl", PER_ITEM),
    /** Softmax + cross-entropy, optionally counting the rows right. Reference: {@code ReferenceBackend.softmaxCrossEntropy}. */
    SOFTMAX_CROSS_ENTROPY("softmax_cross_entropy", "loss.cu", "loss.cl", ONE_GROUP),
    /** Sigmoid + binary cross-entropy. Reference: {@code ReferenceBackend.sigmoidBinaryCrossEntropy}. */
    SIGMOID_BINARY_CROSS_ENTROPY("sigmoid_binary_cross_entropy", "loss.cu", "loss.cl", ONE_GROUP),
    /** Mean squared error. Reference: {@code ReferenceBackend.meanSquaredError}. */
    MEAN_SQUARED_ERROR("mean_squared_error", "loss.cu", "loss.cl", ONE_GROUP),
    /** Multiclass hinge. Reference: {@code ReferenceBackend.multiclassHinge}. */
    MULTICLASS_HINGE("multiclass_hinge", "loss.cu", "loss.cl", ONE_GROUP),
    /** Row softmax. Reference: {@code ReferenceBackend.softmax}. */
    SOFTMAX_ROWS("softmax_rows", "loss.cu", "loss.cl", PER_ITEM),
    /** Row argmax. Reference: {@code ReferenceBackend.argmaxRows}. */
    ARGMAX_ROWS("argmax_rows", "loss.cu", "loss.cl", PER_ITEM),
    /** Accuracy count. Reference: {@code ReferenceBackend.countCorrect}. */
    COUNT_CORRECT("count_correct", "loss.cu", "loss.cl", ONE_GROUP),
    /** Philox dropout forward, mask and output. Reference: {@code ReferenceBackend.dropoutForward}. */
    DROPOUT_FORWARD("dropout_forward", "dropout.cu", "dropout.cl", PER_ITEM),
    /** Elementwise product (dropout backward). Reference: {@code ReferenceBackend.multiply}. */
    MULTIPLY("multiply", "dropout.cu", "dropout.cl", PER_ITEM),
    /** Every update rule over the flat parameter buffer, one launch. Reference: {@code ReferenceBackend.optimizerUpdate}. */
    OPTIMIZER_UPDATE("optimizer_update", "optimizer.cu", "optimizer.cl", PER_ITEM),
    /** Max-norm: column norms clamped. Reference: {@code ReferenceBackend.clampColumnNorms}. */
    CLAMP_COLUMN_NORMS("clamp_column_norms", "optimizer.cu", "optimizer.cl", PER_ITEM),
    /** Rows gathered by index, at a host position or the step clock's. Reference: {@code ReferenceBackend.gatherRows}. */
    GATHER_ROWS("gather_rows", "gather.cu", "gather.cl", PER_ITEM),
    /** The step clock moved on (one work-item). Reference: {@code ReferenceBackend.advanceClock}. */
    ADVANCE_CLOCK("advance_clock", "gather.cu", "gather.cl", PER_ITEM),
    /**
     * A float fill, OpenCL only: CUDA fills with a 32-bit memset of the float's bits instead (exact, no
     * launch). Reference: {@code ReferenceBackend.fill}.
     */
    FILL("fill", null, "reduction.cl", PER_ITEM),
    /** {@code x = αx}. Reference: {@code ReferenceBackend.scale}. */
    SCALE("scale", "reduction.cu", "reduction.cl", PER_ITEM),
    /** {@code y = αx + y}. Reference: {@code ReferenceBackend.axpy}. */
    AXPY("axpy", "reduction.cu", "reduction.cl", PER_ITEM),
    /** Sum of squares. Reference: {@code ReferenceBackend.sumOfSquares}. */
    SUM_OF_SQUARES("sum_of_squares", "reduction.cu", "reduction.cl", ONE_GROUP),
    /** Count of NaN and infinite elements. Reference: {@code ReferenceBackend.countNonFinite}. */
    COUNT_NON_FINITE("count_non_finite", "reduction.cu", "reduction.cl", ONE_GROUP);

    /** How a kernel is launched, the same on both devices. */
    public enum Shape {
        /**
         * One work-item (CUDA thread) per item — element, row or column — in [0, items); the device picks
         * the groups, and a launch of no items is skipped.
         */
        PER_ITEM,
        /**
         * Exactly one group (a CUDA block of {@code REDUCE_THREADS}, an OpenCL work-group of the reduce size)
         * summing in shared/local memory without atomics, so its float sums are deterministic; launched
         * even for no items, since it also writes its output. The reductions and losses.
         */
        ONE_GROUP
    }

    /** The devices with a kernel source tree. */
    public enum Device {
        CUDA,
        OPENCL
    }

    private final String kernelName;
    private final String cudaFile;
    private final String openClFile;
    private final Shape shape;

    Kernel(String kernelName, String cudaFile, String openClFile, Shape shape) {
        this.kernelName = kernelName;
        this.cudaFile = cudaFile;
        this.openClFile = openClFile;
        this.shape = shape;
    }

    /** The function's name in the device sources (the same on every device that has it). */
    public String kernelName() {
        return kernelName;
    }

    public Shape shape() {
        return shape;
    }

    /** The source file defining it on {@code device} ({@code "loss.cu"}, {@code "loss.cl"}), or null when that device has none. */
    public String file(Device device) {
        return device == Device.CUDA ? cudaFile : openClFile;
    }

    public boolean on(Device device) {
        return file(device) != null;
    }

    /** {@link #kernelName()}, for a launch on {@code device}; throws when that device has no such kernel (a bug in the caller). */
    public String nameOn(Device device) {
        if (!on(device)) {
            throw new IllegalStateException("kernel " + kernelName + " has no " + device + " version");
        }
        return kernelName;
    }
}
