package io.jmlp.cpu;

import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.function.Supplier;

/** Bytes a call of each narrow product, per kernel, kernels in the order given (after 20,000 warm-up calls each). */
public class AllocCheck2 {
    static Supplier<MicroKernel> kernel(String id) {
        return Arrays.stream(KernelChoice.Variant.values()).filter(v -> v.id.equals(id)).findFirst()
                .map(v -> KernelChoice.of(v).wide())
                .orElse(() -> VectorSupport.narrowKernel(id));
    }

    public static void main(String[] args) {
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        int[][] shapes = {{150, 10, 100, 1, 0}, {100, 10, 150, 0, 0}, {300, 10, 100, 1, 0}, {150, 8, 100, 1, 0}, {103, 10, 150, 0, 0}};
        for (String id : args[0].split(",")) {
            try (WorkerTeam team = new WorkerTeam(1)) {
                Gemm g = new Gemm(team, kernel(id));
                for (int[] s : shapes) {
                    int m = s[0], n = s[1], k = s[2];
                    boolean ta = s[3] == 1, tb = s[4] == 1;
                    float[] a = new float[m * k], b = new float[k * n], c = new float[m * n];
                    int lda = ta ? m : k, ldb = tb ? k : n;
                    for (int i = 0; i < 20000; i++) g.multiply(ta, tb, m, n, k, 1f, a, 0, lda, b, 0, ldb, 0f, c, 0, n);
                    long before = mx.getCurrentThreadAllocatedBytes();
                    for (int i = 0; i < 1000; i++) g.multiply(ta, tb, m, n, k, 1f, a, 0, lda, b, 0, ldb, 0f, c, 0, n);
                    long per = (mx.getCurrentThreadAllocatedBytes() - before) / 1000;
                    System.out.println(id + " " + m + "x" + n + "x" + k + (ta ? "t" : "n") + ": " + per + " bytes per call");
                }
            }
        }
    }
}
