package io.jmlp.examples;

import io.jmlp.data.DataSources;
import io.jmlp.data.TrainTest;
import io.jmlp.estimator.ClassificationModel;
import io.jmlp.estimator.MlpClassifier;
import java.util.Arrays;

/** Trains on jmlp's embedded 10,000 MNIST digits, labelled with words, and predicts words. */
public class Digits {
    static final String[] WORDS = {"zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"};

    public static void main(String[] args) throws Exception {
        TrainTest digits = DataSources.load("mnist-10k", 1); // 8,000 train / 2,000 test, pixels in [0, 1]
        float[][] x = digits.train().featureRows();
        String[] y = words(digits.train().labels());

        // The defaults are the seed network: 784-300-150-10, batch norm + ReLU, SGD momentum 0.9, 10 epochs.
        ClassificationModel<String> model = MlpClassifier.builder().build().fit(x, y);

        float[][] xTest = digits.test().featureRows();
        double accuracy = model.score(xTest, words(digits.test().labels()));
        System.out.printf("test accuracy %.4f; the first five test digits: %s%n", accuracy, model.predict(Arrays.copyOf(xTest, 5)));
        if (accuracy < 0.95) {
            throw new AssertionError("expected a test accuracy of at least 0.95");
        }
    }

    static String[] words(int[] digits) {
        return Arrays.stream(digits).mapToObj(d -> WORDS[d]).toArray(String[]::new);
    }
}
