package io.jmlp.cpu;

import io.jmlp.backend.*;

/** BnLoop threads: times batch norm fwd+bwd (ReLU) on 100x300 and 100x150. */
public class BnLoop {
    public static void main(String[] args) {
        int threads = Integer.parseInt(args[0]);
        try (CpuBackend be = new CpuBackend(threads)) {
            int n = Integer.parseInt(args[1]);
            for (int m : new int[] {Integer.parseInt(args[2]), Integer.parseInt(args[2])}) {
                float[] v = new float[n * m];
                java.util.Random r = new java.util.Random(1);
                for (int i = 0; i < v.length; i++) v[i] = r.nextFloat();
                Tensor x = Tensor.of(be, n, m, v), y = Tensor.zeros(be, n, m), a = Tensor.zeros(be, n, m);
                Tensor da = Tensor.of(be, n, m, v), dx = Tensor.zeros(be, n, m);
                Tensor g = Tensor.zeros(be, 1, m), b = Tensor.zeros(be, 1, m), rm = Tensor.zeros(be, 1, m), rv = Tensor.zeros(be, 1, m);
                Tensor sm = Tensor.zeros(be, 1, m), si = Tensor.zeros(be, 1, m), dg = Tensor.zeros(be, 1, m), db = Tensor.zeros(be, 1, m);
                be.fill(g, 1f);
                for (int round = 0; round < 6; round++) {
                    long tf = 0, tb = 0; int reps = 2000; com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean(); long al0 = mx.getCurrentThreadAllocatedBytes();
                    for (int i = 0; i < reps; i++) {
                        long t0 = System.nanoTime();
                        be.batchNormForwardTraining(x, g, b, 1e-5f, 0.1f, rm, rv, Activation.RELU, y, a, sm, si);
                        long t1 = System.nanoTime();
                        be.batchNormBackward(x, Activation.RELU, y, a, da, g, sm, si, dx, dg, db);
                        long t2 = System.nanoTime();
                        tf += t1 - t0; tb += t2 - t1;
                    }
                    System.out.printf("%d threads %dx%d: fwd %.1f us, bwd %.1f us, %d B/iter%n", threads, n, m, tf / 1e3 / reps, tb / 1e3 / reps, (mx.getCurrentThreadAllocatedBytes() - al0) / reps);
                }
            }
        }
    }
}
