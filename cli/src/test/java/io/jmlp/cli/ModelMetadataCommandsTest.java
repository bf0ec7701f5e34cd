package io.jmlp.cli;

import static io.jmlp.cli.TrainCommandTest.jmlp;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A saved model knows its classes, feature names, task and scaling (model.json's {@code data}), and
 * predict/eval/export use them: class 1 of issue 17 ("silent wrong answers").
 */
class ModelMetadataCommandsTest {
    static final String[] FAST = {"--no-progress", "--backend", "cpu", "--strict", "--epochs", "15", "--validation", "0"
    };

    /** Three well separated clusters along x and y, labelled by name. */
    static String clusters(int rows, boolean swapColumns, String... only) {
        StringBuilder sb = new StringBuilder(swapColumns ? "y,x,species\n" : "x,y,species\n");
        String[] names = {"setosa", "versicolor", "virginica"};
        for (int i = 0; i < rows; i++) {
            int c = i % 3;
            if (only.length > 0 && !List.of(only).contains(names[c])) {
                continue;
            }
            double x = c * 4 + Math.sin(i) * 0.5;
            double y = (c == 1 ? 3 : -3) + Math.cos(i * 1.3) * 0.5;
            sb.append(String.format(
                    Locale.ROOT, swapColumns ? "%2$.4f,%1$.4f,%3$s%n" : "%.4f,%.4f,%s%n", x, y, names[c]));
        }
        return sb.toString();
    }

    static Path trainModel(Path dir, String... extra) throws IOException {
        Path train = dir.resolve("train.csv");
        Files.writeString(train, clusters(300, false));
        Path model = dir.resolve("model");
        String[] args = java.util.stream.Stream.concat(
                        java.util.stream.Stream.of(
                                "train",
                                "--data",
                                "csv:" + train,
                                "-o",
                                dir.resolve("run").toString(),
                                "--save",
                                model.toString()),
                        java.util.stream.Stream.concat(List.of(FAST).stream(), List.of(extra).stream()))
                .toArray(String[]::new);
        TrainCommandTest.Result r = jmlp(args);
        assertEquals(0, r.code(), r.out() + r.err());
        return model;
    }

    static double accuracy(String out) {
        Matcher m = Pattern.compile("accuracy\\s*:?\\s+([0-9.]+)").matcher(out);
        assertTrue(m.find(), out);
        return Double.parseDouble(m.group(1));
    }

    @Test
    void aTestFileWithOneClassInAnotherColumnOrderIsScoredAgainstTheRightClass(@TempDir Path dir) throws IOException {
        Path model = trainModel(dir);
        String json = Files.readString(model.resolve("model.json"));
        assertTrue(
                json.contains("\"classLabels\"") && json.contains("virginica") && json.contains("\"featureNames\""),
                json);

        // Only virginica rows, and y before x: read by their own order this file would be class 0 with swapped
        // features.
        Path subset = dir.resolve("virginica.csv");
        Files.writeString(subset, clusters(60, true, "virginica"));
        TrainCommandTest.Result eval = jmlp(
                "eval",
                "--model",
                model.toString(),
                "--data",
                "csv:" + subset,
                "--split",
                "all",
                "--backend",
                "cpu",
                "--plots",
                "none");
        assertEquals(0, eval.code(), eval.err());
        assertTrue(accuracy(eval.out()) > 0.95, eval.out());

        Path predictions = dir.resolve("predictions.csv");
        TrainCommandTest.Result predict = jmlp(
                "predict",
                "--model",
                model.toString(),
                "--data",
                "csv:" + subset + ",test-fraction=0.5",
                "-o",
                predictions.toString(),
                "--backend",
                "cpu");
        assertEquals(0, predict.code(), predict.err());
        List<String> rows = Files.readAllLines(predictions);
        assertEquals("index,label,predicted,output_0,output_1,output_2", rows.get(0));
        assertTrue(rows.get(1).startsWith("0,virginica,virginica,"), "labels, not indices: " + rows.get(1));
    }

    @Test
    void anUnknownLabelOrMissingColumnIsAClearError(@TempDir Path dir) throws IOException {
        Path model = trainModel(dir);
        Path roses = dir.resolve("roses.csv");
        Files.writeString(roses, "x,y,species\n1,2,rose\n3,4,setosa\n");
        TrainCommandTest.Result r = jmlp(
                "eval", "--model", model.toString(), "--data", "csv:" + roses, "--split", "all", "--backend", "cpu");
        assertEquals(1, r.code());
        assertTrue(r.err().contains("'rose'") && r.err().contains("[setosa, versicolor, virginica]"), r.err());
        assertFalse(r.err().contains("\tat "), "no stack trace: " + r.err());

        Path renamed = dir.resolve("renamed.csv");
        Files.writeString(renamed, "x,z,species\n1,2,setosa\n3,4,setosa\n");
        r = jmlp(
                "predict",
                "--model",
                model.toString(),
                "--data",
                "csv:" + renamed + ",test-fraction=0.5",
                "--backend",
                "cpu");
        assertEquals(1, r.code());
        assertTrue(r.err().contains("missing [y]") && r.err().contains("not known [z]"), r.err());
    }

    @Test
    void regressionPredictsNumbersInTheTargetsUnitsAndScalesAsSaved(@TempDir Path dir) throws IOException {
        // Targets in the hundreds: with standardised targets the defaults fit them.
        StringBuilder sb = new StringBuilder("a,b,price\n");
        for (int i = 0; i < 400; i++) {
            double a = (i % 20) / 2.0;
            double b = (i % 7) * 30.0;
            sb.append(String.format(Locale.ROOT, "%.3f,%.3f,%.3f%n", a, b, 200 + 30 * a + b + 0.25 * Math.sin(i)));
        }
        Path data = dir.resolve("houses.csv");
        Files.writeString(data, sb.toString());
        Path model = dir.resolve("model");
        TrainCommandTest.Result train = jmlp(
                "train",
                "--data",
                "csv:" + data,
                "--save",
                model.toString(),
                "-o",
                dir.resolve("run").toString(),
                "--scale",
                "standard",
                "--no-progress",
                "--backend",
                "cpu",
                "--strict",
                "--epochs",
                "40",
                "--validation",
                "0");
        assertEquals(0, train.code(), train.err());
        Matcher r2 = Pattern.compile("test r2\\s+([-0-9.]+)").matcher(train.out());
        assertTrue(r2.find(), train.out());
        assertTrue(Double.parseDouble(r2.group(1)) > 0.95, train.out());
        String json = Files.readString(model.resolve("model.json"));
        assertTrue(
                json.contains("\"task\": \"regression\"")
                        && json.contains("\"featureScaling\"")
                        && json.contains("\"targetScaling\""),
                json);

        Path predictions = dir.resolve("p.csv");
        TrainCommandTest.Result predict = jmlp(
                "predict",
                "--model",
                model.toString(),
                "--data",
                "csv:" + data,
                "-o",
                predictions.toString(),
                "--backend",
                "reference");
        assertEquals(0, predict.code(), predict.err());
        List<String> rows = Files.readAllLines(predictions);
        assertEquals("index,target,prediction", rows.get(0));
        for (String row : rows.subList(1, rows.size())) {
            String[] cells = row.split(",");
            double target = Double.parseDouble(cells[1]);
            double prediction = Double.parseDouble(cells[2]);
            assertTrue(Math.abs(prediction - target) < 0.1 * target, "prediction in the targets' units: " + row);
        }
        TrainCommandTest.Result eval =
                jmlp("eval", "--model", model.toString(), "--data", "csv:" + data, "--backend", "cpu");
        assertEquals(0, eval.code(), eval.err());
        assertTrue(eval.out().contains("rmse") && eval.out().contains("r2"), eval.out());
    }
}
