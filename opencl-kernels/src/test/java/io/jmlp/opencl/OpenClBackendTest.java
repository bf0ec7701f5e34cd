package io.jmlp.opencl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jmlp.backend.Tensor;
import io.jmlp.testing.RequiredBackends;
import java.util.List;
import org.jocl.CL;
import org.jocl.cl_context;
import org.jocl.cl_context_properties;
import org.jocl.cl_device_id;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What only the OpenCL backend has: kernel builds, device listing, freeing at close. Skipped without
 * OpenCL, unless {@code -Djmlp.require} names opencl (CI), where that fails instead.
 */
class OpenClBackendTest {
    private List<OpenClDevice> devices;

    @BeforeEach
    void needsOpenCl() {
        RequiredBackends.usableOrSkip("opencl", new OpenClProvider().availability());
        devices = OpenClDevice.all();
    }

    @Test
    void aKernelBuildFailureThrowsWithTheBuildLog() {
        OpenClDevice device = devices.get(0);
        cl_context_properties properties = new cl_context_properties();
        properties.addProperty(CL.CL_CONTEXT_PLATFORM, device.platform());
        cl_context context = CL.clCreateContext(properties, 1, new cl_device_id[] {device.device()}, null, null, null);
        try {
            IllegalStateException e = assertThrows(
                    IllegalStateException.class,
                    () -> new KernelPrograms(
                            context, device, new String[][] {{"reduction.cl"}, {"broken_for_test.cl"}}, List.of()));
            assertTrue(e.getMessage().contains("broken_for_test.cl"), e.getMessage());
            assertTrue(e.getMessage().contains("build log"), e.getMessage());
            assertTrue(
                    e.getMessage().contains("undeclared_value_in_broken_kernel"),
                    "the driver's log names the error: " + e.getMessage());
        } finally {
            CL.clReleaseContext(context);
        }
    }

    @Test
    void devicesAreListedGpusFirstWithWhatJmlpDevicesShows() {
        for (int i = 0; i < devices.size(); i++) {
            OpenClDevice d = devices.get(i);
            assertEquals(i, d.index());
            if (i > 0) {
                assertFalse(d.gpu() && !devices.get(i - 1).gpu(), "a GPU listed after a non-GPU: " + devices);
            }
            String details = d.info().details();
            for (String part : new String[] {d.vendor(), d.version(), "GiB", "compute units", "fp64"}) {
                assertTrue(details.contains(part), details + " lacks " + part);
            }
        }
    }

    @Test
    void closingFreesBuffersStillOpen() {
        OpenClBackend backend = (OpenClBackend) new OpenClProvider().create(0);
        Tensor forgotten = Tensor.zeros(backend, 10, 10);
        assertEquals(1, backend.liveBuffers());
        backend.close();
        assertEquals(0, backend.liveBuffers());
        assertTrue(forgotten.buffer().isClosed());
        forgotten.close(); // a second close is harmless
        backend.close();
    }
}
