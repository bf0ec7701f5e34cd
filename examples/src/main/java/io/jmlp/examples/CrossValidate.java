package io.jmlp.examples;

import io.jmlp.data.CsvReader;
import io.jmlp.data.Dataset;
import io.jmlp.estimator.CrossValidation;
import io.jmlp.estimator.MlpClassifier;
import java.nio.file.Path;
import java.util.Arrays;

/** Five-fold cross-validation of two network sizes on iris: which generalises better? */
public class CrossValidate {
    public static void main(String[] args) throws Exception {
        Dataset iris = CsvReader.read(Path.of("data/iris.csv"), CsvReader.Format.defaults().withLabel("species"));
        float[][] x = iris.featureRows();
        String[] species = iris.labelNames();

        for (int width : new int[] {4, 32}) {
            MlpClassifier classifier = MlpClassifier.builder().hiddenLayers(width).scaling("standard").optimizer("adam").build();
            double[] accuracy = CrossValidation.scores(classifier, x, species, 5, 1); // stratified folds, seeded
            System.out.printf("hidden layer of %2d: accuracy %.4f ± %.4f over 5 folds %s%n", width,
                    CrossValidation.mean(accuracy), CrossValidation.std(accuracy), Arrays.toString(accuracy));
        }
    }
}
