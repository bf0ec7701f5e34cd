package io.jmlp.cpu;

import io.jmlp.backend.UpdateRule;

/** Experiment: the seed network's momentum update (282k parameters) hot in cache and after 64 MB of other traffic. MomentumTime THREADS. */
public class MomentumTime {
    public static void main(String[] args) {
        int threads = Integer.parseInt(args[0]);
        int n = 784 * 300 + 300 + 300 * 150 + 150 + 150 * 10 + 10 + 2 * (300 + 150);
        float[] w = new float[n], g = new float[n], v = new float[n];
        float[] trash = new float[16 << 20];
        UpdateRule rule = UpdateRule.sgd(0.9f, 0f);
        try (WorkerTeam team = new WorkerTeam(threads)) {
            OptimizerStep step = new OptimizerStep(team, VectorSupport.rowKernels());
            for (int round = 0; round < 5; round++) {
                long t0 = System.nanoTime();
                int calls = 2000;
                for (int i = 0; i < calls; i++) {
                    step.apply(rule, 0.01f, 1f, 1f, 1f, w, 0, g, 0, v, 0, null, 0, n, 784 * 300);
                }
                long hot = (System.nanoTime() - t0) / calls;
                long cold = 0;
                for (int i = 0; i < 100; i++) {
                    for (int j = 0; j < trash.length; j += 16) trash[j] += 1f;
                    long t1 = System.nanoTime();
                    step.apply(rule, 0.01f, 1f, 1f, 1f, w, 0, g, 0, v, 0, null, 0, n, 784 * 300);
                    cold += System.nanoTime() - t1;
                }
                System.out.printf("%d threads, %d parameters: hot %.1f us, after 64 MB of other traffic %.1f us%n", threads, n, hot / 1e3, cold / 100 / 1e3);
            }
        }
    }
}
