package io.jmlp.tests.parity;

import io.jmlp.backend.Tensor;
import io.jmlp.backend.UpdateRule;
import io.jmlp.tests.optim.SingleUpdate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** One optimizer update over a flat buffer for every rule, with and without penalties, and the max-norm constraint. */
class OptimizerParityTest {

    @AfterAll
    static void report() {
        ParityReport.write();
    }

    @ParameterizedTest
    @MethodSource("io.jmlp.tests.TestBackends#names")
    void optimizerUpdates(String backendName) {
        try (ParityCheck check = new ParityCheck(backendName)) {
            int seed = 900;
            for (UpdateRule.Kind kind : UpdateRule.Kind.values()) {
                for (int size : new int[] {1, 1001, 282_610}) {
                    for (boolean penalties : new boolean[] {false, true}) {
                        float[] params = Inputs.uniform(seed++, size, -1, 1);
                        float[] grads = Inputs.uniform(seed++, size, -1, 1);
                        float[] s1 = Inputs.uniform(
                                seed++,
                                size,
                                kind == UpdateRule.Kind.MOMENTUM
                                                || kind == UpdateRule.Kind.NESTEROV
                                                || kind == UpdateRule.Kind.ADAM
                                                || kind == UpdateRule.Kind.ADAMW
                                        ? -0.1
                                        : 0,
                                0.1);
                        float[] s2 = Inputs.uniform(seed++, size, 0, 0.1);
                        long decayed = size * 3L / 4;
                        long step = penalties ? 7 : 1;
                        // With penalties also clipping (to a norm the gradients exceed) and a later row of the rate
                        // table.
                        UpdateRule rule = new UpdateRule(
                                kind,
                                0.9f,
                                0.95f,
                                0.9f,
                                0.999f,
                                1e-8f,
                                penalties ? 1e-3f : 0f,
                                penalties ? 1e-4f : 0f,
                                penalties ? 0.05f : 0f,
                                penalties ? 0.5f : 0f);
                        String name = kind + " n=" + size + (penalties ? " l1+l2+wd, clip 0.5, t=7, row 3" : ", t=1");
                        check.compare("optimizerUpdate " + kind, name, (b, s, out) -> {
                            Tensor p = s.upload(1, size, params);
                            Tensor g = s.upload(1, size, grads);
                            Tensor st1 = kind.stateBuffers() > 0 ? s.upload(1, size, s1) : null;
                            Tensor st2 = kind.stateBuffers() > 1 ? s.upload(1, size, s2) : null;
                            Tensor squares = null;
                            if (rule.clips()) {
                                squares = s.zeros(1, 1);
                                b.sumOfSquares(g, squares);
                            }
                            SingleUpdate.apply(
                                    b, rule, 0.01, step, penalties ? 3 : 0, squares, p, g, st1, st2, decayed);
                            out.add("params", p, Tolerances.OPTIMIZER);
                            if (st1 != null) {
                                out.add("state1", st1, Tolerances.OPTIMIZER);
                            }
                            if (st2 != null) {
                                out.add("state2", st2, Tolerances.OPTIMIZER);
                            }
                        });
                    }
                }
            }
            // L1's sign(w) at w = 0 exactly is 0 (Java's signum, OpenCL's sign; CUDA's copysign would give ±1): zero
            // weights stay put under SGD.
            float[] zeros = {0f, -0f, 0.5f, 0f, -0.25f, 0f};
            float[] zeroGrads = {0f, 0f, 0.1f, 0.2f, 0f, 0f};
            for (UpdateRule.Kind kind : new UpdateRule.Kind[] {UpdateRule.Kind.SGD, UpdateRule.Kind.ADAGRAD}) {
                UpdateRule rule = new UpdateRule(kind, 0f, 0f, 0f, 0f, 1e-8f, 0f, 0.01f, 0f, 0f);
                check.compare("optimizerUpdate " + kind, kind + " l1 at w = 0", (b, s, out) -> {
                    Tensor p = s.upload(1, zeros.length, zeros);
                    Tensor st1 = kind.stateBuffers() > 0 ? s.zeros(1, zeros.length) : null;
                    SingleUpdate.apply(
                            b, rule, 0.1, 1, p, s.upload(1, zeros.length, zeroGrads), st1, null, zeros.length);
                    out.add("params", p, Tolerances.OPTIMIZER);
                });
            }
        }
    }

    @ParameterizedTest
    @MethodSource("io.jmlp.tests.TestBackends#names")
    void maxNormConstraint(String backendName) {
        try (ParityCheck check = new ParityCheck(backendName)) {
            int seed = 1000;
            for (int[] shape : Inputs.SHAPES) {
                int r = shape[0];
                int c = shape[1];
                float[] w = Inputs.uniform(seed++, r * c, -1, 1);
                for (float maxNorm : new float[] {0.5f, 3f, 100f}) {
                    check.compare("clampColumnNorms", r + "×" + c + " max " + maxNorm, (b, s, out) -> {
                        Tensor t = s.upload(r, c, w);
                        b.clampColumnNorms(t, maxNorm);
                        out.add("w", t, Tolerances.MAX_NORM);
                    });
                }
            }
        }
    }
}
