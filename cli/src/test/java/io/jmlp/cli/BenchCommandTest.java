package io.jmlp.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What {@code jmlp bench} says about the heap a training step allocates. */
class BenchCommandTest {

    @Test
    void aStepAtOrUnderTheTargetNeedsNoWarning() {
        assertEquals(Optional.empty(), BenchCommand.allocationWarning("cpu", List.of(), 80));
        assertEquals(Optional.empty(), BenchCommand.allocationWarning("cpu", List.of(5e6, 1024.0), 80));
    }

    @Test
    void aFigureStillFallingFastIsTheJitsWarmUp() {
        String w = BenchCommand.allocationWarning("cpu", List.of(1.2e7, 4.7e6, 1.8e6), 16)
                .orElseThrow();
        assertTrue(w.contains("had not finished compiling") && w.contains("--epochs"), w);
    }

    @Test
    void aSteadyFigureNamesWhatAllocatesOnEachBackend() {
        String cpu = BenchCommand.allocationWarning("cpu", List.of(19_300.0, 19_250.0), 600)
                .orElseThrow();
        assertTrue(cpu.contains("without the JIT's intrinsics") && !cpu.contains("may still be compiling"), cpu);
        String opencl = BenchCommand.allocationWarning("opencl", List.of(21_700.0, 19_600.0, 19_600.0), 600)
                .orElseThrow();
        assertTrue(opencl.contains("opencl backend's host code"), opencl);
        String single =
                BenchCommand.allocationWarning("cpu", List.of(19_300.0), 600).orElseThrow();
        assertTrue(single.contains("without the JIT's intrinsics"), single);
    }

    @Test
    void aSteadyFigureAfterFewStepsMayStillBeTheWarmUp() {
        String w = BenchCommand.allocationWarning("cpu", List.of(935.0, 935.0, 1237.0), 16)
                .orElseThrow();
        assertTrue(w.contains("after only 64 steps") && w.contains("without the JIT's intrinsics"), w);
    }
}
