package io.jmlp.examples;

import io.jmlp.data.CsvReader;
import io.jmlp.data.Dataset;
import io.jmlp.data.Folds;
import io.jmlp.estimator.ClassificationModel;
import io.jmlp.estimator.MlpClassifier;
import java.nio.file.Path;
import java.util.List;

/**
 * Fit and predict on a CSV file: Fisher's iris measurements (data/iris.csv), whose last column
 * names the species. jmlp's CSV reader takes the header, the numeric feature columns and the label
 * column; a stratified split keeps 30 flowers for testing.
 */
public class IrisCsv {
    public static void main(String[] args) throws Exception {
        Dataset iris = CsvReader.read(Path.of("data/iris.csv"), CsvReader.Format.defaults().withLabel("species"));
        Dataset.Split split = Folds.stratifiedSplit(iris, 0.8, 1);

        // 120 rows is small data: unless told otherwise jmlp trains a 32-32 network for 100 short-step epochs.
        MlpClassifier classifier = MlpClassifier.builder().scaling("standard").optimizer("adam").build();
        ClassificationModel<String> model = classifier.fit(split.first());

        float[][] test = split.second().featureRows();
        List<String> predicted = model.predict(test);
        float[] p = model.predictProba(test[0]);
        System.out.printf("classes %s; test accuracy %.4f%n", model.classes(), model.score(split.second()));
        System.out.printf("first test flower %s: predicted %s, probabilities %.3f %.3f %.3f%n",
                java.util.Arrays.toString(test[0]), predicted.get(0), p[0], p[1], p[2]);
        if (model.score(split.second()) < 0.9) {
            throw new AssertionError("expected a test accuracy of at least 0.9 on iris");
        }
    }
}
