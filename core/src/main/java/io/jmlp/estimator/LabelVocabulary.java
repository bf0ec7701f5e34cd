package io.jmlp.estimator;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The classes a classifier was fitted on, in output order: output {@code i} scores
 * {@code classes().get(i)}. From user labels the classes are the distinct labels in their natural
 * order (as scikit-learn's {@code classes_}), so the same labels give the same network whatever
 * order the rows come in. A model file stores them as text ({@link io.jmlp.data.DataSchema#classLabels()}).
 *
 * @param <L> the label type
 */
final class LabelVocabulary<L> {
    private final List<L> classes;
    private final Map<L, Integer> index = new HashMap<>();

    private LabelVocabulary(List<L> classes) {
        this.classes = List.copyOf(classes);
        for (int i = 0; i < this.classes.size(); i++) {
            if (index.put(this.classes.get(i), i) != null) {
                throw new IllegalArgumentException("class " + this.classes.get(i) + " is listed twice");
            }
        }
    }

    /** The distinct {@code labels}, sorted; at least two are needed to train a classifier. */
    static <L extends Comparable<? super L>> LabelVocabulary<L> of(List<L> labels) {
        TreeSet<L> distinct = new TreeSet<>();
        for (int i = 0; i < labels.size(); i++) {
            L label = labels.get(i);
            if (label == null) {
                throw new IllegalArgumentException("y[" + i + "] is null; every example needs a label");
            }
            distinct.add(label);
        }
        if (distinct.size() < 2) {
            throw new IllegalArgumentException("y holds " + distinct.size() + " distinct label(s) " + distinct
                    + "; a classifier needs at least two classes");
        }
        return new LabelVocabulary<>(new ArrayList<>(distinct));
    }

    /** Classes in a given order (a data set's class names, a saved model's labels). */
    static <L> LabelVocabulary<L> ordered(List<L> classes) {
        return new LabelVocabulary<>(classes);
    }

    List<L> classes() {
        return classes;
    }

    /**
     * The labels' text ({@link String#valueOf}), as a saved model stores them. Distinct labels with
     * the same text could not be told apart in a model file, so they are an error.
     */
    List<String> texts() {
        List<String> texts = classes.stream().map(String::valueOf).toList();
        if (new java.util.HashSet<>(texts).size() != texts.size()) {
            throw new IllegalArgumentException(
                    "the classes " + texts + " include distinct labels with the same text; a model "
                            + "stores labels as text, so give labels whose toString() tells them apart");
        }
        return texts;
    }

    int size() {
        return classes.size();
    }

    L label(int classIndex) {
        return classes.get(classIndex);
    }

    /** The class index of each label; a label outside the vocabulary fails naming its row. */
    int[] indices(List<L> labels) {
        int[] out = new int[labels.size()];
        for (int i = 0; i < out.length; i++) {
            int k = indexOf(labels.get(i));
            if (k < 0) {
                throw new IllegalArgumentException(
                        "y[" + i + "] = " + labels.get(i) + " is not one of the classes " + classes);
            }
            out[i] = k;
        }
        return out;
    }

    /** The class index of {@code label}, or -1 when the model never saw it. */
    int indexOf(L label) {
        Integer k = index.get(label);
        return k == null ? -1 : k;
    }
}
