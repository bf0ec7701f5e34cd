package io.jmlp.select;

import com.google.gson.GsonBuilder;
import io.jmlp.io.AtomicWrite;
import io.jmlp.train.TrainingDivergedException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** A search's results as an aligned table, a CSV file and a JSON file. */
public final class Leaderboard {
    private final List<TrialResult> rows;
    private final Metric metric;

    public Leaderboard(List<TrialResult> rows, Metric metric) {
        this.rows = List.copyOf(rows);
        this.metric = metric;
    }

    public TrialResult best() {
        if (rows.isEmpty() || Double.isNaN(rows.get(0).mean(metric))) {
            throw new TrainingDivergedException(
                    "no trial finished with a score: every run diverged; lower the learning rates "
                            + "(--lr) of the search space");
        }
        return rows.get(0);
    }

    /** The first {@code limit} rows as a table. */
    public String toTable(int limit) {
        StringBuilder sb = new StringBuilder(String.format(
                Locale.ROOT,
                "%4s %4s %-14s %-17s %6s %8s  %s%n",
                "rank",
                "id",
                "stage",
                metric.cliName() + " (± std)",
                "epochs",
                "seconds",
                "configuration"));
        for (int i = 0; i < Math.min(limit, rows.size()); i++) {
            TrialResult r = rows.get(i);
            String score = r.failure() != null
                    ? "diverged"
                    : String.format(Locale.ROOT, "%.4f ± %.4f", r.mean(metric), r.std(metric));
            sb.append(String.format(
                    Locale.ROOT,
                    "%4d %4d %-14s %-17s %6d %8.1f  %s%n",
                    i + 1,
                    r.id(),
                    r.stage(),
                    score,
                    r.config().epochs(),
                    r.seconds(),
                    r.config().label()));
        }
        if (rows.size() > limit) {
            sb.append(String.format(Locale.ROOT, "… %d more in results.csv%n", rows.size() - limit));
        }
        return sb.toString();
    }

    /** One line per (configuration, stage) result in {@code results}. */
    public static String toCsv(List<TrialResult> results) {
        List<String> metricNames = metricNames(results);
        StringBuilder sb = new StringBuilder(
                "id,stage,layers,activation,batch_norm,optimizer,lr,l2,batch_size,schedule,epochs,seconds,failure");
        for (String m : metricNames) {
            sb.append(',').append(m).append("_mean,").append(m).append("_std");
        }
        sb.append('\n');
        for (TrialResult r : results) {
            TrialConfig c = r.config();
            sb.append(String.format(
                    Locale.ROOT,
                    "%d,%s,\"%s\",%s,%s,%s,%.6g,%.6g,%d,%s,%d,%.3f,%s",
                    r.id(),
                    r.stage(),
                    c.layersText(),
                    c.activation(),
                    c.batchNorm(),
                    c.optimizer(),
                    c.learningRate(),
                    c.l2(),
                    c.batchSize(),
                    c.schedule(),
                    c.epochs(),
                    r.seconds(),
                    r.failure() != null ? "diverged" : ""));
            for (String m : metricNames) {
                Metric metric = Metric.parse(m);
                sb.append(String.format(Locale.ROOT, ",%.6f,%.6f", r.mean(metric), r.std(metric)));
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    /** The search's settings, the winner, and every result with its per-split scores. */
    public static String toJson(
            Map<String, Object> settings, TrialResult best, String bestCommand, List<TrialResult> results) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("settings", settings);
        root.put(
                "best",
                Map.of(
                        "id",
                        best.id(),
                        "configuration",
                        best.config(),
                        "train_command",
                        bestCommand,
                        "scores",
                        best.means()));
        List<Map<String, Object>> trials = new ArrayList<>();
        for (TrialResult r : results) {
            Map<String, Object> t = new LinkedHashMap<>();
            t.put("id", r.id());
            t.put("stage", r.stage());
            t.put("configuration", r.config());
            t.put("seconds", r.seconds());
            if (r.failure() != null) {
                t.put("failure", r.failure());
            }
            t.put("mean", r.means());
            t.put("splits", r.folds());
            trials.add(t);
        }
        root.put("trials", trials);
        return new GsonBuilder()
                        .setPrettyPrinting()
                        .serializeSpecialFloatingPointValues()
                        .create()
                        .toJson(root) + "\n";
    }

    public static void write(
            Path dir, Map<String, Object> settings, TrialResult best, String bestCommand, List<TrialResult> results)
            throws IOException {
        AtomicWrite.writeString(dir.resolve("results.csv"), toCsv(results));
        AtomicWrite.writeString(dir.resolve("results.json"), toJson(settings, best, bestCommand, results));
    }

    private static List<String> metricNames(List<TrialResult> results) {
        return results.stream()
                .filter(r -> r.failure() == null)
                .findFirst()
                .map(r -> List.copyOf(r.folds().get(0).metrics().keySet()))
                .orElse(List.of());
    }
}
