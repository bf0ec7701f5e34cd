package io.jmlp.estimator;

import io.jmlp.nn.HiddenActivation;
import io.jmlp.nn.WeightInit;
import io.jmlp.optim.OptimizerSettings;
import io.jmlp.train.EarlyStopping;
import io.jmlp.train.TrainingListener;
import java.util.List;

/**
 * What an estimator's builder was told, checked. A null means "not set": {@link NetworkTraining}
 * fills it from {@link io.jmlp.train.TrainingRecipe} (hidden widths, batch size, epochs, schedule,
 * learning rate) or from the other values (the init scheme, from activation and batch norm).
 *
 * @param loss               the classifier's loss as {@link io.jmlp.loss.Loss#parse} reads it, or "auto"; the regressor's is mse
 * @param validationFraction share of the training rows held out and scored each epoch (0: none)
 * @param scaling            none, standard or minmax, fitted on the training rows only
 */
record TrainingSettings(
        int[] hidden,
        HiddenActivation activation,
        boolean batchNorm,
        float[] dropout,
        String loss,
        WeightInit init,
        OptimizerSettings optimizer,
        Double learningRate,
        String schedule,
        String warmup,
        EarlyStopping earlyStopping,
        double clipNorm,
        double maxNorm,
        Integer epochs,
        Integer batchSize,
        long seed,
        BackendChoice backend,
        String scaling,
        double validationFraction,
        List<TrainingListener> listeners) {

    TrainingSettings {
        hidden = hidden == null ? null : hidden.clone();
        dropout = dropout.clone();
        listeners = List.copyOf(listeners);
    }
}
