package io.jmlp.select;

import io.jmlp.random.Philox;
import io.jmlp.random.PhiloxStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The values a search may try for each hyperparameter. Every dimension is a list of choices; the
 * learning rate and the L2 penalty λ may instead be a range {@code LOW..HIGH}, which random search
 * samples log-uniformly (equal odds for each decade, the right prior for scale parameters) and grid
 * search refuses (a grid needs listed values).
 *
 * <p>Text form, as flags or as {@code key = value} lines of a config file ({@code #} starts a
 * comment): {@code layers = 16;32,16;64,32} (choices split by ';', widths by ','),
 * {@code activation = relu,tanh}, {@code batch-norm = true,false}, {@code optimizer = adam,momentum},
 * {@code lr = 1e-4..1e-1} or {@code lr = 0.001,0.01}, {@code l2 = 0,1e-4} or {@code l2 = 1e-6..1e-2},
 * {@code batch-size = 32,100}, {@code schedule = constant,step:0.5:2}.
 */
public final class SearchSpace {
    public static final List<String> KEYS =
            List.of("layers", "activation", "batch-norm", "optimizer", "lr", "l2", "batch-size", "schedule");

    private final List<List<Integer>> layers;
    private final List<String> activations;
    private final List<Boolean> batchNorms;
    private final List<String> optimizers;
    private final NumberChoice learningRates;
    private final NumberChoice l2s;
    private final List<Integer> batchSizes;
    private final List<String> schedules;
    /** The rest of the training menu, the same in every configuration ({@code jmlp search}'s other training flags). */
    private final FixedSettings fixed;

    /** A numeric dimension: listed values, or a range sampled log-uniformly. */
    public record NumberChoice(List<Double> values, double low, double high) {
        boolean isRange() {
            return values == null;
        }

        double sample(PhiloxStream rng) {
            if (isRange()) {
                return Math.exp(Math.log(low) + rng.nextDouble() * (Math.log(high) - Math.log(low)));
            }
            return values.get(rng.nextInt(values.size()));
        }

        static NumberChoice parse(String key, String text) {
            if (text.contains("..")) {
                String[] ends = text.split("\\.\\.", -1);
                double low = number(key, ends[0]);
                double high = number(key, ends[1]);
                if (!(low > 0 && high >= low)) {
                    throw new IllegalArgumentException(key + " range '" + text
                            + "' must be LOW..HIGH with 0 < LOW <= HIGH " + "(it is sampled log-uniformly)");
                }
                return new NumberChoice(null, low, high);
            }
            return new NumberChoice(
                    Arrays.stream(text.split(",")).map(v -> number(key, v)).toList(), 0, 0);
        }

        @Override
        public String toString() {
            return isRange() ? low + ".." + high + " (log-uniform)" : values.toString();
        }
    }

    private SearchSpace(Map<String, String> text) {
        layers = Arrays.stream(text.get("layers").split(";"))
                .map(SearchSpace::widths)
                .toList();
        activations = words(text.get("activation"));
        batchNorms = words(text.get("batch-norm")).stream()
                .map(v -> bool("batch-norm", v))
                .toList();
        optimizers = words(text.get("optimizer"));
        learningRates = NumberChoice.parse("lr", text.get("lr"));
        l2s = NumberChoice.parse("l2", text.get("l2"));
        batchSizes = words(text.get("batch-size")).stream()
                .map(v -> (int) number("batch-size", v))
                .toList();
        schedules = words(text.get("schedule"));
        fixed = FixedSettings.DEFAULTS;
        validate();
    }

    private SearchSpace(SearchSpace space, FixedSettings fixed) {
        layers = space.layers;
        activations = space.activations;
        batchNorms = space.batchNorms;
        optimizers = space.optimizers;
        learningRates = space.learningRates;
        l2s = space.l2s;
        batchSizes = space.batchSizes;
        schedules = space.schedules;
        this.fixed = fixed;
        validate();
    }

    /** Validates every listed value now, with its name, rather than in the middle of a search. */
    private void validate() {
        for (TrialConfig c : grid(1, true)) {
            c.hashCode();
        }
    }

    /**
     * This space with {@code fixed} in every configuration (dropout, loss, init, the optimizers' other
     * hyperparameters, warm-up, clipping, max-norm); checked against every choice (a dropout list per
     * layer must fit every layers choice).
     */
    public SearchSpace holding(FixedSettings newFixed) {
        return new SearchSpace(this, newFixed);
    }

    /** The settings every configuration shares. */
    public FixedSettings fixed() {
        return fixed;
    }

    /** The optimizer choices. */
    public List<String> optimizers() {
        return optimizers;
    }

    /** A space from {@code key → text}; missing keys take {@code defaults}. Unknown keys are refused. */
    public static SearchSpace of(Map<String, String> values, Map<String, String> defaults) {
        Map<String, String> merged = new LinkedHashMap<>(defaults);
        values.forEach((k, v) -> {
            if (!KEYS.contains(k)) {
                throw new IllegalArgumentException(
                        "unknown search-space key '" + k + "'; use " + String.join(", ", KEYS));
            }
            if (v != null && !v.isBlank()) {
                merged.put(k, v.trim());
            }
        });
        for (String key : KEYS) {
            if (!merged.containsKey(key)) {
                throw new IllegalArgumentException("the search space has no value for '" + key + "'");
            }
        }
        return new SearchSpace(merged);
    }

    /** Reads {@code key = value} lines from {@code file}. */
    public static Map<String, String> readFile(Path file) throws IOException {
        Map<String, String> values = new LinkedHashMap<>();
        List<String> lines = Files.readAllLines(file);
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).replaceAll("#.*", "").trim();
            if (line.isEmpty()) {
                continue;
            }
            int eq = line.indexOf('=');
            if (eq < 0) {
                throw new IllegalArgumentException(
                        file + " line " + (i + 1) + ": expected 'key = value', got '" + line + "'");
            }
            String key = line.substring(0, eq).trim();
            if (!KEYS.contains(key)) {
                throw new IllegalArgumentException(
                        file + " line " + (i + 1) + ": unknown key '" + key + "'; use " + String.join(", ", KEYS));
            }
            values.put(key, line.substring(eq + 1).trim());
        }
        return values;
    }

    /** Every combination, in a fixed order (the last key varies fastest), each with {@code epochs}. */
    public List<TrialConfig> grid(int epochs) {
        return grid(epochs, false);
    }

    private List<TrialConfig> grid(int epochs, boolean rangesAsEnds) {
        List<Double> lrs = listed("lr", learningRates, rangesAsEnds);
        List<Double> penalties = listed("l2", l2s, rangesAsEnds);
        List<TrialConfig> configs = new ArrayList<>();
        for (List<Integer> l : layers) {
            for (String a : activations) {
                for (boolean bn : batchNorms) {
                    for (String o : optimizers) {
                        for (double lr : lrs) {
                            for (double l2 : penalties) {
                                for (int b : batchSizes) {
                                    for (String s : schedules) {
                                        configs.add(new TrialConfig(l, a, bn, o, lr, l2, b, s, epochs, fixed));
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        return configs;
    }

    /** {@code count} configurations drawn independently (uniform over lists, log-uniform over ranges), seeded. */
    public List<TrialConfig> sample(int count, int epochs, long seed) {
        List<TrialConfig> configs = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            PhiloxStream rng = new PhiloxStream(seed, Philox.Purpose.SEARCH, i);
            configs.add(new TrialConfig(
                    layers.get(rng.nextInt(layers.size())),
                    activations.get(rng.nextInt(activations.size())),
                    batchNorms.get(rng.nextInt(batchNorms.size())),
                    optimizers.get(rng.nextInt(optimizers.size())),
                    learningRates.sample(rng),
                    l2s.sample(rng),
                    batchSizes.get(rng.nextInt(batchSizes.size())),
                    schedules.get(rng.nextInt(schedules.size())),
                    epochs,
                    fixed));
        }
        return configs;
    }

    private static List<Double> listed(String key, NumberChoice choice, boolean rangesAsEnds) {
        if (!choice.isRange()) {
            return choice.values();
        }
        if (rangesAsEnds) {
            return List.of(choice.low(), choice.high());
        }
        throw new IllegalArgumentException(
                "grid search needs listed values for " + key + ", got the range " + choice.low() + ".." + choice.high()
                        + "; list values (e.g. --" + key + " 0.001,0.01,0.1) or use --strategy random");
    }

    @Override
    public String toString() {
        return String.format(
                Locale.ROOT,
                "layers %s, activation %s, batch-norm %s, optimizer %s, lr %s, l2 %s, batch-size %s, " + "schedule %s",
                layers,
                activations,
                batchNorms,
                optimizers,
                learningRates,
                l2s,
                batchSizes,
                schedules);
    }

    private static List<Integer> widths(String text) {
        String t = text.trim();
        if (t.equalsIgnoreCase("none") || t.isEmpty()) {
            return List.of();
        }
        return Arrays.stream(t.split(","))
                .map(w -> {
                    double v = number("layers", w);
                    if (v < 1 || v != Math.rint(v)) {
                        throw new IllegalArgumentException(
                                "layers width '" + w.trim() + "' must be a whole number >= 1 (in '" + text + "')");
                    }
                    return (int) v;
                })
                .toList();
    }

    private static List<String> words(String text) {
        return Arrays.stream(text.split(","))
                .map(String::trim)
                .filter(s -> !s.isEmpty())
                .map(s -> s.toLowerCase(Locale.ROOT))
                .toList();
    }

    private static boolean bool(String key, String v) {
        return switch (v) {
            case "true", "yes", "on" -> true;
            case "false", "no", "off" -> false;
            default -> throw new IllegalArgumentException(key + " takes true or false, got '" + v + "'");
        };
    }

    private static double number(String key, String text) {
        try {
            return Double.parseDouble(text.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " value '" + text.trim() + "' is not a number");
        }
    }
}
