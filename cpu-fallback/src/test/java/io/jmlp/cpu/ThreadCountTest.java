package io.jmlp.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import io.jmlp.backend.Activation;
import io.jmlp.backend.Backend;
import io.jmlp.backend.Scope;
import io.jmlp.backend.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The ops the cpu backend shares out by rows (bias + activation, its gradient, batch norm's
 * passes, row gathers) give the same bits on one thread as on three, at sizes above the
 * threshold where they go parallel and with row counts that do not divide evenly; so does a GEMM.
 * A part that skipped, repeated or overlapped rows would show here.
 */
class ThreadCountTest {

    @Test
    void everySharedOpComputesTheSameBitsOnOneAndThreeThreads() {
        List<float[]> one;
        List<float[]> three;
        try (CpuBackend b = new CpuBackend(1)) {
            one = run(b);
        }
        try (CpuBackend b = new CpuBackend(3)) {
            three = run(b);
        }
        for (int i = 0; i < one.size(); i++) {
            assertArrayEquals(one.get(i), three.get(i), "output " + i);
        }
    }

    /** Every shared op once, on 101 × 307 inputs (31,007 elements, above CpuBackend.PARALLEL_ELEMENTS); all outputs. */
    private static List<float[]> run(Backend b) {
        int n = 101;
        int m = 307;
        List<float[]> out = new ArrayList<>();
        try (Scope s = new Scope(b)) {
            Tensor x = s.upload(n, m, random(n * m, 1));
            Tensor bias = s.upload(1, m, random(m, 2));
            for (Activation act : new Activation[] {Activation.RELU, Activation.TANH, Activation.IDENTITY}) {
                Tensor z = s.upload(n, m, random(n * m, 3));
                Tensor a = s.zeros(n, m);
                b.biasActivationForward(z, bias, act, a);
                Tensor dz = s.zeros(n, m);
                b.activationBackward(act, z, a, x, dz);
                out.add(a.toHost());
                out.add(dz.toHost());
            }
            Tensor gamma = s.upload(1, m, random(m, 4));
            Tensor beta = s.upload(1, m, random(m, 5));
            Tensor rm = s.zeros(1, m);
            Tensor rv = s.upload(1, m, ones(m));
            Tensor y = s.zeros(n, m);
            Tensor activated = s.zeros(n, m);
            Tensor mean = s.zeros(1, m);
            Tensor inv = s.zeros(1, m);
            b.batchNormForwardTraining(x, gamma, beta, 1e-5f, 0.1f, rm, rv, Activation.TANH, y, activated, mean, inv);
            Tensor dx = s.zeros(n, m);
            Tensor dg = s.zeros(1, m);
            Tensor db = s.zeros(1, m);
            b.batchNormBackward(x, Activation.TANH, y, activated, y, gamma, mean, inv, dx, dg, db);
            Tensor yInference = s.zeros(n, m);
            b.batchNormForwardInference(x, gamma, beta, 1e-5f, rm, rv, Activation.RELU, yInference);
            int[] order = new int[n];
            for (int i = 0; i < n; i++) {
                order[i] = (i * 37) % n;
            }
            Tensor idx = s.uploadInts(1, n, order);
            Tensor gathered = s.zeros(n, m);
            b.gatherRows(x, idx, 0, gathered);
            Tensor c = s.zeros(n, n);
            b.gemm(false, true, 1f, x, y, 0f, c);
            for (Tensor t : new Tensor[] {y, activated, rm, rv, mean, inv, dx, dg, db, yInference, gathered, c}) {
                out.add(t.toHost());
            }
        }
        return out;
    }

    private static float[] random(int count, long seed) {
        Random r = new Random(seed);
        float[] v = new float[count];
        for (int i = 0; i < count; i++) {
            v[i] = r.nextFloat() * 4 - 2;
        }
        return v;
    }

    private static float[] ones(int count) {
        float[] v = new float[count];
        java.util.Arrays.fill(v, 1f);
        return v;
    }
}
