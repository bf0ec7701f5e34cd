package io.jmlp.cli;

import static io.jmlp.cli.TrainCommandTest.jmlp;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jmlp.backend.Backend;
import io.jmlp.backend.Backends;
import io.jmlp.data.DataSources;
import io.jmlp.data.Dataset;
import io.jmlp.data.TrainTest;
import io.jmlp.eval.ModelReport;
import io.jmlp.loss.SoftmaxCrossEntropy;
import io.jmlp.nn.Mlp;
import io.jmlp.optim.Optimizer;
import io.jmlp.select.TrialConfig;
import io.jmlp.train.DeviceDataset;
import io.jmlp.train.Trainer;
import io.jmlp.train.TrainingOptions;
import java.awt.image.BufferedImage;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** jmlp cv, jmlp search and the eval reporting path, end to end on small data. */
class EvaluationCommandsTest {

    @Test
    void everySearchStrategyRunsOnMoonsAndSavesResults(@TempDir Path dir) throws Exception {
        for (String strategy : List.of("grid", "random", "halving", "hyperband")) {
            Path out = dir.resolve(strategy);
            TrainCommandTest.Result r = jmlp(
                    "search",
                    "--backend",
                    "reference",
                    "--data",
                    "moons:n=400",
                    "--strategy",
                    strategy,
                    "--lr",
                    strategy.equals("grid") ? "0.01,0.1" : "1e-3..0.3",
                    "--layers",
                    "8;16",
                    "--trials",
                    "6",
                    "--epochs",
                    "8",
                    "--max-epochs",
                    "9",
                    "--workers",
                    "2",
                    "-o",
                    out.toString());
            assertEquals(0, r.code(), strategy + ": " + r.err());
            Matcher best = Pattern.compile("best: accuracy ([0-9.]+)").matcher(r.out());
            assertTrue(best.find(), r.out());
            assertTrue(Double.parseDouble(best.group(1)) > 0.85, strategy + " found nothing good:\n" + r.out());
            assertTrue(r.out().contains("jmlp train --data moons:n=400 --layers "), r.out());
            List<String> csv = Files.readAllLines(out.resolve("results.csv"));
            assertTrue(csv.get(0).startsWith("id,stage,layers"), csv.get(0));
            assertTrue(Files.readString(out.resolve("results.json")).contains("\"train_command\""));
            if (strategy.equals("grid")) {
                assertEquals(1 + 4, csv.size(), "2 layer choices × 2 learning rates");
            }
            if (strategy.equals("halving")) {
                // 6 configurations: ⌈log₂6⌉ − 1 = 2 rounds, 6 then 3 configurations.
                assertEquals(1 + 6 + 3, csv.size(), String.join("\n", csv));
            }
        }
    }

    @Test
    void searchResultsDoNotDependOnTheNumberOfWorkers(@TempDir Path dir) throws Exception {
        String[] common = {
            "search",
            "--backend",
            "reference",
            "--data",
            "moons:n=300",
            "--strategy",
            "random",
            "--trials",
            "4",
            "--epochs",
            "5"
        };
        assertEquals(
                0,
                jmlp(concat(common, "--workers", "1", "-o", dir.resolve("one").toString()))
                        .code());
        assertEquals(
                0,
                jmlp(concat(common, "--workers", "3", "-o", dir.resolve("three").toString()))
                        .code());
        assertEquals(withoutSeconds(dir.resolve("one")), withoutSeconds(dir.resolve("three")));
    }

    @Test
    void crossValidationPrintsEveryFoldAndTheMeanAndStd(@TempDir Path dir) throws Exception {
        TrainCommandTest.Result r = jmlp(
                "cv",
                "--backend",
                "reference",
                "--data",
                "moons:n=300",
                "--folds",
                "3",
                "--repeats",
                "2",
                "--epochs",
                "10",
                "-o",
                dir.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("mean ± std over 6 folds"), r.out());
        Matcher m = Pattern.compile("accuracy\\s+([0-9.]+) ± ([0-9.]+)").matcher(r.out());
        assertTrue(m.find(), r.out());
        assertTrue(Double.parseDouble(m.group(1)) > 0.8, r.out());
        assertEquals(7, Files.readAllLines(dir.resolve("folds.csv")).size());
    }

    @Test
    void regressionIsCrossValidatedAndSearchedByRmse(@TempDir Path dir) throws Exception {
        // y = 2·x1 − x2 on a small grid: a network should get RMSE well under the targets' spread (≈ 2.2).
        StringBuilder csv = new StringBuilder("x1,x2,y\n");
        for (int i = 0; i < 120; i++) {
            double x1 = (i % 12) / 6.0 - 1;
            double x2 = (i / 12) / 5.0 - 1;
            csv.append(x1)
                    .append(',')
                    .append(x2)
                    .append(',')
                    .append(2 * x1 - x2)
                    .append('\n');
        }
        Path file = dir.resolve("plane.csv");
        Files.writeString(file, csv.toString());
        String data = "csv:" + file + ",label=y,task=regression";
        TrainCommandTest.Result r = jmlp(
                "cv",
                "--backend",
                "reference",
                "--data",
                data,
                "--folds",
                "3",
                "--metrics",
                "rmse,r2",
                "--epochs",
                "40",
                "--scale",
                "standard");
        assertEquals(0, r.code(), r.err());
        Matcher m = Pattern.compile("rmse\\s+([0-9.]+) ±").matcher(r.out());
        assertTrue(m.find(), r.out());
        assertTrue(Double.parseDouble(m.group(1)) < 0.5, r.out());
        r = jmlp(
                "search",
                "--backend",
                "reference",
                "--data",
                data,
                "--strategy",
                "random",
                "--trials",
                "3",
                "--epochs",
                "10",
                "-o",
                dir.resolve("search").toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("best: rmse") && r.out().contains("--loss mse"), r.out());
        r = jmlp("cv", "--backend", "reference", "--data", data, "--metrics", "accuracy");
        assertTrue(r.err().contains("--metrics accuracy does not apply to regression data"), r.err());
    }

    @Test
    void badSearchInputIsExplained() {
        TrainCommandTest.Result r = jmlp("search", "--strategy", "grid", "--lr", "1e-4..1e-1");
        assertEquals(1, r.code());
        assertTrue(r.err().contains("grid search needs listed values for lr"), r.err());
        r = jmlp("search", "--strategy", "bayes");
        assertTrue(r.err().contains("--strategy takes grid, random, halving or hyperband"), r.err());
        r = jmlp("eval", "--model", "/nonexistent", "--data", "moons");
        assertEquals(1, r.code());
        assertTrue(r.err().contains("/nonexistent") && r.err().contains("model.json"), r.err());
    }

    /** The eval reporting path on a digit model trained in-process: tables and the three pictures. */
    @Test
    void evalReportPrintsTablesAndWritesPictures(@TempDir Path dir) throws Exception {
        TrainTest digits = DataSources.load("mnist-10k", 1);
        Dataset train =
                digits.train().select(java.util.stream.IntStream.range(0, 2000).toArray(), "mnist-10k train");
        Dataset test =
                digits.test().select(java.util.stream.IntStream.range(0, 500).toArray(), "mnist-10k test");
        TrialConfig config = new TrialConfig(List.of(32), "relu", false, "adam", 0.003, 0, 50, "constant", 3);
        StringWriter text = new StringWriter();
        try (Backend backend = Backends.select("reference", true);
                Mlp model = Mlp.create(config.network(784, 10, new SoftmaxCrossEntropy()), backend, config.init(), 1);
                DeviceDataset onDevice = DeviceDataset.upload(backend, train, model.loss());
                Optimizer optimizer = config.newOptimizer()) {
            new Trainer(new TrainingOptions(3, 50, 1, true), optimizer, config.newSchedule())
                    .fit(model, onDevice, null);
            ModelReport report = EvalCommand.report(
                    model, test, new PrintWriter(text, true), dir, EnumSet.allOf(PlotOptions.Plot.class));
            assertTrue(report.metrics().accuracy() > 0.8, text.toString());
        }
        String printed = text.toString();
        System.out.print(printed); // the example in docs/evaluation.md
        for (String expected :
                List.of("accuracy", "log-loss", "macro avg", "weighted avg", "confusion matrix", "ROC AUC per class")) {
            assertTrue(printed.contains(expected), expected + " missing from\n" + printed);
        }
        for (String png : List.of("confusion.png", "roc.png", "samples.png")) {
            BufferedImage image = ImageIO.read(dir.resolve(png).toFile());
            assertTrue(image.getWidth() > 100 && image.getHeight() > 100, png);
        }
        assertTrue(Files.readString(dir.resolve("report.txt")).contains("macro avg"));
    }

    @Test
    void trainWritesCurvesAndConfusionByDefaultAndNothingWithPlotsNone(@TempDir Path dir) throws Exception {
        Path withPlots = dir.resolve("default");
        TrainCommandTest.Result r = jmlp(
                "train",
                "--backend",
                "reference",
                "--data",
                "moons:n=300",
                "--layers",
                "8",
                "--epochs",
                "3",
                "--no-progress",
                "-o",
                withPlots.toString());
        assertEquals(0, r.code(), r.err());
        for (String png : List.of("curves.png", "confusion.png")) {
            BufferedImage image = ImageIO.read(withPlots.resolve(png).toFile());
            assertTrue(image != null && image.getWidth() > 100, png);
        }
        assertTrue(Files.notExists(withPlots.resolve("roc.png")), "roc only with --plots all or roc");
        Path without = dir.resolve("none");
        r = jmlp(
                "train",
                "--backend",
                "reference",
                "--data",
                "moons:n=300",
                "--layers",
                "8",
                "--epochs",
                "3",
                "--no-progress",
                "--plots",
                "none",
                "-o",
                without.toString());
        assertEquals(0, r.code(), r.err());
        try (var files = Files.list(without)) {
            assertTrue(files.noneMatch(f -> f.toString().endsWith(".png")));
        }
        r = jmlp("train", "--plots", "pie", "-o", dir.resolve("bad").toString());
        assertTrue(r.err().contains("--plots: unknown picture 'pie'"), r.err());
    }

    private static String withoutSeconds(Path dir) throws Exception {
        // seconds is the 4th field from the end of the fixed part; drop it by its header position.
        List<String> lines = Files.readAllLines(dir.resolve("results.csv"));
        StringBuilder sb = new StringBuilder();
        for (String line : lines) {
            sb.append(line.replaceAll(",constant,(\\d+),[0-9.]+,", ",constant,$1,S,")
                            .replaceAll(",epochs,seconds,", ",epochs,S,"))
                    .append('\n');
        }
        return sb.toString();
    }

    private static String[] concat(String[] a, String... b) {
        String[] all = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }
}
