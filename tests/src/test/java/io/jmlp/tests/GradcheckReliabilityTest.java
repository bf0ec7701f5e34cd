package io.jmlp.tests;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jmlp.backend.Activation;
import io.jmlp.backend.Backend;
import io.jmlp.backend.Tensor;
import io.jmlp.cpu.GradientCheck;
import io.jmlp.loss.Loss;
import io.jmlp.loss.MulticlassHinge;
import io.jmlp.loss.SoftmaxCrossEntropy;
import io.jmlp.nn.MlpSpec;
import io.jmlp.nn.WeightInit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * FAIL from the gradient check means a wrong gradient: correct networks pass for every init (kink
 * crossings skipped, truncation error extrapolated away), and a network whose backward pass is off
 * by a factor fails. Issue 17, class 1.
 */
class GradcheckReliabilityTest {
    static final int ROWS = 5;

    static MlpSpec network(boolean batchNorm, Activation activation, Loss loss) {
        MlpSpec.Builder b = MlpSpec.builder(4).dense(6);
        if (batchNorm) {
            b.batchNorm();
        }
        b.activation(activation).dense(5);
        if (batchNorm) {
            b.batchNorm();
        }
        return b.activation(activation).dense(3).loss(loss).build();
    }

    @ParameterizedTest
    @EnumSource(WeightInit.class)
    void correctNetworksPassForEveryInitAndSeed(WeightInit init) {
        for (long seed = 1; seed <= 6; seed++) {
            for (boolean batchNorm : new boolean[] {true, false}) {
                for (Activation activation : new Activation[] {
                    Activation.parse("relu"), Activation.leakyRelu(0.01f), Activation.parse("tanh")
                }) {
                    for (Loss loss : new Loss[] {new SoftmaxCrossEntropy(), new MulticlassHinge(1f)}) {
                        MlpSpec spec = network(batchNorm, activation, loss);
                        GradientCheck.Report r = GradientCheck.run(spec, init, seed, ROWS, GradientCheck.DEFAULT_STEP);
                        assertTrue(
                                r.passes(GradientCheck.DEFAULT_THRESHOLD),
                                init + ", seed " + seed + ", " + spec.widths() + " " + activation
                                        + (batchNorm ? " + BN" : "") + ", " + loss.name() + ": worst " + r.worst());
                    }
                }
            }
        }
    }

    /** Softmax cross-entropy whose gradient is 1.2× too long: a bug back-propagation must not hide. */
    static final class WrongGradient implements Loss {
        private final SoftmaxCrossEntropy inner = new SoftmaxCrossEntropy();

        @Override
        public String name() {
            return "softmax-ce-wrong";
        }

        @Override
        public Targets targets() {
            return inner.targets();
        }

        @Override
        public void forwardBackward(Backend backend, Tensor output, Tensor targets, Tensor dOutput, Tensor lossSum) {
            inner.forwardBackward(backend, output, targets, dOutput, lossSum);
            backend.scale(dOutput, 1.2f);
        }
    }

    @Test
    void aWrongGradientFails() {
        for (WeightInit init : WeightInit.values()) {
            for (boolean batchNorm : new boolean[] {true, false}) {
                GradientCheck.Report r = GradientCheck.run(
                        network(batchNorm, Activation.parse("relu"), new WrongGradient()),
                        init,
                        1,
                        ROWS,
                        GradientCheck.DEFAULT_STEP);
                assertFalse(
                        r.passes(GradientCheck.DEFAULT_THRESHOLD),
                        init + (batchNorm ? " + BN" : "") + ": worst " + r.worst());
            }
        }
    }
}
