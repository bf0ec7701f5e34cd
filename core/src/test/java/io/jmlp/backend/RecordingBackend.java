package io.jmlp.backend;

import java.util.ArrayList;
import java.util.List;

/**
 * A {@link CheckedBackend} that computes nothing: each hook records its name in {@link #calls}, so
 * a test sees exactly what the front let through. Its buffers record {@code release} when freed.
 */
final class RecordingBackend extends CheckedBackend {
    final List<String> calls = new ArrayList<>();
    RuntimeException drainFailure;

    private void called(String hook) {
        calls.add(hook);
    }

    @Override
    public String name() {
        return "recording";
    }

    @Override
    public String deviceDescription() {
        return "records hook calls";
    }

    @Override
    protected DeviceBuffer allocateUnchecked(DType dtype, long length) {
        called("allocate");
        return new DeviceBuffer(dtype, length, buffers()) {
            @Override
            protected void release() {
                called("release");
            }
        };
    }

    @Override
    protected void writeUnchecked(Tensor dst, float[] src, int srcOffset) {
        called("write(float[])");
    }

    @Override
    protected void writeUnchecked(Tensor dst, int[] src, int srcOffset) {
        called("write(int[])");
    }

    @Override
    protected void readUnchecked(Tensor src, float[] dst, int dstOffset) {
        called("read(float[])");
    }

    @Override
    protected void readUnchecked(Tensor src, int[] dst, int dstOffset) {
        called("read(int[])");
    }

    @Override
    protected void synchronizeUnchecked() {
        called("synchronize");
    }

    @Override
    protected void gemmUnchecked(
            boolean transposeA, boolean transposeB, float alpha, Tensor a, Tensor b, float beta, Tensor c) {
        called("gemm");
    }

    @Override
    protected void sumRowsUnchecked(Tensor x, float beta, Tensor out) {
        called("sumRows");
    }

    @Override
    protected void biasActivationForwardUnchecked(Tensor z, Tensor bias, Activation activation, Tensor a) {
        called("biasActivationForward");
    }

    @Override
    protected void activationBackwardUnchecked(Activation activation, Tensor z, Tensor a, Tensor da, Tensor dz) {
        called("activationBackward");
    }

    @Override
    protected void preluForwardUnchecked(Tensor x, Tensor slope, Tensor y) {
        called("preluForward");
    }

    @Override
    protected void preluBackwardUnchecked(Tensor x, Tensor slope, Tensor dy, Tensor dx, Tensor dSlope) {
        called("preluBackward");
    }

    @Override
    protected void batchNormForwardTrainingUnchecked(
            Tensor x,
            Tensor gamma,
            Tensor beta,
            float eps,
            float momentum,
            Tensor runningMean,
            Tensor runningVar,
            Activation activation,
            Tensor y,
            Tensor a,
            Tensor savedMean,
            Tensor savedInvStd) {
        called("batchNormForwardTraining");
    }

    @Override
    protected void batchNormForwardInferenceUnchecked(
            Tensor x,
            Tensor gamma,
            Tensor beta,
            float eps,
            Tensor runningMean,
            Tensor runningVar,
            Activation activation,
            Tensor y) {
        called("batchNormForwardInference");
    }

    @Override
    protected void batchNormBackwardUnchecked(
            Tensor x,
            Activation activation,
            Tensor y,
            Tensor a,
            Tensor da,
            Tensor gamma,
            Tensor savedMean,
            Tensor savedInvStd,
            Tensor dx,
            Tensor dGamma,
            Tensor dBeta) {
        called("batchNormBackward");
    }

    @Override
    protected void dropoutForwardUnchecked(Tensor x, float p, long seed, long stream, Tensor mask, Tensor y) {
        called("dropoutForward");
    }

    @Override
    protected void dropoutForwardUnchecked(
            Tensor x, float p, long seed, long streamBase, Tensor clock, Tensor mask, Tensor y) {
        called("dropoutForward (clock)");
    }

    @Override
    protected void multiplyUnchecked(Tensor a, Tensor b, Tensor out) {
        called("multiply");
    }

    @Override
    protected void softmaxCrossEntropyUnchecked(
            Tensor logits, Tensor labels, Tensor dLogits, Tensor lossSum, Tensor correctSum) {
        called("softmaxCrossEntropy");
    }

    @Override
    protected void sigmoidBinaryCrossEntropyUnchecked(Tensor logits, Tensor targets, Tensor dLogits, Tensor lossSum) {
        called("sigmoidBinaryCrossEntropy");
    }

    @Override
    protected void meanSquaredErrorUnchecked(Tensor predictions, Tensor targets, Tensor dPredictions, Tensor lossSum) {
        called("meanSquaredError");
    }

    @Override
    protected void multiclassHingeUnchecked(
            Tensor scores, Tensor labels, float margin, Tensor dScores, Tensor lossSum) {
        called("multiclassHinge");
    }

    @Override
    protected void softmaxUnchecked(Tensor logits, Tensor out) {
        called("softmax");
    }

    @Override
    protected void argmaxRowsUnchecked(Tensor scores, Tensor out) {
        called("argmaxRows");
    }

    @Override
    protected void countCorrectUnchecked(Tensor scores, Tensor labels, Tensor correctSum) {
        called("countCorrect");
    }

    @Override
    protected void optimizerUpdateUnchecked(
            UpdateRule rule,
            Tensor rates,
            Tensor clock,
            Tensor gradSquares,
            Tensor params,
            Tensor grads,
            Tensor state1,
            Tensor state2,
            long decayedCount) {
        called("optimizerUpdate");
    }

    @Override
    protected void advanceClockUnchecked(Tensor clock) {
        called("advanceClock");
    }

    @Override
    protected void clampColumnNormsUnchecked(Tensor w, float maxNorm) {
        called("clampColumnNorms");
    }

    @Override
    protected void gatherRowsUnchecked(Tensor src, Tensor indices, int first, Tensor dst) {
        called("gatherRows");
    }

    @Override
    protected void gatherRowsUnchecked(Tensor src, Tensor indices, Tensor clock, int rowsPerStep, Tensor dst) {
        called("gatherRows (clock)");
    }

    @Override
    protected void fillUnchecked(Tensor x, float value) {
        called("fill " + value);
    }

    @Override
    protected void copyUnchecked(Tensor src, Tensor dst) {
        called("copy");
    }

    @Override
    protected void scaleUnchecked(Tensor x, float alpha) {
        called("scale " + alpha);
    }

    @Override
    protected void axpyUnchecked(float alpha, Tensor x, Tensor y) {
        called("axpy");
    }

    @Override
    protected void sumOfSquaresUnchecked(Tensor x, Tensor out) {
        called("sumOfSquares");
    }

    @Override
    protected void countNonFiniteUnchecked(Tensor x, Tensor count) {
        called("countNonFinite");
    }

    @Override
    protected void drainUnchecked() {
        called("drain");
        if (drainFailure != null) {
            throw drainFailure;
        }
    }

    @Override
    protected void closeUnchecked() {
        called("close");
    }

    @Override
    protected org.slf4j.event.Level leftoverLogLevel() {
        return org.slf4j.event.Level.DEBUG; // the tests leave buffers open on purpose
    }
}
