package io.jmlp.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** What {@code jmlp bench} says about the heap a training step allocates, and what its JSON holds for bench-compare. */
class BenchCommandTest {

    @Test
    @Tag("slow") // times every GEMM shape (about 15 s): full tier only
    void theCpuBackendsGemmFiguresComeWithItsKernelAlone() {
        TrainCommandTest.Result r = TrainCommandTest.jmlp(
                "bench", "--backend", "cpu", "--no-train", "--json", "--rounds", "1", "--min-time", "0.05");
        assertEquals(0, r.code(), r.err());
        JsonObject kernel = JsonParser.parseString(r.out()).getAsJsonObject().getAsJsonObject("cpuKernelInL1");
        double gflops = kernel.get("gflops").getAsDouble();
        assertTrue(gflops > 0 && Double.isFinite(gflops), r.out());
        assertTrue(kernel.get("what").getAsString().contains("panels in L1"), r.out());
        assertTrue(r.err().contains("gemm kernel alone"), r.err());
    }

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
