package io.jmlp.spark.search;

import io.jmlp.data.Dataset;
import java.io.Serializable;
import java.util.List;

/** A core {@link Dataset}'s arrays in a form Spark can broadcast; rebuilt as the same Dataset on each executor. */
record HostData(
        String name,
        float[] features,
        int rows,
        int cols,
        int[] labels,
        int classes,
        List<String> classNames,
        float[] targets,
        int targetCols)
        implements Serializable {

    static HostData of(Dataset d) {
        return new HostData(
                d.name(),
                d.features(),
                d.rows(),
                d.cols(),
                d.labels(),
                d.classes(),
                d.isClassification() ? List.copyOf(d.classNames()) : null,
                d.targets(),
                d.targetCols());
    }

    Dataset toDataset() {
        if (labels != null) {
            return Dataset.classification(name, features, rows, cols, labels, classes)
                    .withClassNames(classNames);
        }
        return Dataset.regression(name, features, rows, cols, targets, targetCols);
    }
}
