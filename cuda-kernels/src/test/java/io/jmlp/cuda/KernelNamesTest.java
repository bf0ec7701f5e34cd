package io.jmlp.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every kernel Java launches exists in the modules the build produced, with {@code extern "C"}
 * names, and the one-block kernels were compiled for exactly the block size Java launches them with.
 * Skipped, with the reason, when this build has no kernels (no nvcc).
 */
class KernelNamesTest {
    private Map<String, PtxSignatures.Signature> entries;

    @BeforeEach
    void needsBuiltKernels() {
        Assumptions.assumeTrue(
                PtxSignatures.built(),
                "kernels not built (no nvcc/gcc at build time): "
                        + KernelImages.bundled().missing());
        entries = PtxSignatures.bundled();
    }

    @Test
    void everyKernelJavaNamesIsAnEntryOfItsModule() {
        KernelImages images = KernelImages.bundled();
        for (Map.Entry<String, List<String>> module : KernelImages.KERNELS.entrySet()) {
            String ptx = images.ptx(module.getKey());
            assertNotNull(ptx, module.getKey() + ".ptx missing");
            Set<String> inModule = PtxSignatures.parse(ptx).keySet();
            for (String kernel : module.getValue()) {
                assertTrue(
                        inModule.contains(kernel),
                        kernel + " is not an .entry of " + module.getKey() + ".ptx, which has " + inModule);
            }
            assertTrue(images.fatbin(module.getKey()).length > 0, module.getKey() + ".fatbin is empty");
        }
    }

    @Test
    void noModuleHasKernelsJavaNeverLaunches() {
        Set<String> named = new TreeSet<>();
        KernelImages.KERNELS.values().forEach(named::addAll);
        assertEquals(named, new TreeSet<>(entries.keySet()), "kernels in the PTX vs kernels Java launches");
    }

    @Test
    void oneBlockKernelsAreBuiltForTheBlockSizeJavaLaunches() {
        for (String kernel : KernelImages.ONE_BLOCK) {
            String directives = entries.get(kernel).directives();
            assertTrue(
                    directives.contains(".maxntid " + LaunchGeometry.REDUCE_THREADS + ", 1, 1"),
                    kernel + " must have __launch_bounds__(REDUCE_THREADS) = " + LaunchGeometry.REDUCE_THREADS
                            + ", has: " + directives);
        }
    }

    @Test
    void ptxTargetsTheBaselineArchitecture() {
        String ptx = KernelImages.bundled().ptx("bias");
        assertTrue(
                ptx.contains(".target sm_75"),
                "compute_75 PTX expected:\n" + ptx.lines().limit(12).toList());
    }
}
