package io.jmlp.cpu;

import io.jmlp.backend.Availability;
import io.jmlp.backend.Backend;
import io.jmlp.backend.BackendProvider;
import io.jmlp.backend.BackendUnavailableException;
import io.jmlp.backend.DeviceInfo;
import java.util.List;

/**
 * Provides the {@code cpu} backend, the final fallback of {@code auto}. Until the fast
 * {@code CpuBackend} lands (issue: "CpuBackend: a pure-Java CPU backend…"), {@code cpu} runs the
 * reference loops under the name "cpu", and says so.
 */
public final class CpuProvider implements BackendProvider {

    @Override
    public String name() {
        return "cpu";
    }

    @Override
    public int rank() {
        return 100;
    }

    @Override
    public Availability availability() {
        return Availability.available("pure Java, always available (for now the reference loops: the fast CpuBackend is not built yet)");
    }

    @Override
    public List<DeviceInfo> devices() {
        return List.of(new DeviceInfo(0, "JVM", Runtime.getRuntime().availableProcessors() + " cores"));
    }

    @Override
    public Backend create(int deviceIndex) {
        if (deviceIndex != 0) {
            throw new BackendUnavailableException("the cpu backend has one device (0), not " + deviceIndex);
        }
        return new ReferenceBackend("cpu", ReferenceBackend.Precision.FLOAT32);
    }
}
