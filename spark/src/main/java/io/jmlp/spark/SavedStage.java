package io.jmlp.spark;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.jmlp.cpu.CpuBackend;
import io.jmlp.spark.train.TrainedWeights;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.SparkContext;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamPair;
import org.apache.spark.ml.param.Params;
import scala.jdk.javaapi.CollectionConverters;

/**
 * How jmlp's stages are saved, on any Hadoop file system: {@code metadata/part-00000}, one JSON
 * line in the layout of Spark's own {@code DefaultParamsWriter} (class, uid, Spark version, the set
 * and the default Params), so {@code Pipeline}/{@code PipelineModel}/{@code CrossValidatorModel}
 * persistence finds the class to load; and for a fitted model, {@code model/}: jmlp's
 * {@code model.json} + {@code model.safetensors}, which {@code jmlp predict} and PyTorch read as they are.
 */
final class SavedStage {
    static final String MODEL_DIR = "model";

    private SavedStage() {}

    /** The metadata as read back: the JSON object, and extra fields the stage wrote. */
    record Metadata(String className, String uid, JsonObject json) {}

    static void write(Params stage, String path, SparkContext sc, Map<String, Object> extra, TrainedWeights weights) {
        try {
            org.apache.hadoop.fs.Path root = new org.apache.hadoop.fs.Path(path);
            FileSystem fs = root.getFileSystem(sc.hadoopConfiguration());
            JsonObject json = new JsonObject();
            json.addProperty("class", stage.getClass().getName());
            json.addProperty("timestamp", System.currentTimeMillis());
            json.addProperty("sparkVersion", sc.version());
            json.addProperty("uid", stage.uid());
            json.add(
                    "paramMap",
                    params(CollectionConverters.asJava(stage.extractParamMap().toSeq()), stage, false));
            json.add(
                    "defaultParamMap",
                    params(CollectionConverters.asJava(stage.extractParamMap().toSeq()), stage, true));
            extra.forEach((k, v) -> json.add(k, JsonParser.parseString(new com.google.gson.Gson().toJson(v))));
            try (OutputStream out = fs.create(new org.apache.hadoop.fs.Path(root, "metadata/part-00000"), true)) {
                out.write((json + "\n").getBytes(StandardCharsets.UTF_8));
            }
            if (weights != null) {
                Path local = Files.createTempDirectory("jmlp-spark-save");
                try (CpuBackend backend = new CpuBackend(1)) {
                    weights.save(local.resolve(MODEL_DIR), backend);
                    fs.copyFromLocalFile(
                            false,
                            true,
                            new org.apache.hadoop.fs.Path(
                                    local.resolve(MODEL_DIR).toUri()),
                            new org.apache.hadoop.fs.Path(root, MODEL_DIR));
                } finally {
                    deleteLocal(local);
                }
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(
                    "could not save " + stage.uid() + " to " + path + ": " + e.getMessage(), e);
        }
    }

    /** The explicitly set Params ({@code defaults} false), or the defaults, as JSON values. */
    private static JsonObject params(java.util.List<ParamPair<?>> pairs, Params stage, boolean defaults) {
        JsonObject out = new JsonObject();
        for (ParamPair<?> pair : pairs) {
            @SuppressWarnings("unchecked")
            Param<Object> param = (Param<Object>) pair.param();
            boolean set = stage.isSet(param);
            if (defaults ? stage.hasDefault(param) : set) {
                Object value = defaults ? stage.getDefault(param).get() : pair.value();
                out.add(param.name(), JsonParser.parseString(param.jsonEncode(value)));
            }
        }
        return out;
    }

    static Metadata readMetadata(String path, SparkContext sc) {
        try {
            org.apache.hadoop.fs.Path root = new org.apache.hadoop.fs.Path(path);
            FileSystem fs = root.getFileSystem(sc.hadoopConfiguration());
            org.apache.hadoop.fs.Path file = new org.apache.hadoop.fs.Path(root, "metadata/part-00000");
            if (!fs.exists(file)) {
                FileStatus[] parts = fs.globStatus(new org.apache.hadoop.fs.Path(root, "metadata/part-*"));
                if (parts == null || parts.length == 0) {
                    throw new IOException("no metadata under " + path + "; is it a stage saved by jmlp-spark?");
                }
                file = parts[0].getPath();
            }
            String text;
            try (InputStream in = fs.open(file)) {
                text = new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
            }
            JsonObject json = JsonParser.parseString(text.lines().findFirst().orElse("{}"))
                    .getAsJsonObject();
            return new Metadata(json.get("class").getAsString(), json.get("uid").getAsString(), json);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(
                    "could not read the stage saved at " + path + ": " + e.getMessage(), e);
        }
    }

    /** Sets the saved Params on {@code stage} (explicit ones as set, defaults as defaults). */
    static void applyParams(Params stage, Metadata metadata) {
        for (String section : new String[] {"defaultParamMap", "paramMap"}) {
            JsonObject map = metadata.json().getAsJsonObject(section);
            if (map == null) {
                continue;
            }
            for (Map.Entry<String, JsonElement> e : map.entrySet()) {
                if (!stage.hasParam(e.getKey())) {
                    continue; // a Param of a newer version
                }
                Param<Object> param = stage.getParam(e.getKey());
                Object value = param.jsonDecode(e.getValue().toString());
                if (section.equals("paramMap")) {
                    stage.set(param, value);
                } else {
                    stage.setDefault(param, value);
                }
            }
        }
    }

    static TrainedWeights readWeights(String path, SparkContext sc, long steps) {
        try {
            org.apache.hadoop.fs.Path remote =
                    new org.apache.hadoop.fs.Path(new org.apache.hadoop.fs.Path(path), MODEL_DIR);
            FileSystem fs = remote.getFileSystem(sc.hadoopConfiguration());
            Path local = Files.createTempDirectory("jmlp-spark-load");
            try (CpuBackend backend = new CpuBackend(1)) {
                fs.copyToLocalFile(false, remote, new org.apache.hadoop.fs.Path(local.toUri()), true);
                TrainedWeights w = TrainedWeights.load(local.resolve(MODEL_DIR), backend);
                return new TrainedWeights(w.network(), w.parameters(), w.states(), steps);
            } finally {
                deleteLocal(local);
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("could not read the model under " + path + ": " + e.getMessage(), e);
        }
    }

    private static void deleteLocal(Path dir) throws IOException {
        try (var walk = Files.walk(dir)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
