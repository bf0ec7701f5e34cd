package io.jmlp.opencl;

import io.jmlp.backend.Availability;
import io.jmlp.backend.Backend;
import io.jmlp.backend.BackendProvider;
import io.jmlp.backend.BackendUnavailableException;
import io.jmlp.backend.DeviceInfo;
import java.util.List;

/** The opencl provider. The backend itself is not implemented yet; until it is, this provider says so. */
public final class OpenClProvider implements BackendProvider {
    static final String REASON = "not built yet: the OpenCL backend (JOCL, CLBlast GEMM, our .cl kernels) is tracked in its own issue";

    @Override
    public String name() {
        return "opencl";
    }

    @Override
    public int rank() {
        return 200;
    }

    @Override
    public Availability availability() {
        return Availability.unavailable(REASON);
    }

    @Override
    public List<DeviceInfo> devices() {
        return List.of();
    }

    @Override
    public Backend create(int deviceIndex) {
        throw new BackendUnavailableException("opencl backend unavailable: " + REASON);
    }
}
