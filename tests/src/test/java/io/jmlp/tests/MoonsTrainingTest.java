package io.jmlp.tests;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jmlp.backend.Backend;
import io.jmlp.data.DataSources;
import io.jmlp.data.TrainTest;
import io.jmlp.loss.SoftmaxCrossEntropy;
import io.jmlp.nn.Mlp;
import io.jmlp.nn.MlpSpec;
import io.jmlp.nn.WeightInit;
import io.jmlp.optim.Optimizer;
import io.jmlp.optim.StepDecay;
import io.jmlp.train.DeviceDataset;
import io.jmlp.train.Trainer;
import io.jmlp.train.TrainingOptions;
import java.util.Locale;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * End-to-end training on two moons (n = 1000, noise 0.2, 800 train / 200 test) on every backend,
 * with the course report's moons network: one tanh hidden layer (16 units), softmax output.
 *
 * <p>Why not a fixed "≥ 97%": with noise 0.2 the classes overlap, and the Bayes-optimal classifier
 * itself scores about 97.2% in expectation (an RBF SVM trained on 20,000 samples: 97.17% on
 * 100,000 more); on a 200-point test set its score moves ±1.2 points from draw to draw, so about
 * half of all draws cannot reach 97% with any model. The test holds the trained network to the
 * best possible classifier on the very same test points ({@link MoonsBayes}), averaged over five
 * data seeds: within 1 point on average, and at least 95% on every seed. (The configuration was
 * chosen on seeds 2–7, where its mean gap to Bayes was 0.17 points; on scikit-learn's own
 * make_moons draws jmlp's accuracy matched MLPClassifier's: 96.8% vs 96.7% over seeds 0–7.)
 */
@Tag("slow") // full tier only (a full training per backend to the Bayes bound): ./scripts/test --fast leaves it out
class MoonsTrainingTest {
    private static final int SEEDS = 5;

    @ParameterizedTest
    @MethodSource("io.jmlp.tests.TestBackends#namesWithReference")
    void moonsTrainsToWithinOnePointOfTheBayesClassifier(String backendName) throws Exception {
        MlpSpec spec = MlpSpec.builder(2)
                .dense(16)
                .tanh()
                .dense(2)
                .loss(new SoftmaxCrossEntropy())
                .build();
        double accuracySum = 0;
        double bayesSum = 0;
        StringBuilder perSeed = new StringBuilder();
        try (Backend backend = TestBackends.open(backendName)) {
            for (int seed = 1; seed <= SEEDS; seed++) {
                TrainTest sets = DataSources.load("moons:n=1000,noise=0.2", seed);
                double bayes = MoonsBayes.accuracy(sets.test(), 0.2);
                try (Mlp model = Mlp.create(spec, backend, WeightInit.XAVIER_NORMAL, seed);
                        DeviceDataset train = DeviceDataset.upload(backend, sets.train(), spec.loss());
                        DeviceDataset test = DeviceDataset.upload(backend, sets.test(), spec.loss());
                        Optimizer sgd = Optimizer.sgd(0.9f)) {
                    new Trainer(new TrainingOptions(200, 32, seed, true), sgd, new StepDecay(0.1, 0.5, 50))
                            .fit(model, train, null);
                    double accuracy = Trainer.evaluate(model, test, 1000).accuracy();
                    perSeed.append(String.format(Locale.ROOT, " seed %d: %.3f (Bayes %.3f);", seed, accuracy, bayes));
                    assertTrue(accuracy >= 0.95, backendName + perSeed);
                    accuracySum += accuracy;
                    bayesSum += bayes;
                }
            }
        }
        String summary = String.format(
                Locale.ROOT,
                "%s: mean test accuracy %.4f, Bayes classifier %.4f;%s",
                backendName,
                accuracySum / SEEDS,
                bayesSum / SEEDS,
                perSeed);
        System.out.println(summary);
        assertTrue(accuracySum / SEEDS >= bayesSum / SEEDS - 0.01, summary);
    }
}
