package io.jmlp.data;

/** A training set and the held-out test set that belongs with it. */
public record TrainTest(Dataset train, Dataset test) {

    public TrainTest {
        if (train.cols() != test.cols()) {
            throw new IllegalArgumentException(
                    "train has " + train.cols() + " features per row but test has " + test.cols());
        }
    }
}
