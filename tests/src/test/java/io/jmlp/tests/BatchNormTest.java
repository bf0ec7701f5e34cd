package io.jmlp.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jmlp.backend.Tensor;
import io.jmlp.cpu.ReferenceBackend;
import io.jmlp.nn.BatchNorm;
import io.jmlp.nn.ForwardPass;
import io.jmlp.nn.LayerBinding;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Batch norm's running statistics and inference path, against PyTorch's conventions computed by hand. */
class BatchNormTest {

    @Test
    void runningStatisticsFollowPyTorchAndInferenceUsesThem() {
        try (ReferenceBackend backend = new ReferenceBackend(ReferenceBackend.Precision.FLOAT64)) {
            float[] gamma = {2f, 0.5f};
            float[] beta = {1f, -1f};
            Tensor params = Tensor.of(backend, 1, 4, new float[] {gamma[0], gamma[1], beta[0], beta[1]});
            Tensor grads = Tensor.zeros(backend, 1, 4);
            Tensor states = Tensor.of(backend, 1, 4, new float[] {0, 0, 1, 1});
            BatchNorm bn = new BatchNorm(2);
            bn.attach(new LayerBinding(
                    backend,
                    0,
                    List.of(params.view(0, 1, 2), params.view(2, 1, 2)),
                    List.of(grads.view(0, 1, 2), grads.view(2, 1, 2)),
                    List.of(states.view(0, 1, 2), states.view(2, 1, 2))));

            // Column 0: 1, 2, 3, 6 → mean 3, biased var 3.5, unbiased 14/3. Column 1: −1, 0, 1, 0 → mean 0, var 0.5,
            // unbiased 2/3.
            Tensor x = Tensor.of(backend, 4, 2, new float[] {1, -1, 2, 0, 3, 1, 6, 0});
            double[] mean = {3, 0};
            double[] var = {3.5, 0.5};
            double[] unbiased = {14.0 / 3, 2.0 / 3};
            Tensor y = bn.forward(x, ForwardPass.training(0, 0));
            float[] xs = x.toHost();
            float[] ys = y.toHost();
            for (int i = 0; i < 4; i++) {
                for (int j = 0; j < 2; j++) {
                    double expected = gamma[j] * (xs[2 * i + j] - mean[j]) / Math.sqrt(var[j] + 1e-5) + beta[j];
                    assertEquals(expected, ys[2 * i + j], 1e-6, "training output [" + i + "," + j + "]");
                }
            }
            double m = BatchNorm.DEFAULT_MOMENTUM; // 0.1f, as the layer stores it
            double[] runningMean = new double[2];
            double[] runningVar = {1, 1};
            for (int j = 0; j < 2; j++) {
                runningMean[j] = (1 - m) * 0 + m * mean[j];
                runningVar[j] = (1 - m) * 1 + m * unbiased[j];
                assertEquals(runningMean[j], backend.get(states, j), 1e-12, "running mean " + j);
                assertEquals(runningVar[j], backend.get(states, 2 + j), 1e-12, "running var " + j);
            }

            // A second batch moves the running statistics again.
            bn.forward(Tensor.of(backend, 2, 2, new float[] {0, 2, 2, 4}), ForwardPass.training(0, 1));
            runningMean[0] = (1 - m) * runningMean[0] + m * 1;
            runningMean[1] = (1 - m) * runningMean[1] + m * 3;
            runningVar[0] = (1 - m) * runningVar[0] + m * 2; // two values 2 apart: unbiased var 2
            runningVar[1] = (1 - m) * runningVar[1] + m * 2;
            for (int j = 0; j < 2; j++) {
                assertEquals(runningMean[j], backend.get(states, j), 1e-12);
                assertEquals(runningVar[j], backend.get(states, 2 + j), 1e-12);
            }

            // Inference normalises with the running statistics, whatever the batch.
            Tensor single = Tensor.of(backend, 1, 2, new float[] {4, -2});
            float[] out = bn.forward(single, ForwardPass.inference()).toHost();
            float[] in = {4, -2};
            for (int j = 0; j < 2; j++) {
                double expected = gamma[j] * (in[j] - runningMean[j]) / Math.sqrt(runningVar[j] + 1e-5) + beta[j];
                assertEquals(expected, out[j], 1e-6, "inference output " + j);
            }
            bn.close();
        }
    }
}
