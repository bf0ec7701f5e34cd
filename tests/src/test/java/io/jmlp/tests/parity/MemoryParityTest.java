package io.jmlp.tests.parity;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jmlp.backend.Backend;
import io.jmlp.backend.DType;
import io.jmlp.backend.Tensor;
import io.jmlp.cpu.ReferenceBackend;
import io.jmlp.tests.TestBackends;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Uploads, downloads, views, moves between backends, and the data movement ops. How each op rejects
 * bad arguments is {@code io.jmlp.tests.contract.OpMisuseTest}'s.
 */
class MemoryParityTest {

    @AfterAll
    static void report() {
        ParityReport.write();
    }

    @ParameterizedTest
    @MethodSource("io.jmlp.tests.TestBackends#names")
    void uploadsDownloadsViewsAndMoves(String backendName) {
        try (Backend backend = TestBackends.open(backendName);
                ReferenceBackend reference = new ReferenceBackend()) {
            float[] values = Inputs.uniform(1, 60, -5, 5);
            int[] ints = Inputs.ints(2, 60, 1_000_000);
            try (Tensor f = Tensor.of(backend, 6, 10, values);
                    Tensor i = Tensor.ofInts(backend, 6, 10, ints)) {
                assertArrayEquals(values, f.toHost());
                assertArrayEquals(ints, i.toHostInts());
                float[] middle = new float[20];
                System.arraycopy(values, 20, middle, 0, 20);
                assertArrayEquals(middle, f.rows(2, 2).toHost(), "row view");
                assertArrayEquals(
                        new float[] {values[33], values[34], values[35]},
                        f.view(33, 1, 3).toHost(),
                        "element view");
                backend.write(f.view(5, 1, 2), new float[] {7f, 8f, 9f}, 1);
                assertEquals(8f, f.toHost()[5]);
                assertEquals(9f, f.toHost()[6]);
                assertEquals(values[7], f.toHost()[7], "write stays inside its view");
                try (Tensor onReference = f.to(reference);
                        Tensor back = onReference.to(backend);
                        Tensor same = f.to(backend)) {
                    assertArrayEquals(f.toHost(), onReference.toHost());
                    assertArrayEquals(f.toHost(), back.toHost());
                    assertArrayEquals(f.toHost(), same.toHost());
                    assertEquals(DType.FLOAT32, back.dtype());
                }
                try (Tensor intsBack = i.to(reference).to(backend)) {
                    assertArrayEquals(ints, intsBack.toHostInts());
                }
            }
            try (Tensor zeros = Tensor.zeros(backend, 3, 3)) {
                assertArrayEquals(new float[9], zeros.toHost(), "allocations are zero-filled");
            }
            assertEquals(0, backend.liveBuffers());
        }
    }

    @ParameterizedTest
    @MethodSource("io.jmlp.tests.TestBackends#names")
    void dataMovementAndElementwise(String backendName) {
        try (ParityCheck check = new ParityCheck(backendName)) {
            float[] src = Inputs.uniform(10, 50 * 7, -3, 3);
            int[] labels = Inputs.ints(11, 50, 1000);
            int[] idx = Inputs.ints(12, 90, 50);
            for (int first : new int[] {0, 13}) {
                check.compare("gatherRows", "float, first " + first, (b, s, out) -> {
                    Tensor dst = s.zeros(64, 7);
                    b.gatherRows(s.upload(50, 7, src), s.uploadInts(90, 1, idx), first, dst);
                    out.add("dst", dst, Tolerances.EXACT);
                });
                check.compare("gatherRows", "int, first " + first, (b, s, out) -> {
                    Tensor dst = s.ints(64, 1);
                    b.gatherRows(s.uploadInts(50, 1, labels), s.uploadInts(90, 1, idx), first, dst);
                    out.add("dst", dst, Tolerances.EXACT);
                });
            }
            // The step-clock form: step 2 of 13 rows a step starts at position 26; a short last batch too.
            for (int[] stepRows : new int[][] {{2, 13, 64}, {3, 20, 20}}) {
                check.compare(
                        "gatherRows (clock)",
                        "float, step " + stepRows[0] + " of " + stepRows[1] + " rows",
                        (b, s, out) -> {
                            Tensor dst = s.zeros(stepRows[2], 7);
                            Tensor clock = s.uploadInts(1, 2, new int[] {stepRows[0], 1000});
                            b.gatherRows(s.upload(50, 7, src), s.uploadInts(90, 1, idx), clock, stepRows[1], dst);
                            out.add("dst", dst, Tolerances.EXACT);
                        });
            }
            check.compare("advanceClock", "twice", (b, s, out) -> {
                Tensor clock = s.uploadInts(1, 2, new int[] {4, 100});
                b.advanceClock(clock);
                b.advanceClock(clock);
                out.add("clock", clock, Tolerances.EXACT);
            });
            int seed = 20;
            for (int[] shape : Inputs.SHAPES) {
                int r = shape[0];
                int c = shape[1];
                float[] x = Inputs.uniform(seed++, r * c, -2, 2);
                float[] y = Inputs.uniform(seed++, r * c, -2, 2);
                String name = r + "×" + c;
                check.compare("fill", name, (b, s, out) -> {
                    Tensor t = s.upload(r, c, x);
                    b.fill(t.rows(0, Math.max(1, r / 2)), -0.375f);
                    out.add("x", t, Tolerances.EXACT);
                });
                check.compare("copy", name, (b, s, out) -> {
                    Tensor t = s.zeros(r, c);
                    b.copy(s.upload(r, c, x), t);
                    out.add("dst", t, Tolerances.EXACT);
                });
                check.compare("scale", name, (b, s, out) -> {
                    Tensor t = s.upload(r, c, x);
                    b.scale(t, -0.3f);
                    out.add("x", t, Tolerances.EXACT);
                });
                check.compare("axpy", name, (b, s, out) -> {
                    Tensor t = s.upload(r, c, y);
                    b.axpy(0.7f, s.upload(r, c, x), t);
                    out.add("y", t, Tolerances.ONE_OR_TWO_ROUNDINGS);
                });
                check.compare("multiply", name, (b, s, out) -> {
                    Tensor t = s.zeros(r, c);
                    b.multiply(s.upload(r, c, x), s.upload(r, c, y), t);
                    out.add("out", t, Tolerances.EXACT);
                });
                float[] withBad = x.clone();
                withBad[0] = Float.NaN;
                withBad[withBad.length - 1] = Float.NEGATIVE_INFINITY;
                withBad[withBad.length / 2] = Float.POSITIVE_INFINITY;
                check.compare("countNonFinite", name, (b, s, out) -> {
                    Tensor count = s.upload(1, 1, new float[] {2f});
                    b.countNonFinite(s.upload(r, c, withBad), count);
                    b.countNonFinite(s.upload(r, c, y), count);
                    out.add("count", count, Tolerances.EXACT);
                });
            }
        }
    }
}
