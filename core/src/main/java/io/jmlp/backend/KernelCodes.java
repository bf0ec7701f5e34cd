package io.jmlp.backend;

/**
 * The integer codes the device kernels take for an activation ({@code ACT_*} in {@code activation.cuh}
 * and {@code activation_functions.cl}) and for an update rule ({@code RULE_*} in {@code optimizer.cu} and
 * {@code optimizer.cl}): each is the constant's position in its Java enum, written once here for
 * both accelerator backends. {@code KernelCodesTest} (module {@code tests}) reads the four kernel
 * sources and fails when a {@code #define} and the enum disagree, or one is missing.
 */
public final class KernelCodes {
    private KernelCodes() {}

    public static int activationCode(Activation activation) {
        return activation.kind().ordinal();
    }

    public static int ruleCode(UpdateRule rule) {
        return rule.kind().ordinal();
    }
}
