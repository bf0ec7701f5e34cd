package io.jmlp.spark.train;

import java.util.ArrayList;
import java.util.List;

/**
 * How a worker's state is laid out in the one vector that {@code treeAggregate} sums: parameters,
 * batch-norm running statistics, each optimizer buffer, then three counters (loss sum, correct
 * predictions, rows seen), which are summed rather than averaged.
 */
public record StateLayout(int parameters, int states, int optimizerBuffers) {

    public int length() {
        return parameters + states + optimizerBuffers * parameters + 3;
    }

    public float[] pack(
            float[] params, float[] stateValues, List<float[]> buffers, float lossSum, float correct, int rows) {
        float[] v = new float[length()];
        System.arraycopy(params, 0, v, 0, parameters);
        System.arraycopy(stateValues, 0, v, parameters, states);
        for (int b = 0; b < optimizerBuffers; b++) {
            System.arraycopy(buffers.get(b), 0, v, parameters + states + b * parameters, parameters);
        }
        int counters = length() - 3;
        v[counters] = lossSum;
        v[counters + 1] = correct;
        v[counters + 2] = rows; // exact: a shard has fewer than 2^24 rows
        return v;
    }

    public float[] meanParameters(ExactSum sum) {
        return sum.mean(0, parameters);
    }

    public float[] meanStates(ExactSum sum) {
        return sum.mean(parameters, states);
    }

    public List<float[]> meanOptimizerState(ExactSum sum) {
        List<float[]> buffers = new ArrayList<>();
        for (int b = 0; b < optimizerBuffers; b++) {
            buffers.add(sum.mean(parameters + states + b * parameters, parameters));
        }
        return buffers;
    }

    public double lossSum(ExactSum sum) {
        return sum.sum(length() - 3);
    }

    public double correct(ExactSum sum) {
        return sum.sum(length() - 2);
    }

    public double rows(ExactSum sum) {
        return sum.sum(length() - 1);
    }
}
