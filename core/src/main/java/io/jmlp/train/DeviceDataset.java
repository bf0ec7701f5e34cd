package io.jmlp.train;

import io.jmlp.backend.Backend;
import io.jmlp.backend.Tensor;
import io.jmlp.data.Dataset;
import io.jmlp.loss.Loss;

/**
 * A dataset uploaded to a backend once, so mini-batches are gathered on the device by index
 * instead of copied from the host every step. Holds the features, the labels (when the set has
 * classes) and whatever float targets the loss reads.
 */
public final class DeviceDataset implements AutoCloseable {
    private final String name;
    private final int rows;
    private final Tensor features;
    private final Tensor labels;
    private final Tensor targets;

    private DeviceDataset(String name, int rows, Tensor features, Tensor labels, Tensor targets) {
        this.name = name;
        this.rows = rows;
        this.features = features;
        this.labels = labels;
        this.targets = targets;
    }

    /** Uploads {@code data} with the targets {@code loss} needs. */
    public static DeviceDataset upload(Backend backend, Dataset data, Loss loss) {
        Loss.Targets kind = loss.targets();
        if (kind != Loss.Targets.VALUES && !data.isClassification()) {
            throw new IllegalArgumentException(data.name() + " has regression targets, but loss " + loss.name()
                    + " needs class labels; use --loss mse for regression");
        }
        if (kind == Loss.Targets.VALUES && data.isClassification()) {
            throw new IllegalArgumentException(
                    data.name() + " has class labels, but loss " + loss.name() + " expects regression values");
        }
        if (kind == Loss.Targets.BINARY && data.classes() > 2) {
            throw new IllegalArgumentException(data.name() + " has " + data.classes() + " classes; the binary loss "
                    + loss.name() + " needs 2 (use softmax-ce)");
        }
        Tensor features = Tensor.of(backend, data.rows(), data.cols(), data.features());
        Tensor labels = data.isClassification() ? Tensor.ofInts(backend, data.rows(), 1, data.labels()) : null;
        Tensor targets = switch (kind) {
            case CLASS_INDICES -> null;
            case BINARY -> Tensor.of(backend, data.rows(), 1, binaryTargets(data.labels()));
            case ONE_HOT -> Tensor.of(backend, data.rows(), data.classes(), oneHot(data.labels(), data.classes()));
            case VALUES -> Tensor.of(backend, data.rows(), data.targetCols(), data.targets());
        };
        return new DeviceDataset(data.name(), data.rows(), features, labels, targets);
    }

    private static float[] binaryTargets(int[] labels) {
        float[] t = new float[labels.length];
        for (int i = 0; i < labels.length; i++) {
            t[i] = labels[i];
        }
        return t;
    }

    private static float[] oneHot(int[] labels, int classes) {
        float[] t = new float[labels.length * classes];
        for (int i = 0; i < labels.length; i++) {
            t[i * classes + labels[i]] = 1f;
        }
        return t;
    }

    public String name() {
        return name;
    }

    public int rows() {
        return rows;
    }

    public int cols() {
        return features.cols();
    }

    public Tensor features() {
        return features;
    }

    /** int32 {@code [rows × 1]} class labels, or null for regression. */
    public Tensor labels() {
        return labels;
    }

    /** What the loss compares the output with: labels, or float targets. */
    public Tensor lossTargets() {
        return targets != null ? targets : labels;
    }

    @Override
    public void close() {
        features.close();
        if (labels != null) {
            labels.close();
        }
        if (targets != null) {
            targets.close();
        }
    }
}
