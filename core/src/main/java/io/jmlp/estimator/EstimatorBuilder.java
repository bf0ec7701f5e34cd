package io.jmlp.estimator;

import io.jmlp.backend.Backend;
import io.jmlp.backend.Backends;
import io.jmlp.nn.HiddenActivation;
import io.jmlp.nn.WeightInit;
import io.jmlp.optim.OptimizerSettings;
import io.jmlp.optim.Schedules;
import io.jmlp.train.EarlyStopping;
import io.jmlp.train.TrainingListener;
import io.jmlp.train.TrainingRecipe;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The training menu shared by {@link MlpClassifier.Builder} and {@link MlpRegressor.Builder}: the
 * network, the optimizer and its hyperparameters, the learning-rate schedule, regularisation, and
 * where and how long to train. Every setter checks its value at once and fails naming it; names
 * ({@code "relu"}, {@code "adam"}, {@code "cosine:50"}, …) are those of {@code jmlp train}'s flags,
 * listed with their meaning in docs/training.md.
 *
 * <p>What is left unset follows the data, as {@code jmlp train} does ({@link TrainingRecipe}): under
 * 5,000 training rows, hidden layers 32-32, batch 32, 100 epochs, a cosine schedule and a rate per
 * optimizer; otherwise the seed network 300-150, batch 100, 10 epochs, the rate halved every 2
 * epochs. Always: ReLU, batch norm, SGD with momentum 0.9, 10% of the rows held out for validation,
 * no feature scaling, seed 1, the best backend there is.
 *
 * <pre>{@code
 * MlpClassifier classifier = MlpClassifier.builder()
 *         .hiddenLayers(128, 64).activation("gelu").dropout(0.2f)
 *         .optimizer("adamw").learningRate(3e-3).schedule("cosine:30").warmup("1")
 *         .epochs(30).batchSize(64).earlyStopping(5)
 *         .scaling("standard").seed(7)
 *         .build();
 * }</pre>
 *
 * @param <B> the concrete builder, so that every setter returns it
 */
public abstract class EstimatorBuilder<B extends EstimatorBuilder<B>> {
    private int[] hidden;
    private HiddenActivation activation = HiddenActivation.parse("relu");
    private boolean batchNorm = true;
    private float[] dropout = new float[0];
    private WeightInit init;
    private String optimizer = "momentum";
    private Double learningRate;
    private Float momentum;
    private Float rho;
    private Float beta1;
    private Float beta2;
    private Float epsilon;
    private Float weightDecay;
    private float l2;
    private float l1;
    private String schedule;
    private String warmup = "0";
    private EarlyStopping earlyStopping;
    private double clipNorm;
    private double maxNorm;
    private Integer epochs;
    private Integer batchSize;
    private long seed = 1;
    private BackendChoice backend;
    private String backendSpec = Backends.defaultSpec();
    private boolean strict = Backends.strictByDefault();
    private String scaling = "none";
    private double validationFraction = 0.1;
    private final List<TrainingListener> listeners = new ArrayList<>();

    /** Only {@link MlpClassifier.Builder} and {@link MlpRegressor.Builder} extend it (the constructor is package-private). */
    EstimatorBuilder() {}

    abstract B self();

    /** Hidden layer widths, input side first; none at all makes a linear model (logistic/linear regression). */
    public B hiddenLayers(int... widths) {
        for (int w : widths) {
            if (w < 1) {
                throw new IllegalArgumentException("hiddenLayers: widths must be >= 1, got " + w);
            }
        }
        this.hidden = widths.clone();
        return self();
    }

    /**
     * The hidden activation: identity, sigmoid, tanh, hard-sigmoid, hard-tanh, relu (the default),
     * leaky-relu[:slope], prelu[:shared|per-neuron], elu[:alpha], softplus, swish, gelu.
     */
    public B activation(String name) {
        this.activation = HiddenActivation.parse(name);
        return self();
    }

    /** Batch normalisation before each hidden activation (on by default). */
    public B batchNorm(boolean on) {
        this.batchNorm = on;
        return self();
    }

    /** Inverted dropout after each hidden activation: one probability for all hidden layers, or one per layer (none: off). */
    public B dropout(float... probabilities) {
        for (float p : probabilities) {
            if (!(p >= 0 && p < 1)) {
                throw new IllegalArgumentException("dropout: probabilities must be in [0, 1), got " + p);
            }
        }
        this.dropout = probabilities.clone();
        return self();
    }

    /**
     * Weight initialisation: auto (the default: pytorch under batch norm, else he-normal for ReLU-like
     * activations and xavier-normal for the others), small, xavier-normal, xavier-uniform, he-normal,
     * he-uniform, lecun-normal, lecun-uniform, pytorch.
     */
    public B init(String scheme) {
        this.init = scheme.trim().equalsIgnoreCase("auto") ? null : WeightInit.parse(scheme);
        return self();
    }

    /** sgd, momentum (the default), nesterov, adagrad, rmsprop, adam or adamw, with PyTorch's defaults. */
    public B optimizer(String name) {
        String n = name.trim().toLowerCase(Locale.ROOT);
        if (!OptimizerSettings.NAMES.contains(n)) {
            throw new IllegalArgumentException("optimizer: unknown optimizer '" + name + "'; choose one of "
                    + String.join(", ", OptimizerSettings.NAMES));
        }
        this.optimizer = n;
        return self();
    }

    /** The initial learning rate (default: the recipe's rate for the optimizer, else 0.01, Adam/AdamW 0.001). */
    public B learningRate(double rate) {
        if (!(rate > 0) || !Double.isFinite(rate)) {
            throw new IllegalArgumentException("learningRate must be > 0, got " + rate);
        }
        this.learningRate = rate;
        return self();
    }

    /** μ of momentum and nesterov (default 0.9). */
    public B momentum(float mu) {
        this.momentum = mu;
        return self();
    }

    /** RMSProp's decay of the mean squared gradient (PyTorch's alpha; default 0.99). */
    public B rho(float decay) {
        this.rho = decay;
        return self();
    }

    /** Adam's and AdamW's moment decays (default 0.9 and 0.999). */
    public B betas(float first, float second) {
        this.beta1 = first;
        this.beta2 = second;
        return self();
    }

    /** The denominator's ε of adagrad (default 1e-10), rmsprop, adam and adamw (1e-8). */
    public B epsilon(float eps) {
        this.epsilon = eps;
        return self();
    }

    /** AdamW's decoupled weight decay (default 0.01); other optimizers take {@link #l2}. */
    public B weightDecay(float decay) {
        this.weightDecay = decay;
        return self();
    }

    /** L2 penalty λ/2·‖W‖² on the weights (biases, batch norm and PReLU excluded); 0: none. */
    public B l2(float lambda) {
        this.l2 = lambda;
        return self();
    }

    /** L1 penalty λ·‖W‖₁ on the weights; 0: none. */
    public B l1(float lambda) {
        this.l1 = lambda;
        return self();
    }

    /**
     * The learning-rate schedule: constant, step[:factor[:every]], exponential[:gamma],
     * invscaling[:power], adaptive[:factor[:patience[:min-delta]]], cosine[:T0[:Tmult[:min-lr]]],
     * cyclic:max-lr[:half-cycle-epochs] (docs/training.md).
     */
    public B schedule(String spec) {
        Schedules.parse(spec, 0.01); // the form is checked now; the rate is known at fit time
        this.schedule = spec;
        return self();
    }

    /** A linear warm-up in front of the schedule: epochs ({@code "2"}, {@code "0.5"}) or steps ({@code "200steps"}); "0": none. */
    public B warmup(String length) {
        Schedules.withWarmup(Schedules.parse("constant", 0.01), length);
        this.warmup = length;
        return self();
    }

    /** Stops after {@code patience} epochs without a validation-loss improvement and keeps the best epoch's weights. */
    public B earlyStopping(int patience) {
        return earlyStopping(patience, 1e-4, true);
    }

    /**
     * Early stopping on the validation loss: stop after {@code patience} epochs that do not improve
     * on the best by more than {@code minDelta}; with {@code restoreBest}, end with the best epoch's
     * weights. Needs a {@link #validationFraction} above 0.
     */
    public B earlyStopping(int patience, double minDelta, boolean restoreBest) {
        this.earlyStopping = new EarlyStopping(patience, minDelta, restoreBest);
        return self();
    }

    /** Scales the gradients down to global L2 norm {@code norm} when longer; 0: off. */
    public B clipNorm(double norm) {
        if (!(norm >= 0) || !Double.isFinite(norm)) {
            throw new IllegalArgumentException("clipNorm must be >= 0 (0: off), got " + norm);
        }
        this.clipNorm = norm;
        return self();
    }

    /** Keeps every neuron's incoming weight vector at length ≤ {@code c}; 0: off. */
    public B maxNorm(double c) {
        if (!(c >= 0) || !Double.isFinite(c)) {
            throw new IllegalArgumentException("maxNorm must be >= 0 (0: off), got " + c);
        }
        this.maxNorm = c;
        return self();
    }

    /** Passes over the training set. */
    public B epochs(int count) {
        if (count < 1) {
            throw new IllegalArgumentException("epochs must be >= 1, got " + count);
        }
        this.epochs = count;
        return self();
    }

    /** Examples per optimizer step; 0: the whole training set (full-batch gradient descent). */
    public B batchSize(int examples) {
        if (examples < 0) {
            throw new IllegalArgumentException("batchSize must be >= 1, or 0 for the full batch, got " + examples);
        }
        this.batchSize = examples;
        return self();
    }

    /** Seeds the weights, the shuffles, the validation split and dropout, identically on every backend (default 1). */
    public B seed(long value) {
        this.seed = value;
        return self();
    }

    /**
     * Where to train: auto (the default, unless {@code -Djmlp.backend} or {@code JMLP_BACKEND} says
     * otherwise), reference, cpu, opencl[:N] or cuda[:N]. The estimator opens it for each fit and
     * closes it after; an unusable named backend falls back to auto unless {@link #strict} is set.
     */
    public B backend(String spec) {
        Backends.Spec.parse(spec); // a malformed spec fails here, not at the first fit
        this.backend = null;
        this.backendSpec = spec;
        return self();
    }

    /**
     * Trains and predicts on a backend you opened. The estimator and its models never close it:
     * close it yourself once you are done with them (a model used after that fails). A backend is
     * not thread-safe; do not share one between threads.
     */
    public B backend(Backend yours) {
        this.backend = BackendChoice.of(yours);
        return self();
    }

    /** Fails instead of falling back to auto when the named backend is unusable. */
    public B strict(boolean on) {
        this.strict = on;
        return self();
    }

    /** Feature scaling fitted on the training rows only and kept with the model: none (the default), standard or minmax. */
    public B scaling(String kind) {
        String k = kind.trim().toLowerCase(Locale.ROOT);
        if (!k.equals("none") && !k.equals("standard") && !k.equals("minmax")) {
            throw new IllegalArgumentException(
                    "scaling: unknown scaler '" + kind + "'; choose none, standard or minmax");
        }
        this.scaling = k;
        return self();
    }

    /** Share of the training rows held out and scored after each epoch (default 0.1; 0: train on every row). */
    public B validationFraction(double fraction) {
        if (!(fraction >= 0 && fraction < 1)) {
            throw new IllegalArgumentException("validationFraction must be in [0, 1), got " + fraction);
        }
        this.validationFraction = fraction;
        return self();
    }

    /** Called on the training thread at each step and epoch (progress bars, logging, plots). */
    public B listener(TrainingListener listener) {
        this.listeners.add(listener);
        return self();
    }

    /** The values, checked against each other. */
    TrainingSettings settings(String loss) {
        if (earlyStopping != null && validationFraction == 0) {
            throw new IllegalArgumentException(
                    "earlyStopping watches the validation loss; keep validationFraction above 0 (e.g. 0.1)");
        }
        if (hidden != null && dropout.length > 1 && dropout.length != hidden.length) {
            throw new IllegalArgumentException("dropout: " + dropout.length + " probabilities for " + hidden.length
                    + " hidden layers; give one for all, or one per hidden layer");
        }
        BackendChoice where = backend != null ? backend : BackendChoice.of(backendSpec, strict);
        return new TrainingSettings(
                hidden,
                activation,
                batchNorm,
                dropout,
                loss,
                init,
                optimizerSettings(),
                learningRate,
                schedule,
                warmup,
                earlyStopping,
                clipNorm,
                maxNorm,
                epochs,
                batchSize,
                seed,
                where,
                scaling,
                validationFraction,
                listeners);
    }

    /** The optimizer with its hyperparameters; one the optimizer does not use is an error, not silently ignored. */
    private OptimizerSettings optimizerSettings() {
        OptimizerSettings s = OptimizerSettings.defaults(optimizer);
        if (momentum != null) {
            s = s.withMomentum(requireUse(s, "momentum", "momentum", momentum));
        }
        if (rho != null) {
            s = s.withRho(requireUse(s, "rho", "rho", rho));
        }
        if (beta1 != null) {
            s = s.withBetas(requireUse(s, "beta1", "betas", beta1), beta2);
        }
        if (epsilon != null) {
            s = s.withEpsilon(requireUse(s, "epsilon", "epsilon", epsilon));
        }
        if (weightDecay != null) {
            if (!s.uses("weight-decay")) {
                throw new IllegalArgumentException("weightDecay is AdamW's decoupled decay; with optimizer " + optimizer
                        + " use l2 (the same as PyTorch's weight_decay there)");
            }
            s = s.withWeightDecay(weightDecay);
        }
        return s.withPenalties(l2, l1);
    }

    private static float requireUse(OptimizerSettings s, String hyperparameter, String setter, float value) {
        if (!s.uses(hyperparameter)) {
            throw new IllegalArgumentException(setter + " does not apply to optimizer " + s.name());
        }
        return value;
    }
}
