package io.jmlp.cli;

import static io.jmlp.cli.TrainCommandTest.jmlp;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jmlp.select.TrialConfig;
import io.jmlp.train.TrainingRecipe;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The small-data recipe fills only the flags left out, and only under 5,000 training rows. */
class TrainingRecipeTest {

    @Test
    void theRecipeFollowsTheTrainingSetSize() {
        assertSame(TrainingRecipe.SMALL_DATA, TrainingRecipe.forTrainingRows(720)); // moons after the validation split
        assertSame(TrainingRecipe.SMALL_DATA, TrainingRecipe.forTrainingRows(4_999));
        assertSame(TrainingRecipe.SEED, TrainingRecipe.forTrainingRows(5_000));
        assertSame(
                TrainingRecipe.SEED,
                TrainingRecipe.forTrainingRows(7_200)); // mnist-10k: the seed network stays the default
        assertEquals(0.003, TrainingRecipe.SMALL_DATA.learningRate("RMSProp"));
    }

    /** The flags' written defaults are the seed recipe the Java estimators use, so the CLI and the API train alike. */
    @Test
    void theFlagsDefaultsAreTheSeedRecipe() {
        TrainCommand train = new TrainCommand();
        new picocli.CommandLine(train).parseArgs();
        TrainingFlags.Resolved resolved = train.training.resolve(7_200);
        assertEquals("", resolved.note());
        TrialConfig config = resolved.config();
        TrainingRecipe seed = TrainingRecipe.SEED;
        assertEquals(seed.hidden(), config.hidden());
        assertEquals(seed.batchSize(), config.batchSize());
        assertEquals(seed.epochs(), config.epochs());
        assertEquals(seed.schedule(), config.schedule());
        assertEquals(io.jmlp.optim.OptimizerSettings.defaults("momentum").defaultLearningRate(), config.learningRate());
        TrialConfig small = train.training.resolve(720).config();
        assertEquals(TrainingRecipe.SMALL_DATA.hidden(), small.hidden());
        assertEquals(TrainingRecipe.SMALL_DATA.learningRate("momentum"), small.learningRate());
    }

    @Test
    void givenFlagsWinAndTheRunSaysWhichCameFromTheRecipe(@TempDir Path dir) {
        TrainCommandTest.Result r = jmlp(
                "train",
                "--data",
                "moons",
                "--layers",
                "8",
                "--epochs",
                "2",
                "--optimizer",
                "adam",
                "--backend",
                "reference",
                "--plots",
                "none",
                "--no-progress",
                "-o",
                dir.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(
                r.out()
                        .contains(
                                "(small-data defaults, under 5,000 training rows: --batch-size 32 --schedule cosine:100 --lr 0.01;"),
                r.out());
        assertTrue(r.out().contains("2-8-2"), r.out());
        assertTrue(r.out().contains("training:  2 epochs, batch 32"), r.out());
        assertFalse(r.out().contains("--layers 32,32"), r.out());
    }
}
