package io.jmlp.cpu;

/** MomLoop: times the momentum sweep over n floats on 1 and 2 threads (OptimizerStep via the team). */
public class MomLoop {
    public static void main(String[] args) {
        int n = Integer.parseInt(args[0]);
        float[] w = new float[n], g = new float[n], v = new float[n];
        RowKernels rows = new VectorRowKernels();
        for (int threads : new int[] {1, 2, 1, 2}) {
            try (WorkerTeam team = new WorkerTeam(threads)) {
                OptimizerStep step = new OptimizerStep(team, rows);
                io.jmlp.backend.UpdateRule rule = io.jmlp.backend.UpdateRule.sgd(0.9f, 0f);
                for (int round = 0; round < 3; round++) {
                    int reps = 5000;
                    long t0 = System.nanoTime();
                    for (int i = 0; i < reps; i++) {
                        step.apply(rule, 0.01f, 1f, 1f, 1f, w, 0, g, 0, v, 0, null, 0, n, n);
                    }
                    double us = (System.nanoTime() - t0) / 1e3 / reps;
                    System.out.printf("%d threads, %d params: %.1f us (%.2f GB/s moved)%n", threads, n, us, 20.0 * n / us / 1e3);
                }
            }
        }
    }
}
