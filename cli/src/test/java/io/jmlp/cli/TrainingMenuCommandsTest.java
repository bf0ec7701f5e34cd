package io.jmlp.cli;

import static io.jmlp.cli.TrainCommandTest.jmlp;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jmlp.cli.TrainCommandTest.Result;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The training-menu flags of {@code jmlp train}, {@code jmlp lr-find} and {@code jmlp gradcheck}, as a user runs them. */
class TrainingMenuCommandsTest {

    private static double number(String text, String label) {
        Matcher m =
                Pattern.compile(label + "\\s+(-?[0-9.]+(?:[eE][-+]?[0-9]+)?)").matcher(text);
        assertTrue(m.find(), "no '" + label + "' in:\n" + text);
        return Double.parseDouble(m.group(1));
    }

    /** Each bad value fails before any training, naming the flag (or the value) and what to do. */
    @Test
    void badMenuValuesAreExplained(@TempDir Path dir) {
        String out = dir.resolve("run").toString();
        List<String[]> cases = List.of(
                new String[] {"--optimizer", "adamax", "--optimizer: unknown optimizer 'adamax'"},
                new String[] {"--optimizer", "sgd --momentum 0.9", "--momentum does not apply to --optimizer sgd"},
                new String[] {"--optimizer", "adam --weight-decay 0.1", "--weight-decay is AdamW's"},
                new String[] {"--optimizer", "momentum --beta1 0.8", "--beta1 does not apply"},
                new String[] {"--optimizer", "adam --beta2 1.5", "beta2 must be in [0, 1)"},
                new String[] {"--l2", "-1", "--l2 and --l1 must be >= 0"},
                new String[] {"--batch-size", "half", "--batch-size takes a number"},
                new String[] {"--dropout", "0.2,0.3,0.4", "gives 3 probabilities for 2 hidden layers"},
                new String[] {"--dropout", "1.5", "--dropout probabilities must be in [0, 1)"},
                new String[] {"--activation", "prelu:everywhere", "prelu takes 'shared'"},
                new String[] {
                    "--schedule", "cosine:x", "--schedule: schedule 'cosine:x' has a parameter that is not a number"
                },
                new String[] {"--schedule", "cyclic", "needs the top rate"},
                new String[] {"--warmup", "soon", "--warmup: warm-up 'soon' is not a length"},
                new String[] {"--early-stopping", "3 --validation 0", "--early-stopping watches the validation loss"},
                new String[] {"--clip-norm", "-2", "--clip-norm must be > 0"},
                new String[] {"--loss", "cosine", "unknown loss 'cosine'"},
                new String[] {
                    "--data",
                    "mnist-10k --loss bce",
                    "--loss bce is binary logistic regression on one output and needs 2 classes"
                },
                new String[] {"--init", "orthogonal", "unknown weight init 'orthogonal'"});
        for (String[] c : cases) {
            List<String> args = new java.util.ArrayList<>(List.of("train", "--epochs", "1", "-o", out));
            if (!c[0].equals("--data")) {
                args.addAll(List.of("--data", "moons"));
            }
            args.add(c[0]);
            args.addAll(List.of(c[1].split(" ")));
            Result r = jmlp(args.toArray(String[]::new));
            assertEquals(1, r.code(), String.join(" ", args) + "\n" + r.out() + r.err());
            assertTrue(r.err().contains(c[2]), "for " + c[0] + " " + c[1] + " expected '" + c[2] + "' in: " + r.err());
            assertFalse(Files.exists(dir.resolve("run")), "nothing written for " + c[0] + " " + c[1]);
        }
    }

    /** Every menu family in one short run: it trains, and the summary lines say what was used. */
    @Test
    void everyFamilyInOneRun(@TempDir Path dir) {
        Result r = jmlp(
                "train",
                "--data",
                "moons",
                "--layers",
                "16,8",
                "--no-batch-norm",
                "--activation",
                "prelu:per-neuron",
                "--dropout",
                "0.1,0",
                "--loss",
                "hinge:0.5",
                "--init",
                "lecun-uniform",
                "--optimizer",
                "adamw",
                "--lr",
                "0.01",
                "--weight-decay",
                "0.05",
                "--l1",
                "1e-5",
                "--batch-size",
                "full",
                "--epochs",
                "30",
                "--schedule",
                "cosine:10:2",
                "--warmup",
                "3",
                "--clip-norm",
                "5",
                "--max-norm",
                "3",
                "--early-stopping",
                "20",
                "--backend",
                "cpu",
                "--plots",
                "none",
                "--no-progress",
                "-o",
                dir.toString());
        assertEquals(0, r.code(), r.out() + r.err());
        String o = r.out();
        assertTrue(o.contains("prelu"), o);
        assertTrue(o.contains("dropout 0.1"), o);
        assertTrue(o.contains("loss hinge:0.5"), o);
        assertTrue(o.contains("batch full (720)"), o);
        assertTrue(o.contains("adamw, weight decay 0.05, l1 1.0E-5"), o);
        assertTrue(o.contains("cosine annealing") && o.contains("linear warm-up over 3.0 epochs"), o);
        assertTrue(
                o.contains("early stopping (patience 20")
                        && o.contains("gradient clipping at norm 5.0")
                        && o.contains("max-norm 3.0"),
                o);
        assertTrue(o.contains("init lecun-uniform"), o);
        assertTrue(o.contains("early stopping  best validation loss in epoch"), o);
        assertTrue(number(o, "test accuracy") > 0.8, o);
    }

    /** The {@code jmlp train} commands that cv and search print (TrialConfig) use these flags: each one runs. */
    @Test
    void trainCommandsThatSearchPrintsRun(@TempDir Path dir) {
        for (String optimizer : io.jmlp.optim.OptimizerSettings.NAMES) {
            io.jmlp.select.TrialConfig config = new io.jmlp.select.TrialConfig(
                    List.of(8), "prelu", false, optimizer, 0.01, 1e-4, 32, "cosine:3", 2);
            String command = config.trainCommand("moons", 1);
            List<String> args = new java.util.ArrayList<>(
                    List.of(command.substring("jmlp ".length()).split(" ")));
            args.addAll(List.of(
                    "--backend",
                    "cpu",
                    "--plots",
                    "none",
                    "--no-progress",
                    "-o",
                    dir.resolve(optimizer).toString()));
            Result r = jmlp(args.toArray(String[]::new));
            assertEquals(0, r.code(), command + "\n" + r.err());
            assertTrue(r.out().contains("prelu"), r.out());
        }
    }

    @Test
    void binaryLogisticTrainsOneOutput(@TempDir Path dir) {
        Result r = jmlp(
                "train",
                "--data",
                "moons",
                "--layers",
                "16",
                "--loss",
                "bce",
                "--optimizer",
                "adam",
                "--lr",
                "0.01",
                "--epochs",
                "40",
                "--batch-size",
                "32",
                "--schedule",
                "constant",
                "--backend",
                "cpu",
                "--plots",
                "none",
                "--no-progress",
                "-o",
                dir.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("2-16-1"), r.out());
        assertTrue(number(r.out(), "test accuracy") >= 0.95, r.out());
    }

    /** Continuous targets from a CSV train with mse and report RMSE, MAE and R² on the test rows. */
    @Test
    void regressionCsvReportsRmseMaeAndR2(@TempDir Path dir) throws Exception {
        StringBuilder csv = new StringBuilder("x1,x2,y\n");
        io.jmlp.random.PhiloxStream rng = new io.jmlp.random.PhiloxStream(5, 1);
        for (int i = 0; i < 500; i++) {
            double x1 = 2 * rng.nextDouble() - 1;
            double x2 = 2 * rng.nextDouble() - 1;
            csv.append(String.format(Locale.ROOT, "%.5f,%.5f,%.5f%n", x1, x2, Math.sin(3 * x1) + 0.5 * x2 * x2));
        }
        Path file = dir.resolve("wave.csv");
        Files.writeString(file, csv);
        Result r = jmlp(
                "train",
                "--data",
                "csv:" + file + ",task=regression",
                "--layers",
                "32,32",
                "--no-batch-norm",
                "--activation",
                "tanh",
                "--optimizer",
                "adam",
                "--lr",
                "0.01",
                "--epochs",
                "150",
                "--batch-size",
                "32",
                "--schedule",
                "cosine:150",
                "--backend",
                "cpu",
                "--plots",
                "curves",
                "--no-progress",
                "-o",
                dir.resolve("run").toString());
        assertEquals(0, r.code(), r.err());
        String o = r.out();
        assertTrue(o.contains("1 regression target") && o.contains("loss mse"), o);
        double rmse = number(o, "test rmse");
        double mae = number(o, "test mae");
        double r2 = number(o, "test r2");
        assertTrue(r2 > 0.95, "R² " + r2 + "\n" + o);
        assertTrue(mae > 0 && mae <= rmse && rmse < 0.2, o);
        assertTrue(Files.exists(dir.resolve("run").resolve("curves.png")));
        assertEquals(
                1,
                jmlp(
                                "train",
                                "--data",
                                "csv:" + file + ",task=regression",
                                "--loss",
                                "hinge",
                                "-o",
                                dir.resolve("x").toString())
                        .code());
    }

    @Test
    void gradcheckPassesForEveryActivationAndLoss() {
        for (String act : new String[] {
            "identity",
            "sigmoid",
            "tanh",
            "hard-sigmoid",
            "hard-tanh",
            "relu",
            "leaky-relu:0.1",
            "prelu",
            "prelu:per-neuron",
            "elu:0.7",
            "softplus",
            "swish",
            "gelu"
        }) {
            for (String bn : new String[] {"--batch-norm", "--no-batch-norm"}) {
                Result r = jmlp("gradcheck", "--activation", act, bn);
                assertEquals(0, r.code(), act + " " + bn + ":\n" + r.out() + r.err());
                assertTrue(r.out().contains("PASS"), r.out());
            }
        }
        for (String loss : new String[] {"softmax-ce", "bce", "mse", "hinge:2"}) {
            Result r = jmlp("gradcheck", "--loss", loss, "--dropout", "0.3", "--no-batch-norm", "--activation", "tanh");
            assertEquals(0, r.code(), loss + ":\n" + r.out() + r.err());
        }
        Result prelu = jmlp("gradcheck", "--activation", "prelu:per-neuron", "--no-batch-norm", "--layers", "5");
        assertTrue(
                prelu.out().contains("1.weight") && prelu.out().contains("0.bias"),
                "the slopes are checked:\n" + prelu.out());
        // Differences within the finite differences' own roundoff pass whatever the threshold, so the threshold is
        // exercised with a step far too long for tanh's curvature.
        Result strict =
                jmlp("gradcheck", "--activation", "tanh", "--no-batch-norm", "--step", "0.5", "--threshold", "1e-12");
        assertEquals(1, strict.code(), "a step that long fails a tight threshold:\n" + strict.out());
        assertTrue(strict.out().contains("FAIL"), strict.out());
    }

    @Test
    void lrFindWritesTheCurveAndSuggestsARate(@TempDir Path dir) throws Exception {
        Result r = jmlp(
                "lr-find",
                "--data",
                "moons",
                "--layers",
                "16",
                "--no-batch-norm",
                "--optimizer",
                "sgd",
                "--batch-size",
                "32",
                "--backend",
                "cpu",
                "-o",
                dir.toString());
        assertEquals(0, r.code(), r.err());
        double suggested = number(r.out(), "suggested lr");
        assertTrue(suggested > 1e-4 && suggested < 10, r.out());
        assertTrue(r.out().contains("100 steps"), "one epoch of 25 steps is stretched to 100:\n" + r.out());
        assertTrue(Files.size(dir.resolve("lr-find.png")) > 1000);
        List<String> lines = Files.readAllLines(dir.resolve("lr-find.csv"));
        assertEquals("step,learning_rate,loss,smoothed_loss", lines.get(0));
        assertTrue(lines.size() > 20, "points recorded: " + lines.size());
        Result bad = jmlp(
                "lr-find",
                "--data",
                "moons",
                "--lr",
                "0.1",
                "-o",
                dir.resolve("x").toString());
        assertEquals(1, bad.code());
        assertTrue(bad.err().contains("--start-lr"), bad.err());
    }
}
