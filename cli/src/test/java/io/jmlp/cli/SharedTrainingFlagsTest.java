package io.jmlp.cli;

import static io.jmlp.cli.TrainCommandTest.jmlp;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jmlp.cli.TrainCommandTest.Result;
import io.jmlp.data.DataSources;
import io.jmlp.data.Dataset;
import io.jmlp.data.Folds;
import io.jmlp.select.FixedSettings;
import io.jmlp.select.TrialConfig;
import io.jmlp.select.Validation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * One training menu for jmlp train, cv, search, lr-find and boundary (issue 17, class 6): the same
 * flags resolve to the same configuration in every command, and a cv fold trains what jmlp train
 * trains on the same rows.
 */
class SharedTrainingFlagsTest {

    /** The flags a search space does not vary: cv and search used to lack them all. */
    private static final String[] FIXED_MENU = {
        "--dropout",
        "0.1",
        "--init",
        "he-uniform",
        "--loss",
        "softmax-ce",
        "--warmup",
        "2",
        "--clip-norm",
        "5",
        "--max-norm",
        "3",
        "--l1",
        "1e-5",
        "--momentum",
        "0.8"
    };

    /** With a network cv used not to build by default; the recipe still fills --batch-size, --schedule and --lr on small data. */
    private static final String[] MENU = Stream.of(
                    new String[] {"--layers", "16,8", "--activation", "tanh", "--epochs", "12"}, FIXED_MENU)
            .flatMap(Arrays::stream)
            .toArray(String[]::new);

    /** {@code command}'s configuration for {@code args} on a training set of {@code rows} rows, as its run resolves it. */
    private static TrialConfig resolved(Object command, TrainingFlags flags, int rows, String... args) {
        new CommandLine(command).parseArgs(args);
        return flags.resolve(rows).config();
    }

    @Test
    void theSameFlagsResolveToTheSameConfigurationInEveryCommand() {
        for (int rows : new int[] {640, 7_200}) { // the small-data recipe, and train's own defaults
            TrainCommand train = new TrainCommand();
            TrialConfig expected = resolved(train, train.training, rows, MENU);
            CvCommand cv = new CvCommand();
            assertEquals(expected, resolved(cv, cv.training, rows, MENU), "cv, " + rows + " rows");
            String[] lrFindMenu = {
                "--layers",
                "16,8",
                "--activation",
                "tanh",
                "--dropout",
                "0.1",
                "--init",
                "he-uniform",
                "--momentum",
                "0.8",
                "--l1",
                "1e-5"
            };
            TrainCommand trainAgain = new TrainCommand();
            TrialConfig trainForLrFind = resolved(trainAgain, trainAgain.training, rows, lrFindMenu);
            LrFindCommand lrFind = new LrFindCommand();
            TrialConfig forLrFind = resolved(lrFind, lrFind.training, rows, lrFindMenu);
            assertEquals(
                    trainForLrFind.network(2, 2, trainForLrFind.loss(true)),
                    forLrFind.network(2, 2, forLrFind.loss(true)));
            assertEquals(trainForLrFind.optimizerSettings(), forLrFind.optimizerSettings());
            assertEquals(
                    trainForLrFind.batchSize(), forLrFind.batchSize(), "lr-find takes the recipe's batch size too");
            assertEquals(trainForLrFind.init(), forLrFind.init());
        }
        // boundary's own defaults (the report's picture) are explicit: given the same flags, it resolves what train
        // does.
        String[] picture = Stream.concat(
                        Stream.concat(Stream.of("--activation", "tanh", "--epochs", "12"), Arrays.stream(FIXED_MENU)),
                        Stream.of(
                                "--no-batch-norm",
                                "--optimizer",
                                "momentum",
                                "--lr",
                                "0.05",
                                "--schedule",
                                "constant",
                                "--batch-size",
                                "32"))
                .toArray(String[]::new);
        TrainCommand train = new TrainCommand();
        TrialConfig expected = resolved(train, train.training, 640, picture);
        BoundaryCommand boundary = new BoundaryCommand();
        assertEquals(
                expected.withHidden(List.of(5)),
                resolved(boundary, boundary.training, 640, picture).withHidden(List.of(5)));
        // search holds the same flags fixed in every trial, read by the same option definitions.
        SearchCommand search = new SearchCommand();
        new CommandLine(search).parseArgs(FIXED_MENU);
        assertEquals(expected.fixed(), search.fixed.settings(List.of("momentum")));
    }

    @Test
    void aCommandsOwnDefaultsWinOverTheRecipeAndAreShownInItsHelp() {
        BoundaryCommand boundary = new BoundaryCommand();
        TrialConfig picture = resolved(boundary, boundary.training, 640);
        assertEquals(
                List.of("tanh", "adam", "constant"),
                List.of(picture.activation(), picture.optimizer(), picture.schedule()));
        assertEquals(0.05, picture.learningRate());
        assertEquals(100, picture.epochs());
        assertTrue(!picture.batchNorm() && picture.batchSize() == 32);
        String help = jmlp("boundary", "--help").out().replaceAll("\\s+", " ");
        assertTrue(
                help.contains("course report's picture") && help.contains("--activation tanh, --no-batch-norm"), help);
        for (String command : List.of("cv", "lr-find", "boundary", "search")) {
            String text = jmlp(command, "--help").out();
            for (String flag : List.of(
                    "--dropout", "--loss", "--init", "--warmup", "--clip-norm", "--max-norm", "--l1", "--momentum")) {
                assertTrue(text.contains(flag), command + " --help lacks " + flag + ":\n" + text);
            }
        }
        String cvHelp = jmlp("cv", "--help").out().replaceAll("\\s+", " ");
        assertTrue(cvHelp.contains("--[no-]batch-norm") && cvHelp.contains("jmlp train's"), cvHelp);
    }

    /**
     * The first fold of {@code jmlp cv} against {@code jmlp train} on that fold's rows (written as a
     * CSV pair, no validation split): with the same flags both train the same network, so they score
     * the same accuracy and loss on the held-out rows.
     */
    @Test
    void aCvFoldTrainsWhatTrainTrainsOnTheSameRows(@TempDir Path dir) throws Exception {
        String data = "moons:n=300";
        long seed = 3;
        Dataset all = DataSources.load(data, seed).train();
        Folds.Fold first = new Validation(3, 1, 0, "none", seed).splits(all).get(0);
        Path trainCsv = dir.resolve("fold-train.csv");
        Path testCsv = dir.resolve("fold-test.csv");
        Files.writeString(trainCsv, csv(all.select(first.trainRows(), "fold train")));
        Files.writeString(testCsv, csv(all.select(first.testRows(), "fold test")));

        List<String> cvArgs = new ArrayList<>(List.of(
                "cv",
                "--data",
                data,
                "--folds",
                "3",
                "--seed",
                Long.toString(seed),
                "--workers",
                "1",
                "--metrics",
                "accuracy,loss",
                "--backend",
                "reference",
                "-o",
                dir.resolve("cv").toString()));
        cvArgs.addAll(List.of(MENU));
        Result cv = jmlp(cvArgs.toArray(String[]::new));
        assertEquals(0, cv.code(), cv.out() + cv.err());
        String[] fold1 = Files.readAllLines(dir.resolve("cv").resolve("folds.csv"))
                .get(1)
                .split(",");

        List<String> trainArgs = new ArrayList<>(List.of(
                "train",
                "--data",
                "csv:" + trainCsv + ",test=" + testCsv,
                "--validation",
                "0",
                "--seed",
                Long.toString(seed),
                "--backend",
                "reference",
                "--plots",
                "none",
                "--no-progress",
                "-o",
                dir.resolve("train").toString()));
        trainArgs.addAll(List.of(MENU));
        Result train = jmlp(trainArgs.toArray(String[]::new));
        assertEquals(0, train.code(), train.out() + train.err());
        assertTrue(train.out().contains("2-16-8-2") && train.out().contains("init he-uniform"), train.out());

        assertEquals(
                Double.parseDouble(fold1[2]),
                number(train.out(), "test accuracy"),
                1e-4,
                "accuracy\n" + cv.out() + train.out());
        assertEquals(
                Double.parseDouble(fold1[3]),
                number(train.out(), "test loss"),
                1e-4,
                "loss\n" + cv.out() + train.out());
    }

    /** Flags cv did not have (it refused them, or kept its own defaults): each one now changes what the folds score. */
    @Test
    void flagsCvUsedToLackChangeItsResult(@TempDir Path dir) throws Exception {
        String[] common = {
            "cv",
            "--data",
            "moons:n=300",
            "--folds",
            "2",
            "--epochs",
            "8",
            "--workers",
            "1",
            "--metrics",
            "accuracy,loss",
            "--backend",
            "reference"
        };
        String plain = foldsCsv(dir.resolve("plain"), common);
        for (String[] flag : List.of(
                new String[] {"--init", "small"},
                new String[] {"--dropout", "0.3"},
                new String[] {"--warmup", "4"},
                new String[] {"--clip-norm", "0.05"},
                new String[] {"--loss", "hinge"},
                new String[] {"--no-batch-norm"})) {
            String changed = foldsCsv(dir.resolve(flag[0].substring(2)), concat(common, flag));
            assertNotEquals(plain, changed, String.join(" ", flag) + " changed nothing");
        }
        assertTrue(
                jmlp(concat(common, "--layers", "8"))
                        .out()
                        .contains("layers=8 act=relu bn=true opt=momentum lr=0.0500"),
                "cv's defaults are train's (batch norm, momentum, the small-data rate)");
    }

    @Test
    void searchHoldsTheOtherTrainingFlagsFixedInEveryTrial(@TempDir Path dir) throws Exception {
        Result r = jmlp(
                "search",
                "--backend",
                "reference",
                "--data",
                "moons:n=300",
                "--strategy",
                "random",
                "--trials",
                "2",
                "--epochs",
                "3",
                "--workers",
                "1",
                "--optimizer",
                "adam,momentum",
                "--momentum",
                "0.5",
                "--dropout",
                "0.2",
                "--init",
                "he-normal",
                "--warmup",
                "1",
                "--clip-norm",
                "4",
                "-o",
                dir.resolve("s").toString());
        assertEquals(0, r.code(), r.out() + r.err());
        assertTrue(r.out().contains("fixed:     --dropout 0.2 --init he-normal"), r.out());
        Matcher command = Pattern.compile("jmlp train --data .*").matcher(r.out());
        assertTrue(command.find(), r.out());
        assertTrue(
                command.group().contains("--dropout 0.2 --init he-normal")
                        && command.group().contains("--warmup 1 --clip-norm 4"),
                command.group());
        assertEquals(
                command.group().contains("--optimizer momentum"),
                command.group().contains("--momentum 0.5"),
                "--momentum goes with the trials that use it: " + command.group());
        assertTrue(Files.readString(dir.resolve("s").resolve("results.json")).contains("\"dropout\""));
    }

    /** What a search prints as its winner is what train then runs: the command resolves back to the trial's configuration. */
    @Test
    void theTrainCommandOfATrialResolvesToThatTrial() {
        FixedSettings fixed = new FixedSettings(
                List.of(0.1f, 0.2f),
                "hinge:0.5",
                "lecun-normal",
                0.7f,
                null,
                0.85f,
                null,
                1e-7f,
                null,
                1e-5,
                "30steps",
                2,
                4);
        for (String optimizer : List.of("momentum", "adam", "rmsprop")) {
            TrialConfig trial =
                    new TrialConfig(List.of(12, 6), "elu", false, optimizer, 0.02, 1e-4, 16, "cosine:7", 9, fixed);
            String[] args = trial.trainCommand("moons", 1)
                    .substring("jmlp train ".length())
                    .split(" ");
            TrainCommand train = new TrainCommand();
            TrialConfig back = resolved(train, train.training, 640, args);
            String command = trial.trainCommand("moons", 1);
            assertEquals(trial.optimizerSettings(), back.optimizerSettings(), command);
            // Hyperparameters the trial's optimizer does not use are left out of its command (train would refuse them).
            assertEquals(fixed.flags(optimizer), back.fixed().flags(optimizer), command);
            assertEquals(
                    new TrialConfig(
                            trial.hidden(),
                            trial.activation(),
                            trial.batchNorm(),
                            optimizer,
                            trial.learningRate(),
                            trial.l2(),
                            trial.batchSize(),
                            trial.schedule(),
                            trial.epochs(),
                            back.fixed()),
                    back,
                    command);
            assertEquals(trial.network(2, 2, trial.loss(true)), back.network(2, 2, back.loss(true)));
            assertEquals(trial.newSchedule().toString(), back.newSchedule().toString());
        }
    }

    @Test
    void flagsThatMeanNothingToACommandAreRefused() {
        List<String[]> cases = List.of(
                new String[] {
                    "cv --early-stopping 3", "--early-stopping: jmlp cv scores each fold's model after its last epoch"
                },
                new String[] {"search --early-stopping 3", "--early-stopping: jmlp search scores each trial's model"},
                new String[] {"search --momentum 0.5", "--momentum does not apply to --optimizer adam"},
                new String[] {
                    "search --optimizer sgd,adam --weight-decay 0.1", "--weight-decay is AdamW's decoupled decay"
                },
                new String[] {"cv --optimizer adam --rho 0.9", "--rho does not apply to --optimizer adam"},
                new String[] {"cv --dropout 0.1,0.2,0.3", "gives 3 probabilities for 2 hidden layers"},
                new String[] {"lr-find --schedule constant", "--schedule: lr-find sweeps the learning rate itself"},
                new String[] {"lr-find --epochs 3", "--epochs: lr-find runs --steps steps"},
                new String[] {"lr-find --clip-norm 1", "--clip-norm: the range test"},
                new String[] {
                    "boundary --layers 8", "--layers: jmlp boundary trains one hidden layer per --hidden-sizes width"
                },
                new String[] {"boundary --loss bce", "--loss bce: jmlp boundary shades the probability of class 1"});
        for (String[] c : cases) {
            List<String> args = new ArrayList<>(List.of(c[0].split(" ")));
            args.addAll(List.of("--data", "moons:n=200", "--backend", "reference"));
            Result r = jmlp(args.toArray(String[]::new));
            assertEquals(1, r.code(), c[0] + "\n" + r.out() + r.err());
            assertTrue(r.err().contains(c[1]), c[0] + ": expected '" + c[1] + "' in: " + r.err());
        }
    }

    private static String foldsCsv(Path out, String... args) throws Exception {
        Result r = jmlp(concat(args, "-o", out.toString()));
        assertEquals(0, r.code(), String.join(" ", args) + "\n" + r.out() + r.err());
        StringBuilder scores = new StringBuilder();
        for (String line : Files.readAllLines(out.resolve("folds.csv"))) {
            scores.append(line, 0, line.lastIndexOf(',')).append('\n'); // the seconds column differs between runs
        }
        return scores.toString();
    }

    /** Features exactly (Float.toString reads back to the same float), then the class index. */
    private static String csv(Dataset data) {
        StringBuilder sb = new StringBuilder("x0,x1,label\n");
        float[] x = data.features();
        for (int r = 0; r < data.rows(); r++) {
            sb.append(x[2 * r])
                    .append(',')
                    .append(x[2 * r + 1])
                    .append(',')
                    .append(data.labels()[r])
                    .append('\n');
        }
        return sb.toString();
    }

    private static double number(String text, String label) {
        Matcher m = Pattern.compile(label + "\\s+(-?[0-9.]+)").matcher(text);
        assertTrue(m.find(), "no '" + label + "' in:\n" + text);
        return Double.parseDouble(m.group(1));
    }

    private static String[] concat(String[] a, String... b) {
        String[] all = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }
}
