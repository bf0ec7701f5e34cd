package io.jmlp.train;

import io.jmlp.nn.Mlp;

/** Something the trainer does in every step, after the optimizer update (queued on the device, never waited for). */
interface StepHook {
    void afterUpdate(Mlp model);
}
