package io.jmlp.cli;

import io.jmlp.backend.Availability;
import io.jmlp.backend.BackendProvider;
import io.jmlp.backend.Backends;
import io.jmlp.backend.DeviceInfo;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** Lists every backend jmlp knows, whether it can run here and why, and its devices. */
@Command(
        name = "devices",
        mixinStandardHelpOptions = true,
        description = "List every backend with its availability, the reason, and its devices.")
final class DevicesCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        List<BackendProvider> providers = Backends.providers();
        String autoChoice = null;
        for (BackendProvider provider : providers) {
            Availability a = provider.availability();
            if (autoChoice == null && a.usable() && a.autoSelectable()) {
                autoChoice = provider.name();
            }
            String status =
                    !a.usable() ? "unavailable" : a.autoSelectable() ? "available" : "available (not picked by auto)";
            out.printf("%-10s %s%n", provider.name(), status);
            out.printf("           %s%n", a.reason());
            if (a.usable()) {
                for (DeviceInfo device : provider.devices()) {
                    out.printf(
                            "           --backend %s:%d  %s — %s%n",
                            provider.name(), device.index(), device.name(), device.details());
                }
            }
        }
        out.printf("%nauto picks: %s%n", autoChoice != null ? autoChoice : "nothing (no usable backend)");
        String override = Backends.defaultSpec();
        if (!override.equals(Backends.AUTO)) {
            out.printf(
                    "default backend overridden to '%s' by -D%s or $%s%n",
                    override, Backends.BACKEND_PROPERTY, Backends.BACKEND_ENV);
        }
        out.flush();
        return 0;
    }
}
