/**
 * Optimizers and learning-rate schedules. {@link io.jmlp.optim.Optimizer} holds the hyperparameters,
 * the state buffers and the step count of SGD (momentum, Nesterov), AdaGrad, RMSProp and Adam/AdamW
 * with L1/L2, and applies a step as one backend op over the model's flat parameter buffer (the
 * formulas are in {@code io.jmlp.backend.UpdateRule}); {@link io.jmlp.optim.OptimizerSettings} is the
 * one place for their names and PyTorch's defaults. The schedules ({@link io.jmlp.optim.StepDecay},
 * cosine with warm restarts, cyclical, reduce-on-plateau, warm-up, …) implement
 * {@link io.jmlp.optim.LearningRateSchedule} and are parsed from {@code --schedule} by
 * {@link io.jmlp.optim.Schedules}.
 */
package io.jmlp.optim;
