package io.jmlp.examples;

import io.jmlp.data.DataSources;
import io.jmlp.data.TrainTest;
import io.jmlp.estimator.ClassificationModel;
import io.jmlp.estimator.MlpClassifier;
import java.nio.file.Path;

/**
 * Trains on the embedded digits and saves the model where {@code jmlp predict --model DIR} and
 * PyTorch (scripts/torch-load.py, docs/interop.md) read it: model.json describes the network,
 * model.safetensors holds its tensors under PyTorch's names and layout. Then loads it back.
 */
public class SaveModel {
    public static void main(String[] args) throws Exception {
        Path directory = Path.of(args.length > 0 ? args[0] : "digits-model");
        TrainTest digits = DataSources.load("mnist-10k", 1);
        ClassificationModel<String> model = MlpClassifier.builder().hiddenLayers(128).epochs(5).build().fit(digits.train());
        model.save(directory);

        ClassificationModel<String> loaded = ClassificationModel.load(directory);
        System.out.printf("saved %s to %s; test accuracy %.4f, after loading it back %.4f%n", model, directory,
                model.score(digits.test()), loaded.score(digits.test()));
    }
}
