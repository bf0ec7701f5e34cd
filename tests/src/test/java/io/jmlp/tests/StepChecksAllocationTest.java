package io.jmlp.tests;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jmlp.backend.Activation;
import io.jmlp.backend.Backend;
import io.jmlp.backend.DType;
import io.jmlp.backend.OpContracts;
import io.jmlp.backend.Tensor;
import io.jmlp.cpu.ReferenceBackend;
import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The argument checks of a training step's ops allocate nothing when the arguments are right: a
 * message string is built only when a check fails. A training step runs about a dozen checks, and
 * before this test the batch-norm and step-clock checks concatenated labels like {@code op + " (a)"}
 * on every call, which alone made the step allocate ~1 KB (issue 19's target is ≤ 1 KB a step).
 * Counted with HotSpot's per-thread allocation counter, which does not depend on the JIT: the
 * checks allocate nothing even interpreted.
 */
class StepChecksAllocationTest {
    private static final int CALLS = 20_000;

    @Test
    void theChecksOfATrainingStepAllocateNothing() {
        Assumptions.assumeTrue(
                ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean mx
                        && mx.isThreadAllocatedMemoryEnabled(),
                "this JVM does not count allocated bytes per thread");
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        try (Backend b = new ReferenceBackend()) {
            int n = 8;
            int m = 4;
            Tensor x = Tensor.zeros(b, n, m);
            Tensor y = Tensor.zeros(b, n, m);
            Tensor a = Tensor.zeros(b, n, m);
            Tensor da = Tensor.zeros(b, n, m);
            Tensor dx = Tensor.zeros(b, n, m);
            Tensor w = Tensor.zeros(b, m, m);
            Tensor[] vectors = new Tensor[7];
            for (int i = 0; i < vectors.length; i++) {
                vectors[i] = Tensor.zeros(b, 1, m);
            }
            Tensor clock = Tensor.allocate(b, DType.INT32, 1, 2);
            Tensor order = Tensor.allocate(b, DType.INT32, 4 * n, 1);
            Tensor source = Tensor.zeros(b, 4 * n, m);

            Runnable step = () -> {
                OpContracts.gatherRows(b, source, order, clock, n, x);
                OpContracts.gemm(b, false, false, x, w, y);
                OpContracts.batchNormTraining(
                        b,
                        x,
                        vectors[0],
                        vectors[1],
                        vectors[2],
                        vectors[3],
                        Activation.RELU,
                        y,
                        a,
                        vectors[4],
                        vectors[5]);
                OpContracts.batchNormBackward(
                        b,
                        x,
                        Activation.RELU,
                        y,
                        a,
                        da,
                        vectors[0],
                        vectors[4],
                        vectors[5],
                        dx,
                        vectors[6],
                        vectors[1]);
                OpContracts.biasActivationForward(b, y, vectors[0], Activation.RELU, a);
                OpContracts.activationBackward(b, y, a, da, dx);
                OpContracts.elementwise(b, "axpy", x, y);
                OpContracts.advanceClock(b, clock);
            };
            for (int i = 0; i < 1000; i++) { // class loading, the lambda's linkage
                step.run();
            }
            long thread = Thread.currentThread().getId();
            long before = mx.getThreadAllocatedBytes(thread);
            for (int i = 0; i < CALLS; i++) {
                step.run();
            }
            long bytes = mx.getThreadAllocatedBytes(thread) - before;
            // Before the fix: ~520 bytes a step (seven labels concatenated); a few bytes in all is
            // noise from the counter's own bookkeeping.
            assertTrue(
                    bytes < CALLS,
                    "the checks of one training step allocated " + (double) bytes / CALLS + " bytes per call");
        }
    }
}
