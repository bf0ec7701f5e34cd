package io.jmlp.cuda;

import io.jmlp.backend.Availability;
import io.jmlp.backend.Backend;
import io.jmlp.backend.BackendProvider;
import io.jmlp.backend.BackendUnavailableException;
import io.jmlp.backend.DeviceInfo;
import java.util.List;

/** The cuda provider. The backend itself is not implemented yet; until it is, this provider says so. */
public final class CudaProvider implements BackendProvider {
    static final String REASON = "not built yet: the CUDA backend (JCuda driver API, cuBLAS, our .cu kernels) is tracked in its own issue";

    @Override
    public String name() {
        return "cuda";
    }

    @Override
    public int rank() {
        return 300;
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
        throw new BackendUnavailableException("cuda backend unavailable: " + REASON);
    }
}
