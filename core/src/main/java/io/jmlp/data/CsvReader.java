package io.jmlp.data;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads a table of numbers from a CSV file: every column but the label column is a numeric
 * feature (parsed to float as it is read); the label column holds class names or, for regression,
 * numbers. Quoted fields follow RFC 4180 ({@code "a,b"}, {@code ""} for a quote). Every problem is
 * reported with the file, the 1-based line and the column.
 *
 * <p>The task, when not given ({@code task=auto}), follows these rules, in order:
 * <ol>
 *   <li>no label is a finite number: classification, the labels are class names;</li>
 *   <li>every label is a finite number, all integer-valued ({@code 1}, {@code 1.0}), with at most
 *       {@value #MAX_AUTO_CLASSES} distinct values: classification, classes named by their integer;</li>
 *   <li>every label is a finite number otherwise: regression;</li>
 *   <li>numbers mixed with text ({@code NaN}, {@code ?}, a name): an error naming both kinds, since
 *       either a target is missing or a class is misspelt; {@code task=} decides it explicitly.</li>
 * </ol>
 * A training set must have at least two classes. Several files read together (a train and a test
 * file) share one class mapping, and when they have headers, a later file's columns are matched
 * to the first file's by name, whatever their order. Read against a model's {@link DataSchema}
 * ({@link Format#withSchema}), the schema fixes the task, the class vocabulary (an unknown label is
 * an error) and the column order.
 */
public final class CsvReader {
    /** Integer labels with more distinct values than this are taken as a regression target under task=auto. */
    public static final int MAX_AUTO_CLASSES = 100;

    /** Whether the label column holds classes or continuous regression targets. */
    public enum Task {
        /** Decided by the rules in the class comment. */
        AUTO,
        CLASSIFICATION,
        REGRESSION
    }

    /**
     * How to read a file.
     *
     * @param header    true / false, or null to decide from the first line (a header when the label is
     *                  given by name or any of its feature cells is not a number)
     * @param label     the label column by header name or 0-based index; null for the last column
     * @param delimiter the field separator, usually {@code ','}
     * @param schema    a trained model's schema to read against, or null for training data
     */
    public record Format(Boolean header, String label, char delimiter, Task task, DataSchema schema) {
        public static Format defaults() {
            return new Format(null, null, ',', Task.AUTO, null);
        }

        public Format withHeader(Boolean value) {
            return new Format(value, label, delimiter, task, schema);
        }

        public Format withLabel(String value) {
            return new Format(header, value, delimiter, task, schema);
        }

        public Format withDelimiter(char value) {
            return new Format(header, label, value, task, schema);
        }

        public Format withTask(Task value) {
            return new Format(header, label, delimiter, value, schema);
        }

        /** Reads against a model's schema: its task, classes and feature order. */
        public Format withSchema(DataSchema value) {
            return new Format(header, label, delimiter, task, value);
        }
    }

    private CsvReader() {}

    /** One file as a data set. */
    public static Dataset read(Path file, Format format) throws IOException {
        return read(List.of(file), format).get(0);
    }

    /**
     * Several files with the same columns (say a train and a test file) as data sets that share one
     * mapping from class names to indices, so a class missing from one file cannot shift the others.
     */
    public static List<Dataset> read(List<Path> files, Format format) throws IOException {
        List<Table> tables = new ArrayList<>();
        for (Path file : files) {
            tables.add(table(file, format));
        }
        DataSchema schema = format.schema();
        List<String> order = schema != null && schema.featureNames() != null
                ? schema.featureNames()
                : tables.get(0).featureNames();
        for (int i = 0; i < tables.size(); i++) {
            Table t = tables.get(i);
            if (order != null && t.featureNames() != null) {
                tables.set(
                        i,
                        t.inColumnOrder(
                                order,
                                schema != null
                                        ? "the model was trained on"
                                        : "as in " + tables.get(0).file()));
            }
        }
        Task task = schema != null
                ? (schema.isClassification() ? Task.CLASSIFICATION : Task.REGRESSION)
                : format.task() != Task.AUTO ? format.task() : inferTask(tables);
        List<Dataset> sets = new ArrayList<>();
        if (task == Task.REGRESSION) {
            for (Table t : tables) {
                float[] targets = new float[t.rows()];
                for (int r = 0; r < t.rows(); r++) {
                    targets[r] = target(t, r);
                }
                sets.add(Dataset.regression(
                                t.file().getFileName().toString(), t.features(), t.rows(), t.cols(), targets, 1)
                        .withFeatureNames(t.featureNames())
                        .withTargetNames(t.labelName() == null ? null : List.of(t.labelName())));
            }
            return sets;
        }
        List<String> classes = schema != null ? schema.classLabels() : classNames(tables);
        if (classes.size() < 2) {
            Table t = tables.get(0);
            throw new DataFileException(
                    t.file(),
                    "the label column " + columnName(t.labelColumn(), t.header()) + " holds one class only ('"
                            + classes.get(0) + "'); classification needs at least two (is label= the right column?)");
        }
        Map<String, Integer> index = new HashMap<>();
        for (int k = 0; k < classes.size(); k++) {
            index.put(classes.get(k), k);
        }
        for (Table t : tables) {
            int[] labels = new int[t.rows()];
            for (int r = 0; r < t.rows(); r++) {
                Integer k = index.get(className(t.labelText()[r]));
                if (k == null) {
                    throw new DataFileException(
                            t.file(),
                            "line " + t.lines()[r] + ": label '" + t.labelText()[r]
                                    + "' is not one of the model's classes " + classes
                                    + "; score it with a model trained on that class");
                }
                labels[r] = k;
            }
            sets.add(Dataset.classification(
                            t.file().getFileName().toString(), t.features(), t.rows(), t.cols(), labels, classes.size())
                    .withClassNames(classes)
                    .withFeatureNames(t.featureNames()));
        }
        return sets;
    }

    /**
     * A parsed file before its labels are interpreted: features in float already, labels as text.
     *
     * @param header       the header's cells, or null
     * @param featureNames the feature columns' names in {@code features} order, or null without a header
     */
    private record Table(
            Path file,
            List<String> header,
            List<String> featureNames,
            int labelColumn,
            int[] lines,
            float[] features,
            int rows,
            int cols,
            String[] labelText) {

        String labelName() {
            return header == null ? null : header.get(labelColumn).trim();
        }

        /** The same table with its feature columns in {@code wanted}'s order; fails naming missing or extra columns. */
        Table inColumnOrder(List<String> wanted, String reference) throws DataFileException {
            if (wanted.equals(featureNames)) {
                return this;
            }
            Set<String> missing = new LinkedHashSet<>(wanted);
            missing.removeAll(featureNames);
            Set<String> extra = new LinkedHashSet<>(featureNames);
            extra.removeAll(wanted);
            if (!missing.isEmpty() || !extra.isEmpty()) {
                throw new DataFileException(
                        file,
                        "its feature columns do not match those " + reference
                                + (missing.isEmpty() ? "" : "; missing " + missing)
                                + (extra.isEmpty() ? "" : "; not known " + extra)
                                + " (columns are matched by header name)");
            }
            int[] from = new int[cols];
            for (int c = 0; c < cols; c++) {
                from[c] = featureNames.indexOf(wanted.get(c));
            }
            float[] reordered = new float[features.length];
            for (int r = 0; r < rows; r++) {
                for (int c = 0; c < cols; c++) {
                    reordered[r * cols + c] = features[r * cols + from[c]];
                }
            }
            return new Table(file, header, List.copyOf(wanted), labelColumn, lines, reordered, rows, cols, labelText);
        }
    }

    /** A float array that grows as rows are parsed, so no row is kept as text. */
    private static final class FloatColumns {
        private float[] values = new float[1024];
        private int size;

        void add(float v) {
            if (size == values.length) {
                values = Arrays.copyOf(values, values.length * 2);
            }
            values[size++] = v;
        }

        float[] toArray() {
            return Arrays.copyOf(values, size);
        }
    }

    private static Table table(Path file, Format format) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new DataFileException(file, "no such file (check the path given to --data csv:PATH)");
        }
        FloatColumns features = new FloatColumns();
        List<String> labelText = new ArrayList<>();
        Map<String, String> distinctLabels = new HashMap<>(); // one String per distinct label, not per row
        List<Integer> lineNumbers = new ArrayList<>();
        List<String> header = null;
        int width = -1;
        int labelColumn = -1;
        int firstLine = 0;
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            int lineNumber = 0;
            while ((line = in.readLine()) != null) {
                lineNumber++;
                if (lineNumber == 1 && line.startsWith("\uFEFF")) {
                    line = line.substring(1);
                }
                if (line.isBlank()) {
                    continue;
                }
                List<String> cells = split(line, format.delimiter(), file, lineNumber);
                if (width < 0) {
                    width = cells.size();
                    firstLine = lineNumber;
                    if (width < 2) {
                        throw new DataFileException(
                                file,
                                "line " + lineNumber + " has " + width
                                        + " column; need at least one feature and a label (is the delimiter '"
                                        + format.delimiter() + "' right?)");
                    }
                    boolean isHeader =
                            format.header() != null ? format.header() : looksLikeHeader(cells, format.label());
                    header = isHeader ? cells : null;
                    labelColumn = labelColumn(file, format.label(), header, width);
                    if (isHeader) {
                        continue;
                    }
                }
                if (cells.size() != width) {
                    throw new DataFileException(
                            file,
                            "line " + lineNumber + " has " + cells.size() + " columns, expected " + width
                                    + " like line " + firstLine);
                }
                for (int j = 0; j < width; j++) {
                    String cell = cells.get(j).trim();
                    if (j == labelColumn) {
                        if (cell.isEmpty()) {
                            throw new DataFileException(
                                    file,
                                    "line " + lineNumber + ", label column " + columnName(j, header)
                                            + ": the label is empty (fill or drop the row)");
                        }
                        labelText.add(distinctLabels.computeIfAbsent(cell, c -> c));
                    } else {
                        features.add(feature(file, lineNumber, j, header, cell));
                    }
                }
                lineNumbers.add(lineNumber);
            }
        }
        if (width < 0) {
            throw new DataFileException(file, "the file is empty");
        }
        if (labelText.isEmpty()) {
            throw new DataFileException(file, "no data rows after the header");
        }
        List<String> featureNames = null;
        if (header != null) {
            featureNames = new ArrayList<>();
            for (int j = 0; j < width; j++) {
                if (j != labelColumn) {
                    featureNames.add(header.get(j).trim());
                }
            }
            if (new java.util.HashSet<>(featureNames).size() != featureNames.size()) {
                throw new DataFileException(
                        file, "the header names a column twice " + featureNames + "; columns are matched by name");
            }
        }
        int n = labelText.size();
        return new Table(
                file,
                header,
                featureNames,
                labelColumn,
                lineNumbers.stream().mapToInt(Integer::intValue).toArray(),
                features.toArray(),
                n,
                width - 1,
                labelText.toArray(String[]::new));
    }

    /**
     * Class names in a stable order: numerically when every label is an integer (so "0".."9" map to
     * indices 0..9 whatever order they first appear in, and {1, 2} to 0 and 1), else alphabetically.
     * Integer-valued numbers are named by their integer, so "1.0" and "1" are one class.
     */
    private static List<String> classNames(List<Table> tables) {
        Set<String> distinct = new TreeSet<>();
        for (Table t : tables) {
            for (String label : new LinkedHashSet<>(Arrays.asList(t.labelText()))) {
                distinct.add(className(label));
            }
        }
        List<String> names = new ArrayList<>(distinct);
        if (names.stream().allMatch(CsvReader::isInteger)) {
            names.sort(Comparator.comparingLong(Long::parseLong));
        }
        return names;
    }

    /** The class a label names: an integer-valued number by its integer ("1.0" → "1"), any other text as it is. */
    static String className(String label) {
        Double value = finiteNumber(label);
        if (value != null && value == Math.rint(value) && Math.abs(value) < 1e15) {
            return Long.toString(value.longValue());
        }
        return label;
    }

    private static Task inferTask(List<Table> tables) throws DataFileException {
        String number = null;
        String text = null;
        boolean allIntegers = true;
        Set<String> distinct = new java.util.HashSet<>();
        for (Table t : tables) {
            for (int r = 0; r < t.rows(); r++) {
                String label = t.labelText()[r];
                Double value = finiteNumber(label);
                if (value == null) {
                    text = text != null
                            ? text
                            : "'" + label + "' on line " + t.lines()[r] + " of "
                                    + t.file().getFileName();
                } else {
                    number = number != null
                            ? number
                            : "'" + label + "' on line " + t.lines()[r] + " of "
                                    + t.file().getFileName();
                    allIntegers &= value == Math.rint(value);
                    distinct.add(className(label));
                }
            }
        }
        if (number == null) {
            return Task.CLASSIFICATION;
        }
        if (text != null) {
            Table t = tables.get(0);
            throw new DataFileException(
                    t.file(),
                    "the label column " + columnName(t.labelColumn(), t.header())
                            + " mixes numbers (" + number + ") and text (" + text
                            + "): fix or drop the odd rows, or say what the labels are "
                            + "with task=classification (every label a class name) or task=regression");
        }
        return allIntegers && distinct.size() <= MAX_AUTO_CLASSES ? Task.CLASSIFICATION : Task.REGRESSION;
    }

    private static float target(Table t, int r) throws DataFileException {
        String cell = t.labelText()[r];
        Double value = finiteNumber(cell);
        if (value == null) {
            throw new DataFileException(
                    t.file(),
                    "line " + t.lines()[r] + ", label column " + columnName(t.labelColumn(), t.header())
                            + ": '" + cell
                            + "' is not a finite number, and a regression target must be one (fill or drop the row; "
                            + "task=classification if the labels are classes)");
        }
        return value.floatValue();
    }

    private static int labelColumn(Path file, String label, List<String> names, int width) throws DataFileException {
        if (label == null || label.isBlank()) {
            return width - 1;
        }
        if (names != null) {
            for (int j = 0; j < names.size(); j++) {
                if (names.get(j).trim().equals(label.trim())) {
                    return j;
                }
            }
        }
        if (isInteger(label.trim())) {
            int index = Integer.parseInt(label.trim());
            if (index < 0 || index >= width) {
                throw new DataFileException(file, "label column " + index + " is outside 0.." + (width - 1));
            }
            return index;
        }
        throw new DataFileException(
                file,
                "no column named '" + label + "'"
                        + (names != null
                                ? "; the header has " + names
                                : "; the file has no header, so give the label column's 0-based index"));
    }

    /**
     * A label given by name implies a header; otherwise the first line is a header when one of its
     * feature cells is not a number (the label cell may be text in any row, so it does not count).
     */
    private static boolean looksLikeHeader(List<String> cells, String label) {
        if (label != null && !label.isBlank() && !isInteger(label.trim())) {
            return true;
        }
        int labelColumn = label == null || label.isBlank() ? cells.size() - 1 : Integer.parseInt(label.trim());
        for (int j = 0; j < cells.size(); j++) {
            String cell = cells.get(j).trim();
            if (j != labelColumn && !cell.isEmpty() && finiteNumber(cell) == null) {
                return true;
            }
        }
        return false;
    }

    private static float feature(Path file, int line, int column, List<String> names, String cell)
            throws DataFileException {
        if (cell.isEmpty()) {
            throw new DataFileException(
                    file,
                    "line " + line + ", column " + columnName(column, names)
                            + ": missing value (fill or drop the row; jmlp does not impute)");
        }
        try {
            float value = Float.parseFloat(cell);
            if (!Float.isFinite(value)) {
                throw new NumberFormatException();
            }
            return value;
        } catch (NumberFormatException e) {
            throw new DataFileException(
                    file,
                    "line " + line + ", column " + columnName(column, names) + ": '" + cell
                            + "' is not a finite number (features must be numeric; only the label column may hold text)");
        }
    }

    private static String columnName(int column, List<String> names) {
        return names != null ? column + " ('" + names.get(column).trim() + "')" : Integer.toString(column);
    }

    /** The value of a finite number, or null for text, NaN and infinities. */
    private static Double finiteNumber(String s) {
        try {
            double v = Double.parseDouble(s);
            return Double.isFinite(v) ? v : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static boolean isInteger(String s) {
        if (s.isEmpty() || s.length() > 18) {
            return false;
        }
        int start = s.charAt(0) == '-' || s.charAt(0) == '+' ? 1 : 0;
        if (start == s.length()) {
            return false;
        }
        for (int i = start; i < s.length(); i++) {
            if (!Character.isDigit(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /** Splits one line into fields, honouring double quotes. */
    static List<String> split(String line, char delimiter, Path file, int lineNumber) throws DataFileException {
        List<String> cells = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char ch = line.charAt(i);
            if (quoted) {
                if (ch == '"') {
                    if (i + 1 < line.length() && line.charAt(i + 1) == '"') {
                        cell.append('"');
                        i++;
                    } else {
                        quoted = false;
                    }
                } else {
                    cell.append(ch);
                }
            } else if (ch == '"' && cell.toString().isBlank()) {
                quoted = true;
                cell.setLength(0);
            } else if (ch == delimiter) {
                cells.add(cell.toString());
                cell.setLength(0);
            } else {
                cell.append(ch);
            }
        }
        if (quoted) {
            throw new DataFileException(
                    file,
                    "line " + lineNumber + ": a quoted field is not closed (fields spanning lines are not supported)");
        }
        cells.add(cell.toString());
        return cells;
    }

    /** {@code task=} option text: auto, classification (class, classify) or regression (regress). */
    public static Task parseTask(String text) {
        return switch (text.trim().toLowerCase(Locale.ROOT)) {
            case "auto" -> Task.AUTO;
            case "classification", "classify", "class" -> Task.CLASSIFICATION;
            case "regression", "regress" -> Task.REGRESSION;
            default ->
                throw new IllegalArgumentException("task '" + text + "' is not auto, classification or regression");
        };
    }
}
