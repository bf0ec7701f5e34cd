package io.jmlp.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jmlp.backend.Activation;
import io.jmlp.backend.Scope;
import io.jmlp.backend.Tensor;
import io.jmlp.loss.SoftmaxCrossEntropy;
import io.jmlp.nn.ForwardPass;
import io.jmlp.nn.Mlp;
import io.jmlp.nn.MlpSpec;
import io.jmlp.nn.WeightInit;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What one training step of the seed network (784-300-150-10, Dense without bias → BatchNorm → ReLU
 * twice, then Dense → softmax cross-entropy, batch 100) queues on the CUDA backend: its forward
 * pass, loss and accuracy count, and backward pass, counted on a {@link RecordingQueue}. The step's
 * other launches are not counted here: two row gathers (features, labels) and one optimizer update
 * before this test's numbers, so a whole step is 10 launches and 8 GEMMs (15 and 8 before batch
 * norm and the activation, and the loss and the count, were fused).
 */
class SeedNetworkLaunchesTest {
    private static final int BATCH = 100;

    private static MlpSpec seedNetwork() {
        return MlpSpec.builder(784)
                .dense(300)
                .batchNorm()
                .relu()
                .dense(150)
                .batchNorm()
                .relu()
                .dense(10)
                .loss(new SoftmaxCrossEntropy())
                .build();
    }

    @Test
    void forwardLossAndBackwardAreSevenLaunchesAndEightGemms() {
        RecordingQueue queue = new RecordingQueue();
        try (CudaBackend b = new CudaBackend(queue);
                Scope s = new Scope(b);
                Mlp model = Mlp.create(seedNetwork(), b, WeightInit.HE_NORMAL, 1)) {
            Tensor x = s.zeros(BATCH, 784);
            Tensor labels = s.ints(BATCH, 1);
            Tensor dOut = s.zeros(BATCH, 10);
            Tensor lossSum = s.zeros(1, 1);
            Tensor correctSum = s.zeros(1, 1);
            int launchesBefore = queue.launches.size();
            int gemmsBefore = queue.gemms.size();

            Tensor out = model.forward(x, ForwardPass.training(1, 0));
            model.loss().forwardBackward(b, out, labels, dOut, lossSum, correctSum);
            model.backward(dOut);

            List<String> kernels = queue.launches.subList(launchesBefore, queue.launches.size()).stream()
                    .map(KernelLaunch::kernel)
                    .toList();
            assertEquals(
                    List.of(
                            "batch_norm_forward_training", // layer 1: batch norm + ReLU
                            "batch_norm_forward_training", // layer 2: batch norm + ReLU
                            "bias_activation_forward", // output layer's bias
                            "softmax_cross_entropy", // loss, gradient and rows right
                            "sum_rows", // output layer's bias gradient
                            "batch_norm_backward", // layer 2: through ReLU and batch norm
                            "batch_norm_backward"),
                    kernels); // layer 1
            // Forward: x·W for each of the three dense layers; backward: dW for all three, dX for the upper two.
            assertEquals(8, queue.gemms.size() - gemmsBefore, "GEMMs");
        }
    }

    /** A batch of Trainer.evaluate: the forward pass in inference mode, then the loss with the count (7 launches unfused). */
    @Test
    void anEvaluationBatchIsFourLaunchesAndThreeGemms() {
        RecordingQueue queue = new RecordingQueue();
        try (CudaBackend b = new CudaBackend(queue);
                Scope s = new Scope(b);
                Mlp model = Mlp.create(seedNetwork(), b, WeightInit.HE_NORMAL, 1)) {
            Tensor x = s.zeros(BATCH, 784);
            Tensor labels = s.ints(BATCH, 1);
            Tensor dOut = s.zeros(BATCH, 10);
            Tensor lossSum = s.zeros(1, 1);
            Tensor correctSum = s.zeros(1, 1);
            int launchesBefore = queue.launches.size();
            int gemmsBefore = queue.gemms.size();

            Tensor out = model.forward(x, ForwardPass.inference());
            model.loss().forwardBackward(b, out, labels, dOut, lossSum, correctSum);

            List<String> kernels = queue.launches.subList(launchesBefore, queue.launches.size()).stream()
                    .map(KernelLaunch::kernel)
                    .toList();
            assertEquals(
                    List.of(
                            "batch_norm_forward_inference",
                            "batch_norm_forward_inference",
                            "bias_activation_forward",
                            "softmax_cross_entropy"),
                    kernels);
            assertEquals(3, queue.gemms.size() - gemmsBefore, "GEMMs");
        }
    }

    /**
     * The same step as the ops ran it before the fusion (batch norm, then the activation as its own op;
     * the loss, then {@code countCorrect}), on the same queue: the numbers the fused step is measured against.
     */
    @Test
    void theUnfusedStepWasTwelveLaunchesAndEightGemms() {
        RecordingQueue queue = new RecordingQueue();
        try (CudaBackend b = new CudaBackend(queue);
                Scope s = new Scope(b)) {
            int[] widths = {784, 300, 150, 10};
            Tensor[] w = new Tensor[3];
            for (int l = 0; l < 3; l++) {
                w[l] = s.zeros(widths[l], widths[l + 1]);
            }
            Tensor bias = s.zeros(1, 10);
            Tensor x = s.zeros(BATCH, 784);
            Tensor labels = s.ints(BATCH, 1);
            Tensor lossSum = s.zeros(1, 1);
            Tensor correctSum = s.zeros(1, 1);
            int launchesBefore = queue.launches.size();
            int gemmsBefore = queue.gemms.size();

            Tensor[] input = new Tensor[3];
            Tensor[] y = new Tensor[2];
            Tensor[] a = new Tensor[2];
            Tensor[][] stats = new Tensor[2][];
            Tensor h = x;
            for (int l = 0; l < 2; l++) {
                int m = widths[l + 1];
                input[l] = h;
                Tensor z = s.zeros(BATCH, m);
                b.gemm(false, false, 1f, h, w[l], 0f, z);
                y[l] = s.zeros(BATCH, m);
                a[l] = s.zeros(BATCH, m);
                stats[l] = new Tensor[] {z, s.zeros(1, m), s.zeros(1, m), s.zeros(1, m)};
                b.batchNormForwardTraining(
                        z,
                        s.zeros(1, m),
                        s.zeros(1, m),
                        1e-5f,
                        0.1f,
                        s.zeros(1, m),
                        s.zeros(1, m),
                        Activation.IDENTITY,
                        y[l],
                        y[l],
                        stats[l][2],
                        stats[l][3]);
                b.biasActivationForward(y[l], null, Activation.RELU, a[l]);
                h = a[l];
            }
            input[2] = h;
            Tensor out = s.zeros(BATCH, 10);
            b.gemm(false, false, 1f, h, w[2], 0f, out);
            b.biasActivationForward(out, bias, Activation.IDENTITY, out);
            Tensor dOut = s.zeros(BATCH, 10);
            b.softmaxCrossEntropy(out, labels, dOut, lossSum, null);
            b.countCorrect(out, labels, correctSum);

            b.gemm(true, false, 1f, input[2], dOut, 0f, s.zeros(150, 10));
            b.sumRows(dOut, 0f, s.zeros(1, 10));
            Tensor d = s.zeros(BATCH, 150);
            b.gemm(false, true, 1f, dOut, w[2], 0f, d);
            for (int l = 1; l >= 0; l--) {
                int m = widths[l + 1];
                Tensor dy = s.zeros(BATCH, m);
                b.activationBackward(Activation.RELU, y[l], a[l], d, dy);
                Tensor dz = s.zeros(BATCH, m);
                b.batchNormBackward(
                        stats[l][0],
                        Activation.IDENTITY,
                        null,
                        null,
                        dy,
                        s.zeros(1, m),
                        stats[l][2],
                        stats[l][3],
                        dz,
                        s.zeros(1, m),
                        s.zeros(1, m));
                b.gemm(true, false, 1f, input[l], dz, 0f, s.zeros(widths[l], m));
                if (l > 0) {
                    d = s.zeros(BATCH, widths[l]);
                    b.gemm(false, true, 1f, dz, w[l], 0f, d);
                }
            }

            assertEquals(12, queue.launches.size() - launchesBefore, "kernel launches");
            assertEquals(8, queue.gemms.size() - gemmsBefore, "GEMMs");
        }
    }
}
