package io.jmlp.tests.contract;

import static io.jmlp.backend.Activation.RELU;

import io.jmlp.backend.Backend;
import io.jmlp.backend.DType;
import io.jmlp.backend.UpdateRule;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One valid call of every op of {@link Backend}, keyed by the op ({@code "write(float[])"} and
 * {@code "… (clock)"} tell the overloads apart): every tensor it takes comes from {@link OpArgs}, so
 * a test can close any one of them first, or close the backend. The misuses of each op are in
 * {@link OpMisuses}; {@code OpMisuseTest} checks that both cover every op of the SPI.
 */
final class OpCases {
    private OpCases() {}

    /** An op call on {@code b} whose tensors come from {@code t}. */
    @FunctionalInterface
    interface Call {
        void on(Backend b, OpArgs t);
    }

    static final float EPS = 1e-5f;
    static final float MOMENTUM = 0.1f;
    static final UpdateRule SGD = UpdateRule.sgd(0f, 0f);
    static final UpdateRule MOMENTUM_SGD = UpdateRule.sgd(0.9f, 0f);

    /** The name an op's messages use: the overload's suffix dropped. */
    static String messageName(String op) {
        return op.replace(" (clock)", "");
    }

    /** Every op's valid call, in the order of {@link Backend}. Shapes: x is [3 × 4] unless said. */
    static Map<String, Call> valid() {
        Map<String, Call> calls = new LinkedHashMap<>();
        calls.put("allocate", (b, t) -> b.allocate(DType.FLOAT32, 6).close());
        calls.put("write(float[])", (b, t) -> b.write(t.f(2, 3), new float[6], 0));
        calls.put("write(int[])", (b, t) -> b.write(t.i(2, 3), new int[6], 0));
        calls.put("read(float[])", (b, t) -> b.read(t.f(2, 3), new float[6], 0));
        calls.put("read(int[])", (b, t) -> b.read(t.i(2, 3), new int[6], 0));
        calls.put("synchronize", (b, t) -> b.synchronize());
        calls.put("gemm", (b, t) -> b.gemm(false, false, 1f, t.f(3, 4), t.f(4, 5), 0f, t.f(3, 5)));
        calls.put("sumRows", (b, t) -> b.sumRows(t.f(3, 4), 0f, t.f(1, 4)));
        calls.put("biasActivationForward", (b, t) -> b.biasActivationForward(t.f(3, 4), t.f(1, 4), RELU, t.f(3, 4)));
        calls.put(
                "activationBackward", (b, t) -> b.activationBackward(RELU, t.f(3, 4), t.f(3, 4), t.f(3, 4), t.f(3, 4)));
        calls.put("preluForward", (b, t) -> b.preluForward(t.f(3, 4), t.f(1, 4), t.f(3, 4)));
        calls.put("preluBackward", (b, t) -> b.preluBackward(t.f(3, 4), t.f(1, 1), t.f(3, 4), t.f(3, 4), t.f(1, 1)));
        calls.put(
                "batchNormForwardTraining",
                (b, t) -> b.batchNormForwardTraining(
                        t.f(3, 4), t.f(1, 4), t.f(1, 4), EPS, MOMENTUM, t.f(1, 4), t.f(1, 4), RELU, t.f(3, 4),
                        t.f(3, 4), t.f(1, 4), t.f(1, 4)));
        calls.put(
                "batchNormForwardInference",
                (b, t) -> b.batchNormForwardInference(
                        t.f(3, 4), t.f(1, 4), t.f(1, 4), EPS, t.f(1, 4), t.f(1, 4), RELU, t.f(3, 4)));
        calls.put(
                "batchNormBackward",
                (b, t) -> b.batchNormBackward(
                        t.f(3, 4), RELU, t.f(3, 4), t.f(3, 4), t.f(3, 4), t.f(1, 4), t.f(1, 4), t.f(1, 4), t.f(3, 4),
                        t.f(1, 4), t.f(1, 4)));
        calls.put("dropoutForward", (b, t) -> b.dropoutForward(t.f(3, 4), 0.5f, 1, 2, t.f(3, 4), t.f(3, 4)));
        calls.put(
                "dropoutForward (clock)",
                (b, t) -> b.dropoutForward(t.f(3, 4), 0.5f, 1, 2, t.i(1, 2), t.f(3, 4), t.f(3, 4)));
        calls.put("multiply", (b, t) -> b.multiply(t.f(3, 4), t.f(3, 4), t.f(3, 4)));
        calls.put(
                "softmaxCrossEntropy",
                (b, t) -> b.softmaxCrossEntropy(t.f(3, 4), t.i(3, 1), t.f(3, 4), t.f(1, 1), t.f(1, 1)));
        calls.put(
                "sigmoidBinaryCrossEntropy",
                (b, t) -> b.sigmoidBinaryCrossEntropy(t.f(3, 1), t.f(3, 1), t.f(3, 1), t.f(1, 1)));
        calls.put("meanSquaredError", (b, t) -> b.meanSquaredError(t.f(3, 4), t.f(3, 4), t.f(3, 4), t.f(1, 1)));
        calls.put("multiclassHinge", (b, t) -> b.multiclassHinge(t.f(3, 4), t.i(3, 1), 1f, t.f(3, 4), t.f(1, 1)));
        calls.put("softmax", (b, t) -> b.softmax(t.f(3, 4), t.f(3, 4)));
        calls.put("argmaxRows", (b, t) -> b.argmaxRows(t.f(3, 4), t.i(3, 1)));
        calls.put("countCorrect", (b, t) -> b.countCorrect(t.f(3, 4), t.i(3, 1), t.f(1, 1)));
        // The clock {1, 1} picks row 1 of a two-row rate table.
        calls.put(
                "optimizerUpdate",
                (b, t) -> b.optimizerUpdate(
                        MOMENTUM_SGD,
                        t.f(2, UpdateRule.RATE_COLUMNS),
                        t.i(1, 2),
                        null,
                        t.f(1, 6),
                        t.f(1, 6),
                        t.f(1, 6),
                        null,
                        4));
        calls.put("advanceClock", (b, t) -> b.advanceClock(t.i(1, 2)));
        calls.put("clampColumnNorms", (b, t) -> b.clampColumnNorms(t.f(3, 4), 1f));
        calls.put("gatherRows", (b, t) -> b.gatherRows(t.f(3, 4), t.i(4, 1), 1, t.f(2, 4)));
        // Step 1 of 2 rows a step: positions [2, 4) of the four indices.
        calls.put("gatherRows (clock)", (b, t) -> b.gatherRows(t.f(3, 4), t.i(4, 1), t.i(1, 2), 2, t.f(2, 4)));
        calls.put("fill", (b, t) -> b.fill(t.f(2, 3), 2f));
        calls.put("copy", (b, t) -> b.copy(t.f(2, 3), t.f(2, 3)));
        calls.put("scale", (b, t) -> b.scale(t.f(2, 3), 2f));
        calls.put("axpy", (b, t) -> b.axpy(2f, t.f(2, 3), t.f(2, 3)));
        calls.put("sumOfSquares", (b, t) -> b.sumOfSquares(t.f(2, 3), t.f(1, 1)));
        calls.put("countNonFinite", (b, t) -> b.countNonFinite(t.f(2, 3), t.f(1, 1)));
        return Collections.unmodifiableMap(calls);
    }
}
