package io.jmlp.cpu;

import io.jmlp.backend.Availability;
import io.jmlp.backend.Backend;
import io.jmlp.backend.BackendProvider;
import io.jmlp.backend.BackendUnavailableException;
import io.jmlp.backend.DeviceInfo;
import java.util.List;

/** Provides {@link ReferenceBackend}: always available, lowest rank, the oracle rather than a choice for speed. */
public final class ReferenceProvider implements BackendProvider {

    @Override
    public String name() {
        return "reference";
    }

    @Override
    public int rank() {
        return 0;
    }

    @Override
    public Availability availability() {
        return Availability.available("always available: naive single-threaded loops with double accumulation, "
                + "the oracle the parity suite compares against (slow; use cpu for training)");
    }

    @Override
    public List<DeviceInfo> devices() {
        return List.of(new DeviceInfo(0, "JVM", "naive loops, one thread, double accumulation"));
    }

    @Override
    public Backend create(int deviceIndex) {
        if (deviceIndex != 0) {
            throw new BackendUnavailableException("the reference backend has one device (0), not " + deviceIndex);
        }
        return new ReferenceBackend();
    }
}
