package io.jmlp.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.jmlp.backend.Backend;
import io.jmlp.backend.Scope;
import io.jmlp.backend.Tensor;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Inputs only the data can reveal as bad (a class label or a row index out of range) fail on every
 * backend, no later than the next point where the host waits: the reference throws from the op,
 * a device backend from the next read or synchronize. Afterwards the backend works normally.
 */
class DeviceBadInputTest {

    @ParameterizedTest
    @MethodSource("io.jmlp.tests.TestBackends#namesWithReference")
    void labelOutOfRangeFailsByTheNextSynchronize(String backendName) {
        try (Backend b = TestBackends.open(backendName);
                Scope s = new Scope(b)) {
            Tensor logits = s.upload(3, 4, new float[12]);
            Tensor d = s.zeros(3, 4);
            Tensor loss = s.zeros(1, 1);
            Tensor bad = s.uploadInts(3, 1, new int[] {0, 4, 1});
            assertThrows(IllegalArgumentException.class, () -> {
                b.softmaxCrossEntropy(logits, bad, d, loss, null);
                b.synchronize();
            });
            Tensor correct = s.zeros(1, 1);
            assertThrows(
                    IllegalArgumentException.class,
                    () -> {
                        b.softmaxCrossEntropy(logits, bad, d, loss, correct);
                        b.synchronize();
                    },
                    "counting rows right does not hide a bad label");
            assertThrows(IllegalArgumentException.class, () -> {
                b.multiclassHinge(logits, bad, 1f, d, loss);
                b.synchronize();
            });
            stillWorks(b, s);
        }
    }

    @ParameterizedTest
    @MethodSource("io.jmlp.tests.TestBackends#namesWithReference")
    void rowIndexOutOfRangeFailsByTheNextRead(String backendName) {
        try (Backend b = TestBackends.open(backendName);
                Scope s = new Scope(b)) {
            Tensor src = s.upload(4, 2, new float[] {0, 1, 2, 3, 4, 5, 6, 7});
            Tensor dst = s.zeros(2, 2);
            Tensor indices = s.uploadInts(3, 1, new int[] {1, 7, -1});
            assertThrows(IndexOutOfBoundsException.class, () -> {
                b.gatherRows(src, indices, 1, dst);
                dst.toHost();
            });
            stillWorks(b, s);
        }
    }

    @ParameterizedTest
    @MethodSource("io.jmlp.tests.TestBackends#namesWithReference")
    void aStepClockOutsideWhatItIndexesFailsByTheNextRead(String backendName) {
        try (Backend b = TestBackends.open(backendName);
                Scope s = new Scope(b)) {
            Tensor src = s.upload(4, 2, new float[] {0, 1, 2, 3, 4, 5, 6, 7});
            Tensor dst = s.zeros(2, 2);
            Tensor indices = s.uploadInts(5, 1, new int[] {0, 1, 2, 3, 0});
            Tensor clock = s.uploadInts(1, 2, new int[] {2, 7});
            // Step 2 of 2 rows a step starts at position 4: the batch would need indices 4 and 5 of 5.
            IndexOutOfBoundsException gather = assertThrows(IndexOutOfBoundsException.class, () -> {
                b.gatherRows(src, indices, clock, 2, dst);
                dst.toHost();
            });
            org.junit.jupiter.api.Assertions.assertTrue(gather.getMessage().contains("step"), gather.getMessage());
            Tensor params = s.upload(1, 3, new float[] {1, 2, 3});
            Tensor rates = s.upload(2, io.jmlp.backend.UpdateRule.RATE_COLUMNS, new float[] {0.1f, 1, 1, 0.1f, 1, 1});
            IndexOutOfBoundsException update = assertThrows(IndexOutOfBoundsException.class, () -> {
                b.optimizerUpdate(
                        io.jmlp.backend.UpdateRule.sgd(0f, 0f),
                        rates,
                        clock,
                        null,
                        params,
                        s.zeros(1, 3),
                        null,
                        null,
                        0);
                params.toHost();
            });
            org.junit.jupiter.api.Assertions.assertTrue(
                    update.getMessage().contains("rate row 2"), update.getMessage());
            assertArrayEquals(
                    new float[] {1, 2, 3}, params.toHost(), "no update is applied from a row that does not exist");
            stillWorks(b, s);
        }
    }

    private static void stillWorks(Backend b, Scope s) {
        Tensor src = s.upload(3, 2, new float[] {0, 1, 2, 3, 4, 5});
        Tensor dst = s.zeros(2, 2);
        b.gatherRows(src, s.uploadInts(2, 1, new int[] {2, 0}), 0, dst);
        b.synchronize();
        assertArrayEquals(new float[] {4, 5, 0, 1}, dst.toHost());
    }
}
