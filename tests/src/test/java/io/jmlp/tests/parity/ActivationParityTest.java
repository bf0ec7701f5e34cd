package io.jmlp.tests.parity;

import io.jmlp.backend.Activation;
import io.jmlp.backend.Tensor;
import io.jmlp.random.Philox;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Activations (fused with the bias and standalone), their derivatives, PReLU and dropout. */
class ActivationParityTest {

    @AfterAll
    static void report() {
        ParityReport.write();
    }

    /** Every kind, with the parameterised ones at a non-default value too. */
    static List<Activation> activations() {
        List<Activation> all = new ArrayList<>();
        for (Activation.Kind kind : Activation.Kind.values()) {
            all.add(Activation.parse(kind.cliName()));
        }
        all.add(Activation.leakyRelu(0.2f));
        all.add(Activation.elu(0.5f));
        return all;
    }

    @ParameterizedTest
    @MethodSource("io.jmlp.tests.TestBackends#names")
    void biasActivationForwardAndBackward(String backendName) {
        try (ParityCheck check = new ParityCheck(backendName)) {
            int seed = 300;
            for (Activation act : activations()) {
                for (int[] shape : Inputs.SHAPES) {
                    int r = shape[0];
                    int c = shape[1];
                    // z in [−4, 4] reaches every branch: the hard functions' corners, ELU's and softplus's tails.
                    float[] z = Inputs.uniform(seed++, r * c, -4, 4);
                    float[] bias = Inputs.uniform(seed++, c, -1, 1);
                    float[] da = Inputs.uniform(seed++, r * c, -1, 1);
                    String name = act + " " + r + "×" + c;
                    check.compare("biasActivationForward", name, (b, s, out) -> {
                        Tensor zt = s.upload(r, c, z);
                        Tensor at = s.zeros(r, c);
                        b.biasActivationForward(zt, s.upload(1, c, bias), act, at);
                        out.add("z+bias", zt, Tolerances.EXACT);
                        out.add("a", at, Tolerances.TRANSCENDENTAL);
                    });
                    check.compare("activationForward (no bias)", name, (b, s, out) -> {
                        Tensor at = s.zeros(r, c);
                        b.biasActivationForward(s.upload(r, c, z), null, act, at);
                        out.add("a", at, Tolerances.TRANSCENDENTAL);
                    });
                    check.compare("activationBackward", name, (b, s, out) -> {
                        // a = f(z) as the reference computes it, so both sides differentiate at the same point.
                        float[] a = new float[z.length];
                        for (int i = 0; i < z.length; i++) {
                            a[i] = (float) act.apply(z[i]);
                        }
                        Tensor dz = s.zeros(r, c);
                        b.activationBackward(act, s.upload(r, c, z), s.upload(r, c, a), s.upload(r, c, da), dz);
                        out.add("dz", dz, Tolerances.TRANSCENDENTAL);
                    });
                }
            }
            check.compare("biasActivationForward", "identity in place", (b, s, out) -> {
                Tensor zt = s.upload(5, 3, Inputs.uniform(1, 15, -1, 1));
                b.biasActivationForward(zt, s.upload(1, 3, new float[] {1f, 2f, 3f}), Activation.IDENTITY, zt);
                out.add("z", zt, Tolerances.EXACT);
            });
        }
    }

    @ParameterizedTest
    @MethodSource("io.jmlp.tests.TestBackends#names")
    void prelu(String backendName) {
        try (ParityCheck check = new ParityCheck(backendName)) {
            int seed = 400;
            for (int[] shape : Inputs.SHAPES) {
                int r = shape[0];
                int c = shape[1];
                float[] x = Inputs.uniform(seed++, r * c, -2, 2);
                float[] dy = Inputs.uniform(seed++, r * c, -1, 1);
                for (boolean shared : new boolean[] {false, true}) {
                    int slopes = shared ? 1 : c;
                    float[] slope = Inputs.uniform(seed++, slopes, 0, 0.5);
                    double[] bound = new double[slopes];
                    for (int i = 0; i < r; i++) {
                        for (int j = 0; j < c; j++) {
                            if (x[i * c + j] <= 0) {
                                bound[shared ? 0 : j] += Math.abs((double) dy[i * c + j] * x[i * c + j]);
                            }
                        }
                    }
                    for (int k = 0; k < slopes; k++) {
                        bound[k] *= (r * c + 2) * Tolerances.U;
                    }
                    String name = r + "×" + c + (shared ? " shared" : " per neuron");
                    check.compare("preluForward", name, (b, s, out) -> {
                        Tensor y = s.zeros(r, c);
                        b.preluForward(s.upload(r, c, x), s.upload(1, slopes, slope), y);
                        out.add("y", y, Tolerances.EXACT);
                    });
                    check.compare("preluBackward", name, (b, s, out) -> {
                        Tensor dx = s.zeros(r, c);
                        Tensor dSlope = s.zeros(1, slopes);
                        b.preluBackward(s.upload(r, c, x), s.upload(1, slopes, slope), s.upload(r, c, dy), dx, dSlope);
                        out.add("dx", dx, Tolerances.EXACT);
                        out.add("dSlope", dSlope, Tolerances.SUMS, bound);
                    });
                }
            }
        }
    }

    @ParameterizedTest
    @MethodSource("io.jmlp.tests.TestBackends#names")
    void dropoutMasksAreBitIdentical(String backendName) {
        try (ParityCheck check = new ParityCheck(backendName)) {
            int seed = 500;
            for (int[] shape : Inputs.SHAPES) {
                int r = shape[0];
                int c = shape[1];
                float[] x = Inputs.uniform(seed++, r * c, -2, 2);
                for (float p : new float[] {0f, 0.1f, 0.5f, 0.9f}) {
                    // A large seed and stream exercise all 64 bits of the key and the counter's upper words.
                    long runSeed = 0x9E3779B97F4A7C15L + seed;
                    long stream = Philox.stream(Philox.Purpose.DROPOUT, (12345L << 16) | 3);
                    check.compare("dropoutForward", r + "×" + c + " p=" + p, (b, s, out) -> {
                        Tensor mask = s.zeros(r, c);
                        Tensor y = s.zeros(r, c);
                        b.dropoutForward(s.upload(r, c, x), p, runSeed, stream, mask, y);
                        out.add("mask", mask, Tolerances.EXACT);
                        out.add("y", y, Tolerances.EXACT);
                    });
                    // The step-clock form draws the very same masks: step 12345 from the clock, layer 3 in the base.
                    check.compare("dropoutForward (clock)", r + "×" + c + " p=" + p, (b, s, out) -> {
                        Tensor mask = s.zeros(r, c);
                        Tensor y = s.zeros(r, c);
                        Tensor clock = s.uploadInts(1, 2, new int[] {7, 12345});
                        b.dropoutForward(
                                s.upload(r, c, x),
                                p,
                                runSeed,
                                Philox.stream(Philox.Purpose.DROPOUT, 3),
                                clock,
                                mask,
                                y);
                        Tensor hostMask = s.zeros(r, c);
                        b.dropoutForward(s.upload(r, c, x), p, runSeed, stream, hostMask, s.zeros(r, c));
                        b.axpy(-1f, hostMask, mask); // zero where both forms agree
                        out.add("mask − host-stream mask", mask, Tolerances.EXACT);
                        out.add("y", y, Tolerances.EXACT);
                    });
                }
            }
        }
    }
}
