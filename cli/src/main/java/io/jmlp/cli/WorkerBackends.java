package io.jmlp.cli;

import io.jmlp.backend.Backend;
import io.jmlp.backend.BackendProvider;
import io.jmlp.backend.Backends;
import io.jmlp.backend.DeviceInfo;
import java.io.PrintWriter;
import java.util.List;
import java.util.function.IntFunction;

/**
 * Which backend each parallel worker of {@code jmlp cv} / {@code jmlp search} opens: the one
 * {@code --backend} chooses, and when it names no device and its provider has several (two GPUs,
 * say), the workers are dealt round-robin over all of them, so trials use every device.
 */
final class WorkerBackends {
    private final BackendProvider provider;
    private final List<Integer> devices;

    private WorkerBackends(BackendProvider provider, List<Integer> devices) {
        this.provider = provider;
        this.devices = devices;
    }

    /** Chooses once, printing the choice and why better backends were passed over. */
    static WorkerBackends choose(BackendOptions options, PrintWriter out) {
        String spec = options.spec();
        Backends.Choice choice = Backends.choose(spec, options.strict || Backends.strictByDefault());
        boolean deviceNamed = spec.contains(":");
        List<Integer> all =
                choice.provider().devices().stream().map(DeviceInfo::index).toList();
        List<Integer> devices = !deviceNamed && all.size() > 1 ? all : List.of(choice.device());
        try (Backend probe = choice.provider().create(devices.get(0))) {
            out.printf(
                    "backend:   %s — %s%s%n",
                    probe.name(),
                    probe.deviceDescription(),
                    devices.size() > 1 ? " (workers spread over devices " + devices + ")" : " (one per worker)");
        }
        BackendOptions.brief(choice.notes()).forEach(n -> out.println("           " + n));
        return new WorkerBackends(choice.provider(), devices);
    }

    /** Opens worker {@code w}'s backend. */
    IntFunction<Backend> opener() {
        return worker -> provider.create(devices.get(worker % devices.size()));
    }
}
