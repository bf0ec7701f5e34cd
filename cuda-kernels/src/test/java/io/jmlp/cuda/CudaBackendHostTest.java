package io.jmlp.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jmlp.backend.Activation;
import io.jmlp.backend.Scope;
import io.jmlp.backend.Tensor;
import io.jmlp.backend.UpdateRule;
import io.jmlp.cpu.ReferenceBackend;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * The CUDA backend's host side, on a {@link RecordingQueue} instead of a GPU: every op validates its
 * arguments before queueing anything, every launch passes exactly the parameters its kernel declares
 * in the built PTX and covers all its items, views reach kernels and cuBLAS at their offsets, and
 * closing frees every allocation.
 */
class CudaBackendHostTest {
    private RecordingQueue queue;
    private CudaBackend b;
    private Scope s;

    @BeforeEach
    void open() {
        queue = new RecordingQueue();
        b = new CudaBackend(queue);
        s = new Scope(b);
    }

    @AfterEach
    void close() {
        s.close();
        b.close();
    }

    /** One call of every op, on small odd shapes, with every activation, update rule and PReLU form. */
    private void callEveryOp() {
        int n = 7;
        int m = 5;
        Tensor x = s.zeros(n, m);
        Tensor y = s.zeros(n, m);
        Tensor z = s.zeros(n, m);
        Tensor w = s.zeros(n, m);
        Tensor row = s.zeros(1, m);
        Tensor row2 = s.zeros(1, m);
        Tensor row3 = s.zeros(1, m);
        Tensor row4 = s.zeros(1, m);
        Tensor row5 = s.zeros(1, m);
        Tensor row6 = s.zeros(1, m);
        Tensor one = s.zeros(1, 1);
        Tensor one2 = s.zeros(1, 1);
        Tensor labels = s.ints(n, 1);
        Tensor column = s.zeros(n, 1);
        Tensor column2 = s.zeros(n, 1);
        Tensor column3 = s.zeros(n, 1);
        Tensor indices = s.ints(20, 1);

        b.gemm(false, true, 1f, x, y, 0f, s.zeros(n, n));
        b.sumRows(x, 1f, row);
        for (Activation.Kind kind : Activation.Kind.values()) {
            Activation activation = new Activation(kind, 0.1f);
            b.biasActivationForward(z, row, activation, y);
            b.activationBackward(activation, z, y, x, w);
            b.batchNormForwardTraining(x, row, row2, 1e-5f, 0.1f, row3, row4, activation, z, y, row5, row6);
            b.batchNormForwardInference(x, row, row2, 1e-5f, row3, row4, activation, y);
            b.batchNormBackward(x, activation, z, y, w, row, row5, row6, w, row2, row3);
        }
        b.batchNormForwardTraining(x, row, row2, 1e-5f, 0.1f, row3, row4, Activation.IDENTITY, y, y, row5, row6);
        b.batchNormBackward(x, Activation.IDENTITY, null, null, y, row, row5, row6, w, row2, row3);
        b.biasActivationForward(z, null, Activation.IDENTITY, z);
        b.preluForward(x, row, y);
        b.preluBackward(x, row, y, w, row2);
        b.preluForward(x, one, y);
        b.preluBackward(x, one, y, w, one2);
        b.dropoutForward(x, 0.25f, 42L, 0x3000000000007L, y, w);
        Tensor clock = s.ints(1, 2);
        b.dropoutForward(x, 0.25f, 42L, 0x3000000000007L, clock, y, w);
        b.multiply(x, y, w);
        b.softmaxCrossEntropy(x, labels, y, one, null);
        b.softmaxCrossEntropy(x, labels, y, one, one2);
        b.sigmoidBinaryCrossEntropy(column, column2, column3, one);
        b.meanSquaredError(x, y, w, one);
        b.multiclassHinge(x, labels, 1f, y, one);
        b.softmax(x, y);
        b.argmaxRows(x, labels);
        b.countCorrect(x, labels, one);
        Tensor params = s.zeros(1, 30);
        Tensor grads = s.zeros(1, 30);
        Tensor s1 = s.zeros(1, 30);
        Tensor s2 = s.zeros(1, 30);
        Tensor rates = s.zeros(4, UpdateRule.RATE_COLUMNS);
        for (UpdateRule.Kind kind : UpdateRule.Kind.values()) {
            for (float clipNorm : new float[] {0f, 1f}) {
                UpdateRule rule = new UpdateRule(kind, 0.9f, 0.9f, 0.9f, 0.999f, 1e-8f, 1e-4f, 1e-5f, 1e-2f, clipNorm);
                b.optimizerUpdate(
                        rule,
                        rates,
                        clock,
                        clipNorm > 0 ? one2 : null,
                        params,
                        grads,
                        kind.stateBuffers() > 0 ? s1 : null,
                        kind.stateBuffers() > 1 ? s2 : null,
                        20);
            }
        }
        b.advanceClock(clock);
        b.clampColumnNorms(x, 3f);
        b.gatherRows(x, indices, 3, y);
        b.gatherRows(x, indices, clock, 2, y);
        b.fill(x, 0.5f);
        b.copy(x, y);
        b.scale(x, 2f);
        b.axpy(0.5f, x, y);
        b.sumOfSquares(x, one);
        b.countNonFinite(x, one);
    }

    @Test
    void everyLaunchMatchesItsKernelsParametersInThePtx() {
        Map<String, PtxSignatures.Signature> ptx = PtxSignatures.bundled();
        org.junit.jupiter.api.Assumptions.assumeFalse(ptx.isEmpty(), "kernels not built: no PTX to compare with");
        callEveryOp();
        for (KernelLaunch launch : queue.launches) {
            PtxSignatures.Signature signature = ptx.get(launch.kernel());
            assertTrue(signature != null, "no kernel " + launch.kernel() + " in the PTX");
            List<String> passed =
                    launch.args().stream().map(a -> a.kind().ptxType).toList();
            assertEquals(
                    signature.parameterTypes(), passed, launch.kernel() + ": PTX parameter types vs arguments passed");
        }
    }

    @Test
    void everyKernelIsLaunchedByAnOpAndWithTheRightShapeOfGrid() {
        callEveryOp();
        Set<String> launched = new TreeSet<>();
        for (KernelLaunch launch : queue.launches) {
            launched.add(launch.kernel());
            if (KernelImages.ONE_BLOCK.contains(launch.kernel())) {
                assertEquals(LaunchGeometry.oneBlock(), launch.geometry(), launch.kernel());
            } else {
                assertEquals(LaunchGeometry.THREADS, launch.geometry().threads(), launch.kernel());
            }
        }
        Set<String> named = new TreeSet<>();
        KernelImages.KERNELS.values().forEach(named::addAll);
        assertEquals(named, launched, "kernels listed vs kernels some op launches");
        assertEquals(1, queue.gemms.size());
    }

    @Test
    void perItemLaunchesCoverTheirItems() {
        Tensor x = s.zeros(300, 257);
        Tensor row = s.zeros(1, 257);
        b.biasActivationForward(x, row, Activation.RELU, s.zeros(300, 257));
        b.sumRows(x, 0f, row);
        KernelLaunch elementwise = queue.launches.get(0);
        assertEquals(
                300 * 257, elementwise.args().get(elementwise.args().size() - 1).value(), "size argument");
        assertTrue(elementwise.geometry().totalThreads() >= 300 * 257);
        assertTrue(elementwise.geometry().totalThreads() < 300 * 257 + LaunchGeometry.THREADS);
        KernelLaunch columns = queue.launches.get(1);
        assertTrue(
                columns.geometry().totalThreads() >= 257 && columns.geometry().blocks() == 2, columns.toString());
    }

    @Test
    void everyOpRejectsBadArgumentsBeforeQueueingAnything() {
        Tensor a = s.zeros(3, 4);
        Tensor c = s.zeros(3, 3);
        Tensor row = s.zeros(1, 3);
        Tensor one = s.zeros(1, 1);
        Tensor ints = s.ints(3, 1);
        Tensor rates = s.zeros(2, UpdateRule.RATE_COLUMNS);
        Tensor clock = s.ints(1, 2);
        int before = queue.queued();
        try (ReferenceBackend other = new ReferenceBackend();
                Tensor elsewhere = Tensor.zeros(other, 4, 3)) {
            List<Executable> bad = new ArrayList<>(List.of(
                    () -> b.gemm(false, false, 1f, a, a, 0f, c),
                    () -> b.gemm(false, false, 1f, a, elsewhere, 0f, c),
                    () -> b.gemm(false, true, 1f, c, c, 0f, c),
                    () -> b.sumRows(a, 0f, row),
                    () -> b.biasActivationForward(a, row, Activation.RELU, a),
                    () -> b.biasActivationForward(a, null, Activation.TANH, a),
                    () -> b.activationBackward(Activation.RELU, a, a, a, c),
                    () -> b.preluForward(a, row, a),
                    () -> b.preluBackward(a, one, a, a, row),
                    () -> b.batchNormForwardTraining(
                            a, row, row, 1e-5f, 0.1f, row, row, Activation.IDENTITY, a, a, row, row),
                    () -> b.batchNormForwardTraining(
                            c, row, row, 1e-5f, 0.1f, row, row, Activation.RELU, c, c, row, row),
                    () -> b.batchNormForwardTraining(c, row, row, 1e-5f, 0.1f, row, row, null, c, c, row, row),
                    () -> b.batchNormForwardInference(a, row, row, 1e-5f, row, row, Activation.RELU, a),
                    () -> b.batchNormBackward(a, Activation.IDENTITY, null, null, a, row, row, row, a, row, row),
                    () -> b.batchNormBackward(c, Activation.TANH, null, c, c, row, row, row, c, row, row),
                    () -> b.batchNormBackward(c, Activation.TANH, c, a, c, row, row, row, c, row, row),
                    () -> b.dropoutForward(a, 1f, 1, 1, a, a),
                    () -> b.multiply(a, c, a),
                    () -> b.softmaxCrossEntropy(a, a, a, one, null),
                    () -> b.softmaxCrossEntropy(a, ints, c, one, null),
                    () -> b.softmaxCrossEntropy(a, ints, a, one, row),
                    () -> b.softmaxCrossEntropy(a, ints, a, one, one),
                    () -> b.sigmoidBinaryCrossEntropy(a, a, a, one),
                    () -> b.meanSquaredError(a, c, a, one),
                    () -> b.multiclassHinge(a, ints, 1f, a, row),
                    () -> b.softmax(a, c),
                    () -> b.argmaxRows(a, a),
                    () -> b.countCorrect(a, a, one),
                    () -> b.optimizerUpdate(UpdateRule.sgd(0.9f, 0f), rates, clock, null, a, a, null, null, 0),
                    () -> b.optimizerUpdate(UpdateRule.sgd(0f, 0f), rates, clock, null, a, c, null, null, 0),
                    () -> b.optimizerUpdate(UpdateRule.sgd(0f, 0f), a, clock, null, a, a, null, null, 0),
                    () -> b.optimizerUpdate(UpdateRule.sgd(0f, 0f), rates, ints, null, a, a, null, null, 0),
                    () -> b.optimizerUpdate(
                            UpdateRule.sgd(0f, 0f).withClipNorm(1f), rates, clock, null, a, a, null, null, 0),
                    () -> b.advanceClock(ints),
                    () -> b.gatherRows(a, ints, a, 1, a),
                    () -> b.clampColumnNorms(a, 0f),
                    () -> b.gatherRows(a, ints, 1, a),
                    () -> b.gatherRows(a, a, 0, a),
                    () -> b.fill(ints, 1f),
                    () -> b.copy(a, c),
                    () -> b.scale(ints, 2f),
                    () -> b.axpy(1f, a, c),
                    () -> b.sumOfSquares(a, row),
                    () -> b.countNonFinite(a, row),
                    () -> b.write(a, new float[5], 0),
                    () -> b.write(a, new int[12], 0),
                    () -> b.read(ints, new float[3], 0)));
            for (int i = 0; i < bad.size(); i++) {
                assertThrows(IllegalArgumentException.class, bad.get(i), "bad call #" + i);
            }
        }
        assertEquals(before, queue.queued(), "a rejected call queued work");
    }

    @Test
    void gemmSwapsOperandsAndPassesViewsAtTheirOffsets() {
        Tensor buffer = s.zeros(1, 100);
        Tensor a = buffer.view(3, 4, 6); // [4 × 6] at element 3
        Tensor bm = buffer.view(40, 6, 5); // [6 × 5] at element 40
        Tensor c = s.zeros(4, 5);
        b.gemm(false, false, 0.5f, a, bm, 2f, c);
        RecordingQueue.Gemm g = queue.gemms.get(0);
        assertEquals(CublasGemmMapping.rowMajor(false, false, 4, 5, 6, 6, 5), g.call());
        assertSame(((CudaBuffer) buffer.buffer()).memory(), g.first());
        assertEquals(40L * 4, g.firstOffset(), "cuBLAS's first operand is our B, at its byte offset");
        assertEquals(3L * 4, g.secondOffset(), "cuBLAS's second operand is our A, at its byte offset");
        assertEquals(0.5f, g.alpha());
        assertEquals(2f, g.beta());
    }

    @Test
    void emptyWorkQueuesNothingAndAnEmptyProductZeroesC() {
        Tensor empty = s.zeros(0, 5);
        Tensor emptyOut = s.zeros(0, 5);
        Tensor row = s.zeros(1, 5);
        Tensor c = s.zeros(3, 2);
        Tensor a = s.zeros(3, 0);
        Tensor bm = s.zeros(0, 2);
        int before = queue.queued();
        b.biasActivationForward(empty, row, Activation.RELU, emptyOut);
        b.fill(empty, 1f);
        b.copy(empty, emptyOut);
        b.softmax(empty, emptyOut);
        assertEquals(before, queue.queued(), "work on no elements queued something");
        int otherBefore = queue.other.size();
        b.gemm(false, false, 1f, a, bm, 0f, c);
        assertTrue(queue.gemms.isEmpty(), "k = 0 never reaches cuBLAS");
        assertEquals(
                List.of("fill32 0.0"),
                queue.other.subList(otherBefore, queue.other.size()),
                "C = 0·C with beta = 0 is a fill");
    }

    @Test
    void closingFreesEveryAllocationAndTheQueue() {
        Tensor forgotten = Tensor.zeros(b, 10, 10);
        Tensor.zeros(b, 0, 3).close();
        assertEquals(1, b.liveBuffers());
        b.close();
        assertEquals(0, b.liveBuffers());
        assertTrue(forgotten.buffer().isClosed());
        assertTrue(
                queue.allocated.isEmpty(),
                "allocations left: " + queue.allocated.size() + " (the status buffer included)");
        assertTrue(queue.closed);
        assertThrows(IllegalStateException.class, () -> Tensor.zeros(b, 1, 1));
        forgotten.close(); // a second close is harmless
        b.close();
    }
}
