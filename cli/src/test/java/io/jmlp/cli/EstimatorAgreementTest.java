package io.jmlp.cli;

import static io.jmlp.cli.TrainCommandTest.jmlp;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jmlp.data.DataSources;
import io.jmlp.data.TrainTest;
import io.jmlp.estimator.ClassificationModel;
import io.jmlp.estimator.MlpClassifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code jmlp train} and the estimators assemble training the same way (validation split, recipe,
 * scaler, trainer), so the same settings give the same run, epoch for epoch. Until the command is
 * rewritten on the estimators, this keeps the two from drifting apart.
 */
class EstimatorAgreementTest {

    @Test
    void theSameSettingsTrainTheSameNetworkAsJmlpTrain(@TempDir Path dir) throws Exception {
        TrainCommandTest.Result r = jmlp(
                "train",
                "--data",
                "moons",
                "--epochs",
                "15",
                "--optimizer",
                "adam",
                "--scale",
                "standard",
                "--backend",
                "cpu",
                "--plots",
                "none",
                "--no-progress",
                "-o",
                dir.toString());
        assertEquals(0, r.code(), r.err());
        List<String> cliLosses = Files.readAllLines(dir.resolve("history.csv")).stream()
                .skip(1)
                .map(line -> line.split(",")[2] + "," + line.split(",")[4])
                .toList();

        TrainTest moons = DataSources.load("moons", 1);
        ClassificationModel<String> model = MlpClassifier.builder()
                .epochs(15)
                .optimizer("adam")
                .scaling("standard")
                .backend("cpu")
                .build()
                .fit(moons.train());
        List<String> estimatorLosses = model.history().epochs().stream()
                .map(e -> String.format(Locale.ROOT, "%.6f,%.6f", e.trainLoss(), e.validationLoss()))
                .toList();
        assertEquals(cliLosses, estimatorLosses, "train and validation loss per epoch");
    }
}
