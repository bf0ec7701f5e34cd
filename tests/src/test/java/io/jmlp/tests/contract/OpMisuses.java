package io.jmlp.tests.contract;

import static io.jmlp.backend.Activation.IDENTITY;
import static io.jmlp.backend.Activation.RELU;
import static io.jmlp.tests.contract.OpCases.EPS;
import static io.jmlp.tests.contract.OpCases.MOMENTUM;
import static io.jmlp.tests.contract.OpCases.MOMENTUM_SGD;
import static io.jmlp.tests.contract.OpCases.SGD;

import io.jmlp.backend.DType;
import io.jmlp.backend.Tensor;
import io.jmlp.backend.UpdateRule;
import io.jmlp.tests.contract.OpCases.Call;
import java.util.ArrayList;
import java.util.List;

/**
 * Bad calls of every op: a wrong shape or dtype, a forbidden alias, a tensor of another backend, an
 * impossible scalar. Each is one that no backend could run correctly without the check (it would
 * read or write out of bounds, write into another backend's memory, or compute something the
 * contract forbids), so only the contract's {@code IllegalArgumentException}, naming the op, with
 * every argument untouched, passes {@code OpMisuseTest}.
 */
final class OpMisuses {
    private OpMisuses() {}

    /** A bad call of {@code op} (a key of {@link OpCases#valid()}), described by {@code what}. */
    record Misuse(String op, String what, Call call) {
        @Override
        public String toString() {
            return op + ": " + what;
        }
    }

    static List<Misuse> all() {
        List<Misuse> m = new ArrayList<>();
        memory(m);
        linearAlgebra(m);
        activations(m);
        batchNorm(m);
        dropout(m);
        losses(m);
        optimizer(m);
        dataMovement(m);
        return m;
    }

    /** The misuses of {@code op}. */
    static List<Misuse> of(String op) {
        return all().stream().filter(c -> c.op().equals(op)).toList();
    }

    private static void add(List<Misuse> m, String op, String what, Call call) {
        m.add(new Misuse(op, what, call));
    }

    private static void memory(List<Misuse> m) {
        add(m, "allocate", "a negative length", (b, t) -> b.allocate(DType.FLOAT32, -5));
        add(m, "allocate", "more elements than an int indexes", (b, t) -> b.allocate(DType.FLOAT32, 1L << 40));
        add(m, "write(float[])", "an int32 tensor", (b, t) -> b.write(t.i(2, 3), new float[6], 0));
        add(m, "write(float[])", "a host array too short", (b, t) -> b.write(t.f(2, 3), new float[5], 0));
        add(m, "write(float[])", "a tensor of another backend", (b, t) -> b.write(t.foreign(2, 3), new float[6], 0));
        add(m, "write(int[])", "a float32 tensor", (b, t) -> b.write(t.f(2, 3), new int[6], 0));
        add(m, "write(int[])", "a negative host offset", (b, t) -> b.write(t.i(2, 3), new int[6], -1));
        add(m, "write(int[])", "a tensor of another backend", (b, t) -> b.write(t.foreignInts(2, 3), new int[6], 0));
        add(m, "read(float[])", "an int32 tensor", (b, t) -> b.read(t.i(2, 3), new float[6], 0));
        add(m, "read(float[])", "a host array too short", (b, t) -> b.read(t.f(2, 3), new float[6], 1));
        add(m, "read(float[])", "a tensor of another backend", (b, t) -> b.read(t.foreign(2, 3), new float[6], 0));
        add(m, "read(int[])", "a float32 tensor", (b, t) -> b.read(t.f(2, 3), new int[6], 0));
        add(m, "read(int[])", "a host array too short", (b, t) -> b.read(t.i(2, 3), new int[5], 0));
        add(m, "read(int[])", "a tensor of another backend", (b, t) -> b.read(t.foreignInts(2, 3), new int[6], 0));
    }

    private static void linearAlgebra(List<Misuse> m) {
        add(m, "gemm", "inner sizes differ", (b, t) -> b.gemm(false, false, 1f, t.f(3, 4), t.f(3, 5), 0f, t.f(3, 5)));
        add(m, "gemm", "C of the wrong shape", (b, t) -> b.gemm(false, false, 1f, t.f(3, 4), t.f(4, 5), 0f, t.f(3, 6)));
        add(m, "gemm", "the shape of Aᵀ", (b, t) -> b.gemm(true, false, 1f, t.f(3, 4), t.f(4, 5), 0f, t.f(3, 5)));
        add(m, "gemm", "C is A", (b, t) -> {
            Tensor a = t.f(3, 3);
            b.gemm(false, false, 1f, a, t.f(3, 3), 0f, a);
        });
        add(m, "gemm", "C overlaps B", (b, t) -> {
            Tensor both = t.f(6, 4);
            b.gemm(false, false, 1f, t.f(3, 4), both.rows(0, 4), 0f, both.rows(3, 3));
        });
        add(m, "gemm", "an int32 operand", (b, t) -> b.gemm(false, false, 1f, t.f(3, 4), t.i(4, 5), 0f, t.f(3, 5)));
        add(
                m,
                "gemm",
                "B of another backend",
                (b, t) -> b.gemm(false, false, 1f, t.f(3, 4), t.foreign(4, 5), 0f, t.f(3, 5)));
        add(m, "sumRows", "out of the wrong width", (b, t) -> b.sumRows(t.f(3, 4), 0f, t.f(1, 3)));
        add(m, "sumRows", "an int32 out", (b, t) -> b.sumRows(t.f(3, 4), 0f, t.i(1, 4)));
        add(m, "sumRows", "x of another backend", (b, t) -> b.sumRows(t.foreign(3, 4), 0f, t.f(1, 4)));
    }

    private static void activations(List<Misuse> m) {
        add(m, "biasActivationForward", "a is z for ReLU", (b, t) -> {
            Tensor z = t.f(3, 4);
            b.biasActivationForward(z, t.f(1, 4), RELU, z);
        });
        add(
                m,
                "biasActivationForward",
                "a bias of the wrong width",
                (b, t) -> b.biasActivationForward(t.f(3, 4), t.f(1, 3), RELU, t.f(3, 4)));
        add(
                m,
                "biasActivationForward",
                "a of another shape",
                (b, t) -> b.biasActivationForward(t.f(3, 4), null, RELU, t.f(4, 3)));
        add(
                m,
                "biasActivationForward",
                "a bias of another backend",
                (b, t) -> b.biasActivationForward(t.f(3, 4), t.foreign(1, 4), RELU, t.f(3, 4)));
        add(
                m,
                "activationBackward",
                "dz of another shape",
                (b, t) -> b.activationBackward(RELU, t.f(3, 4), t.f(3, 4), t.f(3, 4), t.f(3, 5)));
        add(
                m,
                "activationBackward",
                "an int32 da",
                (b, t) -> b.activationBackward(RELU, t.f(3, 4), t.f(3, 4), t.i(3, 4), t.f(3, 4)));
        add(
                m,
                "activationBackward",
                "z of another backend",
                (b, t) -> b.activationBackward(RELU, t.foreign(3, 4), t.f(3, 4), t.f(3, 4), t.f(3, 4)));
        add(
                m,
                "preluForward",
                "a slope neither [1 × 1] nor [1 × cols]",
                (b, t) -> b.preluForward(t.f(3, 4), t.f(1, 3), t.f(3, 4)));
        add(m, "preluForward", "y of another shape", (b, t) -> b.preluForward(t.f(3, 4), t.f(1, 1), t.f(3, 3)));
        add(
                m,
                "preluForward",
                "a slope of another backend",
                (b, t) -> b.preluForward(t.f(3, 4), t.foreign(1, 4), t.f(3, 4)));
        add(
                m,
                "preluBackward",
                "dSlope not the slope's shape",
                (b, t) -> b.preluBackward(t.f(3, 4), t.f(1, 4), t.f(3, 4), t.f(3, 4), t.f(1, 1)));
        add(
                m,
                "preluBackward",
                "dx of another shape",
                (b, t) -> b.preluBackward(t.f(3, 4), t.f(1, 1), t.f(3, 4), t.f(4, 3), t.f(1, 1)));
        add(
                m,
                "preluBackward",
                "dy of another backend",
                (b, t) -> b.preluBackward(t.f(3, 4), t.f(1, 1), t.foreign(3, 4), t.f(3, 4), t.f(1, 1)));
    }

    private static void batchNorm(List<Misuse> m) {
        String training = "batchNormForwardTraining";
        add(m, training, "a is y for ReLU", (b, t) -> {
            Tensor y = t.f(3, 4);
            b.batchNormForwardTraining(
                    t.f(3, 4), t.f(1, 4), t.f(1, 4), EPS, MOMENTUM, t.f(1, 4), t.f(1, 4), RELU, y, y, t.f(1, 4),
                    t.f(1, 4));
        });
        add(m, training, "a overlaps y", (b, t) -> {
            Tensor both = t.f(5, 4);
            b.batchNormForwardTraining(
                    t.f(3, 4),
                    t.f(1, 4),
                    t.f(1, 4),
                    EPS,
                    MOMENTUM,
                    t.f(1, 4),
                    t.f(1, 4),
                    RELU,
                    both.rows(0, 3),
                    both.rows(2, 3),
                    t.f(1, 4),
                    t.f(1, 4));
        });
        add(
                m,
                training,
                "gamma of the wrong width",
                (b, t) -> b.batchNormForwardTraining(
                        t.f(3, 4), t.f(1, 3), t.f(1, 4), EPS, MOMENTUM, t.f(1, 4), t.f(1, 4), RELU, t.f(3, 4),
                        t.f(3, 4), t.f(1, 4), t.f(1, 4)));
        add(
                m,
                training,
                "no rows",
                (b, t) -> b.batchNormForwardTraining(
                        t.f(0, 4), t.f(1, 4), t.f(1, 4), EPS, MOMENTUM, t.f(1, 4), t.f(1, 4), RELU, t.f(0, 4),
                        t.f(0, 4), t.f(1, 4), t.f(1, 4)));
        add(
                m,
                training,
                "a running mean of another backend",
                (b, t) -> b.batchNormForwardTraining(
                        t.f(3, 4),
                        t.f(1, 4),
                        t.f(1, 4),
                        EPS,
                        MOMENTUM,
                        t.foreign(1, 4),
                        t.f(1, 4),
                        RELU,
                        t.f(3, 4),
                        t.f(3, 4),
                        t.f(1, 4),
                        t.f(1, 4)));
        String inference = "batchNormForwardInference";
        add(
                m,
                inference,
                "a running variance of the wrong width",
                (b, t) -> b.batchNormForwardInference(
                        t.f(3, 4), t.f(1, 4), t.f(1, 4), EPS, t.f(1, 4), t.f(1, 5), RELU, t.f(3, 4)));
        add(
                m,
                inference,
                "y of another shape",
                (b, t) -> b.batchNormForwardInference(
                        t.f(3, 4), t.f(1, 4), t.f(1, 4), EPS, t.f(1, 4), t.f(1, 4), RELU, t.f(4, 4)));
        add(
                m,
                inference,
                "a null activation",
                (b, t) -> b.batchNormForwardInference(
                        t.f(3, 4), t.f(1, 4), t.f(1, 4), EPS, t.f(1, 4), t.f(1, 4), null, t.f(3, 4)));
        add(
                m,
                inference,
                "gamma of another backend",
                (b, t) -> b.batchNormForwardInference(
                        t.f(3, 4), t.foreign(1, 4), t.f(1, 4), EPS, t.f(1, 4), t.f(1, 4), RELU, t.f(3, 4)));
        String backward = "batchNormBackward";
        add(
                m,
                backward,
                "ReLU without y and a",
                (b, t) -> b.batchNormBackward(
                        t.f(3, 4), RELU, null, null, t.f(3, 4), t.f(1, 4), t.f(1, 4), t.f(1, 4), t.f(3, 4), t.f(1, 4),
                        t.f(1, 4)));
        add(
                m,
                backward,
                "dGamma of the wrong width",
                (b, t) -> b.batchNormBackward(
                        t.f(3, 4), IDENTITY, null, null, t.f(3, 4), t.f(1, 4), t.f(1, 4), t.f(1, 4), t.f(3, 4),
                        t.f(1, 3), t.f(1, 4)));
        add(
                m,
                backward,
                "dx of another shape",
                (b, t) -> b.batchNormBackward(
                        t.f(3, 4), RELU, t.f(3, 4), t.f(3, 4), t.f(3, 4), t.f(1, 4), t.f(1, 4), t.f(1, 4), t.f(2, 4),
                        t.f(1, 4), t.f(1, 4)));
        add(
                m,
                backward,
                "a saved mean of another backend",
                (b, t) -> b.batchNormBackward(
                        t.f(3, 4),
                        RELU,
                        t.f(3, 4),
                        t.f(3, 4),
                        t.f(3, 4),
                        t.f(1, 4),
                        t.foreign(1, 4),
                        t.f(1, 4),
                        t.f(3, 4),
                        t.f(1, 4),
                        t.f(1, 4)));
    }

    private static void dropout(List<Misuse> m) {
        add(m, "dropoutForward", "p = 1", (b, t) -> b.dropoutForward(t.f(3, 4), 1f, 1, 2, t.f(3, 4), t.f(3, 4)));
        add(
                m,
                "dropoutForward",
                "p = NaN",
                (b, t) -> b.dropoutForward(t.f(3, 4), Float.NaN, 1, 2, t.f(3, 4), t.f(3, 4)));
        add(
                m,
                "dropoutForward",
                "a mask of another shape",
                (b, t) -> b.dropoutForward(t.f(3, 4), 0.5f, 1, 2, t.f(3, 3), t.f(3, 4)));
        add(
                m,
                "dropoutForward",
                "x of another backend",
                (b, t) -> b.dropoutForward(t.foreign(3, 4), 0.5f, 1, 2, t.f(3, 4), t.f(3, 4)));
        String clock = "dropoutForward (clock)";
        add(
                m,
                clock,
                "a float32 clock",
                (b, t) -> b.dropoutForward(t.f(3, 4), 0.5f, 1, 2, t.f(1, 2), t.f(3, 4), t.f(3, 4)));
        add(
                m,
                clock,
                "a [1 × 3] clock",
                (b, t) -> b.dropoutForward(t.f(3, 4), 0.5f, 1, 2, t.i(1, 3), t.f(3, 4), t.f(3, 4)));
        add(
                m,
                clock,
                "y of another shape",
                (b, t) -> b.dropoutForward(t.f(3, 4), 0.5f, 1, 2, t.i(1, 2), t.f(3, 4), t.f(4, 3)));
        add(
                m,
                clock,
                "a clock of another backend",
                (b, t) -> b.dropoutForward(t.f(3, 4), 0.5f, 1, 2, t.foreignInts(1, 2), t.f(3, 4), t.f(3, 4)));
        add(m, "multiply", "out of another shape", (b, t) -> b.multiply(t.f(3, 4), t.f(3, 4), t.f(3, 5)));
        add(m, "multiply", "an int32 b", (b, t) -> b.multiply(t.f(3, 4), t.i(3, 4), t.f(3, 4)));
        add(m, "multiply", "a of another backend", (b, t) -> b.multiply(t.foreign(3, 4), t.f(3, 4), t.f(3, 4)));
    }

    private static void losses(List<Misuse> m) {
        String sce = "softmaxCrossEntropy";
        add(
                m,
                sce,
                "float32 labels",
                (b, t) -> b.softmaxCrossEntropy(t.f(3, 4), t.f(3, 1), t.f(3, 4), t.f(1, 1), null));
        add(
                m,
                sce,
                "labels for another batch",
                (b, t) -> b.softmaxCrossEntropy(t.f(3, 4), t.i(2, 1), t.f(3, 4), t.f(1, 1), null));
        add(
                m,
                sce,
                "dLogits of another shape",
                (b, t) -> b.softmaxCrossEntropy(t.f(3, 4), t.i(3, 1), t.f(3, 3), t.f(1, 1), null));
        add(
                m,
                sce,
                "a [1 × 2] lossSum",
                (b, t) -> b.softmaxCrossEntropy(t.f(3, 4), t.i(3, 1), t.f(3, 4), t.f(1, 2), null));
        add(m, sce, "correctSum is lossSum", (b, t) -> {
            Tensor sum = t.f(1, 1);
            b.softmaxCrossEntropy(t.f(3, 4), t.i(3, 1), t.f(3, 4), sum, sum);
        });
        add(
                m,
                sce,
                "labels of another backend",
                (b, t) -> b.softmaxCrossEntropy(t.f(3, 4), t.foreignInts(3, 1), t.f(3, 4), t.f(1, 1), null));
        String bce = "sigmoidBinaryCrossEntropy";
        add(m, bce, "two columns", (b, t) -> b.sigmoidBinaryCrossEntropy(t.f(3, 2), t.f(3, 2), t.f(3, 2), t.f(1, 1)));
        add(
                m,
                bce,
                "targets of another shape",
                (b, t) -> b.sigmoidBinaryCrossEntropy(t.f(3, 1), t.f(2, 1), t.f(3, 1), t.f(1, 1)));
        add(
                m,
                bce,
                "targets of another backend",
                (b, t) -> b.sigmoidBinaryCrossEntropy(t.f(3, 1), t.foreign(3, 1), t.f(3, 1), t.f(1, 1)));
        String mse = "meanSquaredError";
        add(
                m,
                mse,
                "targets of another shape",
                (b, t) -> b.meanSquaredError(t.f(3, 4), t.f(3, 5), t.f(3, 4), t.f(1, 1)));
        add(m, mse, "int32 targets", (b, t) -> b.meanSquaredError(t.f(3, 4), t.i(3, 4), t.f(3, 4), t.f(1, 1)));
        add(
                m,
                mse,
                "a lossSum of another backend",
                (b, t) -> b.meanSquaredError(t.f(3, 4), t.f(3, 4), t.f(3, 4), t.foreign(1, 1)));
        String hinge = "multiclassHinge";
        add(m, hinge, "a [1 × 2] lossSum", (b, t) -> b.multiclassHinge(t.f(3, 4), t.i(3, 1), 1f, t.f(3, 4), t.f(1, 2)));
        add(m, hinge, "labels [3 × 2]", (b, t) -> b.multiclassHinge(t.f(3, 4), t.i(3, 2), 1f, t.f(3, 4), t.f(1, 1)));
        add(
                m,
                hinge,
                "scores of another backend",
                (b, t) -> b.multiclassHinge(t.foreign(3, 4), t.i(3, 1), 1f, t.f(3, 4), t.f(1, 1)));
        add(m, "softmax", "out of another shape", (b, t) -> b.softmax(t.f(3, 4), t.f(4, 3)));
        add(m, "softmax", "an int32 out", (b, t) -> b.softmax(t.f(3, 4), t.i(3, 4)));
        add(m, "softmax", "logits of another backend", (b, t) -> b.softmax(t.foreign(3, 4), t.f(3, 4)));
        add(m, "argmaxRows", "a float32 out", (b, t) -> b.argmaxRows(t.f(3, 4), t.f(3, 1)));
        add(m, "argmaxRows", "out of the wrong length", (b, t) -> b.argmaxRows(t.f(3, 4), t.i(4, 1)));
        add(m, "argmaxRows", "out of another backend", (b, t) -> b.argmaxRows(t.f(3, 4), t.foreignInts(3, 1)));
        add(m, "countCorrect", "labels for another batch", (b, t) -> b.countCorrect(t.f(3, 4), t.i(2, 1), t.f(1, 1)));
        add(m, "countCorrect", "a [1 × 2] correctSum", (b, t) -> b.countCorrect(t.f(3, 4), t.i(3, 1), t.f(1, 2)));
        add(m, "countCorrect", "an int32 correctSum", (b, t) -> b.countCorrect(t.f(3, 4), t.i(3, 1), t.i(1, 1)));
        add(
                m,
                "countCorrect",
                "scores of another backend",
                (b, t) -> b.countCorrect(t.foreign(3, 4), t.i(3, 1), t.f(1, 1)));
    }

    private static void optimizer(List<Misuse> m) {
        int rates = UpdateRule.RATE_COLUMNS;
        String op = "optimizerUpdate";
        add(
                m,
                op,
                "grads of another size",
                (b, t) -> b.optimizerUpdate(SGD, t.f(2, rates), t.i(1, 2), null, t.f(1, 6), t.f(1, 5), null, null, 4));
        add(
                m,
                op,
                "momentum without its state",
                (b, t) -> b.optimizerUpdate(
                        MOMENTUM_SGD, t.f(2, rates), t.i(1, 2), null, t.f(1, 6), t.f(1, 6), null, null, 4));
        add(
                m,
                op,
                "a state of another size",
                (b, t) -> b.optimizerUpdate(
                        MOMENTUM_SGD, t.f(2, rates), t.i(1, 2), null, t.f(1, 6), t.f(1, 6), t.f(1, 5), null, 4));
        add(
                m,
                op,
                "a rate table of two columns",
                (b, t) -> b.optimizerUpdate(SGD, t.f(2, 2), t.i(1, 2), null, t.f(1, 6), t.f(1, 6), null, null, 4));
        add(
                m,
                op,
                "decayedCount past the parameters",
                (b, t) -> b.optimizerUpdate(SGD, t.f(2, rates), t.i(1, 2), null, t.f(1, 6), t.f(1, 6), null, null, 7));
        add(
                m,
                op,
                "gradSquares for a rule that does not clip",
                (b, t) -> b.optimizerUpdate(
                        SGD, t.f(2, rates), t.i(1, 2), t.f(1, 1), t.f(1, 6), t.f(1, 6), null, null, 4));
        add(
                m,
                op,
                "clipping without gradSquares",
                (b, t) -> b.optimizerUpdate(
                        SGD.withClipNorm(1f), t.f(2, rates), t.i(1, 2), null, t.f(1, 6), t.f(1, 6), null, null, 4));
        add(
                m,
                op,
                "a float32 clock",
                (b, t) -> b.optimizerUpdate(SGD, t.f(2, rates), t.f(1, 2), null, t.f(1, 6), t.f(1, 6), null, null, 4));
        add(
                m,
                op,
                "params of another backend",
                (b, t) -> b.optimizerUpdate(
                        SGD, t.f(2, rates), t.i(1, 2), null, t.foreign(1, 6), t.f(1, 6), null, null, 4));
        add(m, "advanceClock", "a float32 clock", (b, t) -> b.advanceClock(t.f(1, 2)));
        add(m, "advanceClock", "a [1 × 3] clock", (b, t) -> b.advanceClock(t.i(1, 3)));
        add(m, "advanceClock", "a clock of another backend", (b, t) -> b.advanceClock(t.foreignInts(1, 2)));
        add(m, "clampColumnNorms", "max-norm 0", (b, t) -> b.clampColumnNorms(t.f(3, 4), 0f));
        add(m, "clampColumnNorms", "max-norm NaN", (b, t) -> b.clampColumnNorms(t.f(3, 4), Float.NaN));
        add(m, "clampColumnNorms", "an int32 w", (b, t) -> b.clampColumnNorms(t.i(3, 4), 1f));
        add(m, "clampColumnNorms", "w of another backend", (b, t) -> b.clampColumnNorms(t.foreign(3, 4), 1f));
    }

    private static void dataMovement(List<Misuse> m) {
        add(m, "gatherRows", "float32 indices", (b, t) -> b.gatherRows(t.f(3, 4), t.f(4, 1), 1, t.f(2, 4)));
        add(m, "gatherRows", "positions past the indices", (b, t) -> b.gatherRows(t.f(3, 4), t.i(4, 1), 3, t.f(2, 4)));
        add(m, "gatherRows", "a negative first position", (b, t) -> b.gatherRows(t.f(3, 4), t.i(4, 1), -1, t.f(2, 4)));
        add(m, "gatherRows", "dst of another width", (b, t) -> b.gatherRows(t.f(3, 4), t.i(4, 1), 1, t.f(2, 3)));
        add(
                m,
                "gatherRows",
                "src and dst of different dtypes",
                (b, t) -> b.gatherRows(t.i(3, 4), t.i(4, 1), 1, t.f(2, 4)));
        add(
                m,
                "gatherRows",
                "indices of another backend",
                (b, t) -> b.gatherRows(t.f(3, 4), t.foreignInts(4, 1), 1, t.f(2, 4)));
        String clock = "gatherRows (clock)";
        add(m, clock, "a negative rowsPerStep", (b, t) -> b.gatherRows(t.f(3, 4), t.i(4, 1), t.i(1, 2), -1, t.f(2, 4)));
        add(m, clock, "a float32 clock", (b, t) -> b.gatherRows(t.f(3, 4), t.i(4, 1), t.f(1, 2), 2, t.f(2, 4)));
        add(m, clock, "dst of another width", (b, t) -> b.gatherRows(t.f(3, 4), t.i(4, 1), t.i(1, 2), 2, t.f(2, 5)));
        add(
                m,
                clock,
                "a clock of another backend",
                (b, t) -> b.gatherRows(t.f(3, 4), t.i(4, 1), t.foreignInts(1, 2), 2, t.f(2, 4)));
        add(m, "fill", "an int32 tensor", (b, t) -> b.fill(t.i(2, 3), 2f));
        add(m, "fill", "a tensor of another backend", (b, t) -> b.fill(t.foreign(2, 3), 2f));
        add(m, "copy", "dtypes differ", (b, t) -> b.copy(t.f(2, 3), t.i(2, 3)));
        add(m, "copy", "shapes differ", (b, t) -> b.copy(t.f(2, 3), t.f(3, 2)));
        add(m, "copy", "dst of another backend", (b, t) -> b.copy(t.f(2, 3), t.foreign(2, 3)));
        add(m, "scale", "an int32 tensor", (b, t) -> b.scale(t.i(2, 3), 2f));
        add(m, "scale", "a tensor of another backend", (b, t) -> b.scale(t.foreign(2, 3), 2f));
        add(m, "axpy", "shapes differ", (b, t) -> b.axpy(2f, t.f(2, 3), t.f(3, 2)));
        add(m, "axpy", "an int32 y", (b, t) -> b.axpy(2f, t.f(2, 3), t.i(2, 3)));
        add(m, "axpy", "x of another backend", (b, t) -> b.axpy(2f, t.foreign(2, 3), t.f(2, 3)));
        add(m, "sumOfSquares", "a [1 × 2] out", (b, t) -> b.sumOfSquares(t.f(2, 3), t.f(1, 2)));
        add(m, "sumOfSquares", "an int32 out", (b, t) -> b.sumOfSquares(t.f(2, 3), t.i(1, 1)));
        add(m, "sumOfSquares", "x of another backend", (b, t) -> b.sumOfSquares(t.foreign(2, 3), t.f(1, 1)));
        add(m, "countNonFinite", "a [1 × 2] count", (b, t) -> b.countNonFinite(t.f(2, 3), t.f(1, 2)));
        add(m, "countNonFinite", "an int32 x", (b, t) -> b.countNonFinite(t.i(2, 3), t.f(1, 1)));
        add(m, "countNonFinite", "a count of another backend", (b, t) -> b.countNonFinite(t.f(2, 3), t.foreign(1, 1)));
    }
}
