package io.jmlp.tests.parity;

import io.jmlp.cpu.CpuBackend;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The cpu backend with each of its GEMM kernel variants forced ({@code -Djmlp.cpu.kernel}), not
 * only the one this machine picks: the suite's GEMM cases and the 50-step training parity against
 * the reference, reported as {@code cpu[variant]}. A variant this machine cannot run natively (the
 * 512-bit kernel without AVX-512) is skipped with the reason.
 */
@Tag("slow") // full tier only (every GEMM kernel variant over the parity shapes): ./scripts/test --fast leaves it out
class CpuKernelParityTest {

    static Stream<String> kernels() {
        return CpuBackend.gemmKernels().stream();
    }

    @BeforeAll
    static void referenceRuns() throws Exception {
        TrainingParityTest.referenceRuns();
    }

    @AfterAll
    static void report() {
        ParityReport.write();
    }

    @ParameterizedTest(name = "cpu[{0}]")
    @MethodSource("kernels")
    void gemmMatchesTheReference(String kernel) {
        try (ParityCheck check = new ParityCheck("cpu[" + kernel + "]", open(kernel))) {
            LinearAlgebraParityTest.gemmCases(check);
        }
    }

    @ParameterizedTest(name = "cpu[{0}]")
    @MethodSource("kernels")
    void fiftyTrainingStepsMatchTheReference(String kernel) {
        TrainingParityTest.fiftyStepsAgree("cpu[" + kernel + "]", open(kernel));
    }

    private static CpuBackend open(String kernel) {
        Optional<String> whyNot = CpuBackend.whyGemmKernelCannotRun(kernel);
        Assumptions.assumeTrue(whyNot.isEmpty(), () -> "GEMM kernel " + kernel + " skipped: " + whyNot.orElse(""));
        return CpuBackend.withGemmKernel(2, kernel);
    }
}
