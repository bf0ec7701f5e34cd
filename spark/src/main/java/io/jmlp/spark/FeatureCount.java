package io.jmlp.spark;

import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** The width of a features column: from its ML attribute metadata when present, else from the first row. */
final class FeatureCount {
    private FeatureCount() {}

    static int of(Dataset<?> data, String featuresCol) {
        org.apache.spark.ml.attribute.AttributeGroup group =
                org.apache.spark.ml.attribute.AttributeGroup.fromStructField(
                        data.schema().apply(featuresCol));
        if (group.size() > 0) {
            return group.size();
        }
        Row[] first = (Row[]) data.select(featuresCol).head(1);
        if (first.length == 0) {
            throw new IllegalArgumentException("the training data has no rows");
        }
        Vector v = first[0].getAs(0);
        return v.size();
    }
}
