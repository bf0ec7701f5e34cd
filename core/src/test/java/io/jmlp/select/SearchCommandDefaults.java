package io.jmlp.select;

import java.util.Map;

/** A small complete search space for tests. */
final class SearchCommandDefaults {
    static final Map<String, String> MOONS = Map.of(
            "layers",
            "8",
            "activation",
            "relu",
            "batch-norm",
            "false",
            "optimizer",
            "adam",
            "lr",
            "0.01",
            "l2",
            "0",
            "batch-size",
            "32",
            "schedule",
            "constant");

    private SearchCommandDefaults() {}
}
