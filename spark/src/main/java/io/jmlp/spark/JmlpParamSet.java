package io.jmlp.spark;

import java.io.Serializable;
import org.apache.spark.ml.param.BooleanParam;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.IntArrayParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.LongParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamValidators;
import org.apache.spark.ml.param.Params;

/**
 * The Params of jmlp's Spark estimators and models, one set per instance (a Spark Param belongs to
 * its owner's uid). Where MLlib's {@code MultilayerPerceptronClassifier} has a Param of the same
 * meaning, it has the same name: {@code layers}, {@code maxIter}, {@code blockSize}, {@code stepSize},
 * {@code seed}, {@code solver}. The rest is jmlp's training menu under {@code jmlp train}'s names,
 * and how the workers synchronise. Defaults are {@code jmlp train}'s seed recipe.
 */
public final class JmlpParamSet implements Serializable {
    private static final long serialVersionUID = 1L;

    final IntArrayParam layers;
    final IntArrayParam hiddenLayers;
    final IntParam maxIter;
    final IntParam blockSize;
    final DoubleParam stepSize;
    final LongParam seed;
    final Param<String> solver;
    final Param<String> activation;
    final BooleanParam batchNorm;
    final DoubleParam dropout;
    final DoubleParam momentum;
    final Param<String> schedule;
    final DoubleParam l2;
    final DoubleParam l1;
    final Param<String> init;
    final DoubleParam clipNorm;
    final DoubleParam maxNorm;
    final BooleanParam shuffle;
    final IntParam syncEvery;
    final IntParam numWorkers;
    final IntParam treeDepth;
    final Param<String> backend;
    final Param<String> checkpointDir;

    JmlpParamSet(Params owner) {
        layers = new IntArrayParam(
                owner,
                "layers",
                "MLlib's meaning: every layer's width from input to output, e.g. [784, 300, 150, 10]; "
                        + "input and output must match the data. Unset: hiddenLayers between the data's sizes.");
        hiddenLayers = new IntArrayParam(
                owner, "hiddenLayers", "hidden layer widths (used when layers is unset); [] for none");
        maxIter = new IntParam(
                owner,
                "maxIter",
                "epochs: passes over the training data (MLlib: L-BFGS iterations)",
                ParamValidators.gtEq(1));
        blockSize = new IntParam(
                owner,
                "blockSize",
                "mini-batch size on each worker (0: each worker's whole partition, full-batch "
                        + "gradient descent); MLlib: rows stacked per matrix block",
                ParamValidators.gtEq(0));
        stepSize = new DoubleParam(owner, "stepSize", "initial learning rate", ParamValidators.gt(0));
        seed = new LongParam(owner, "seed", "seeds the weights, shuffles and dropout masks");
        solver = new Param<>(
                owner,
                "solver",
                "optimizer: sgd (also gd), momentum, nesterov, adagrad, rmsprop, adam, adamw "
                        + "(PyTorch's defaults); MLlib's l-bfgs is not offered");
        activation = new Param<>(
                owner,
                "activation",
                "hidden activation, as jmlp train --activation: relu, sigmoid, tanh, leaky-relu[:slope], "
                        + "prelu, elu, gelu, swish, …");
        batchNorm = new BooleanParam(owner, "batchNorm", "batch normalisation before each hidden activation");
        dropout = new DoubleParam(
                owner,
                "dropout",
                "inverted-dropout probability after each hidden activation (0: none)",
                ParamValidators.inRange(0, 1, true, false));
        momentum = new DoubleParam(
                owner,
                "momentum",
                "momentum of the momentum and nesterov solvers",
                ParamValidators.inRange(0, 1, true, false));
        schedule = new Param<>(
                owner,
                "schedule",
                "learning-rate schedule, as jmlp train --schedule: constant, step[:factor[:every]], "
                        + "exponential[:gamma], cosine[:T0[:Tmult[:min-lr]]], adaptive, …");
        l2 = new DoubleParam(owner, "l2", "L2 penalty λ/2·‖W‖² on the weights", ParamValidators.gtEq(0));
        l1 = new DoubleParam(owner, "l1", "L1 penalty λ·‖W‖₁ on the weights", ParamValidators.gtEq(0));
        init = new Param<>(
                owner,
                "init",
                "weight initialisation, as jmlp train --init: auto, pytorch, he-normal, xavier-normal, …");
        clipNorm = new DoubleParam(
                owner,
                "clipNorm",
                "clip each worker's gradients to this global L2 norm (0: off)",
                ParamValidators.gtEq(0));
        maxNorm = new DoubleParam(
                owner,
                "maxNorm",
                "max-norm constraint on each neuron's incoming weights (0: off)",
                ParamValidators.gtEq(0));
        shuffle = new BooleanParam(owner, "shuffle", "draw a new order of each worker's rows every epoch");
        syncEvery = new IntParam(
                owner,
                "syncEvery",
                "K: optimizer steps each worker takes between two parameter averagings (a Spark job)",
                ParamValidators.gtEq(1));
        numWorkers = new IntParam(
                owner,
                "numWorkers",
                "partitions (workers) to train on; 0: the input's partitions as they are",
                ParamValidators.gtEq(0));
        treeDepth = new IntParam(
                owner, "treeDepth", "depth of the treeAggregate that averages the workers", ParamValidators.gtEq(1));
        backend = new Param<>(
                owner,
                "backend",
                "backend each task opens, as jmlp --backend: auto, cpu, cuda, opencl (cpu: spark.task.cpus "
                        + "threads; cuda: the GPU Spark assigned the task)");
        checkpointDir = new Param<>(
                owner, "checkpointDir", "a local directory for the driver's checkpoint after each epoch (empty: none)");
    }

    /** {@code jmlp train}'s seed recipe. */
    void setDefaults(Params owner) {
        owner.setDefault(hiddenLayers, new int[] {300, 150});
        owner.setDefault(maxIter, (Object) 10);
        owner.setDefault(blockSize, (Object) 100);
        owner.setDefault(stepSize, (Object) 0.01);
        owner.setDefault(seed, (Object) 1L);
        owner.setDefault(solver, "momentum");
        owner.setDefault(activation, "relu");
        owner.setDefault(batchNorm, (Object) true);
        owner.setDefault(dropout, (Object) 0.0);
        owner.setDefault(momentum, (Object) 0.9);
        owner.setDefault(schedule, "step:0.5:2");
        owner.setDefault(l2, (Object) 0.0);
        owner.setDefault(l1, (Object) 0.0);
        owner.setDefault(init, "auto");
        owner.setDefault(clipNorm, (Object) 0.0);
        owner.setDefault(maxNorm, (Object) 0.0);
        owner.setDefault(shuffle, (Object) true);
        owner.setDefault(syncEvery, (Object) 50);
        owner.setDefault(numWorkers, (Object) 0);
        owner.setDefault(treeDepth, (Object) 2);
        owner.setDefault(backend, "auto");
        owner.setDefault(checkpointDir, "");
    }
}
