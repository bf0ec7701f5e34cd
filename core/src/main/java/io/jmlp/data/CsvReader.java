package io.jmlp.data;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/**
 * Reads a table of numbers from a CSV file: every column but the label column is a numeric
 * feature; the label column holds class names (any text, mapped to indices in sorted order) or,
 * for regression, numbers. Quoted fields follow RFC 4180 ({@code "a,b"}, {@code ""} for a quote).
 * Every problem is reported with the file, the 1-based line and the column.
 */
public final class CsvReader {

    /** Whether the label column holds classes or continuous regression targets. */
    public enum Task {
        /** Classification when every label is an integer or any label is not a number; else regression. */
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
     */
    public record Format(Boolean header, String label, char delimiter, Task task) {
        public static Format defaults() {
            return new Format(null, null, ',', Task.AUTO);
        }

        public Format withHeader(Boolean value) {
            return new Format(value, label, delimiter, task);
        }

        public Format withLabel(String value) {
            return new Format(header, value, delimiter, task);
        }

        public Format withDelimiter(char value) {
            return new Format(header, label, value, task);
        }

        public Format withTask(Task value) {
            return new Format(header, label, delimiter, value);
        }
    }

    private CsvReader() {
    }

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
        Task task = format.task();
        if (task == Task.AUTO) {
            List<String> all = new ArrayList<>();
            tables.forEach(t -> all.addAll(List.of(t.labelText())));
            task = inferTask(all.toArray(String[]::new));
        }
        List<Dataset> sets = new ArrayList<>();
        if (task == Task.REGRESSION) {
            for (Table t : tables) {
                float[] targets = new float[t.rows()];
                for (int r = 0; r < t.rows(); r++) {
                    targets[r] = number(t.file(), t.lines()[r], t.labelColumn(), t.names(), t.labelText()[r]);
                }
                sets.add(Dataset.regression(t.file().getFileName().toString(), t.features(), t.rows(), t.cols(), targets, 1));
            }
            return sets;
        }
        List<String> all = new ArrayList<>();
        tables.forEach(t -> all.addAll(List.of(t.labelText())));
        List<String> classes = classNames(all.toArray(String[]::new));
        Map<String, Integer> index = new HashMap<>();
        for (int k = 0; k < classes.size(); k++) {
            index.put(classes.get(k), k);
        }
        for (Table t : tables) {
            int[] labels = new int[t.rows()];
            for (int r = 0; r < t.rows(); r++) {
                labels[r] = index.get(t.labelText()[r]);
            }
            sets.add(Dataset.classification(t.file().getFileName().toString(), t.features(), t.rows(), t.cols(), labels,
                    classes.size()).withClassNames(classes));
        }
        return sets;
    }

    /** A parsed file before its labels are interpreted. */
    private record Table(Path file, List<String> names, int labelColumn, int[] lines, float[] features, int rows, int cols,
            String[] labelText) {
    }

    private record Row(int line, List<String> cells) {
    }

    private static Table table(Path file, Format format) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new DataFileException(file, "no such file (check the path given to --data csv:PATH)");
        }
        List<Row> rows = new ArrayList<>();
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
                rows.add(new Row(lineNumber, split(line, format.delimiter(), file, lineNumber)));
            }
        }
        if (rows.isEmpty()) {
            throw new DataFileException(file, "the file is empty");
        }
        int width = rows.get(0).cells().size();
        if (width < 2) {
            throw new DataFileException(file, "line " + rows.get(0).line() + " has " + width
                    + " column; need at least one feature and a label (is the delimiter '" + format.delimiter() + "' right?)");
        }
        boolean header = format.header() != null ? format.header() : looksLikeHeader(rows.get(0).cells(), format.label());
        List<String> names = header ? rows.get(0).cells() : null;
        int labelColumn = labelColumn(file, format.label(), names, width);
        List<Row> body = header ? rows.subList(1, rows.size()) : rows;
        if (body.isEmpty()) {
            throw new DataFileException(file, "no data rows after the header");
        }

        int n = body.size();
        int cols = width - 1;
        float[] features = new float[n * cols];
        String[] labelText = new String[n];
        int[] lines = new int[n];
        for (int r = 0; r < n; r++) {
            Row row = body.get(r);
            lines[r] = row.line();
            if (row.cells().size() != width) {
                throw new DataFileException(file, "line " + row.line() + " has " + row.cells().size() + " columns, expected "
                        + width + " like line " + rows.get(0).line());
            }
            int c = 0;
            for (int j = 0; j < width; j++) {
                String cell = row.cells().get(j).trim();
                if (j == labelColumn) {
                    if (cell.isEmpty()) {
                        throw new DataFileException(file, "line " + row.line() + ", column " + columnName(j, names)
                                + ": the label is empty");
                    }
                    labelText[r] = cell;
                } else {
                    features[r * cols + c++] = number(file, row.line(), j, names, cell);
                }
            }
        }
        return new Table(file, names, labelColumn, lines, features, n, cols, labelText);
    }

    /**
     * Class names in a stable order: numerically when every label is an integer (so "0".."9" map to
     * indices 0..9 whatever order they first appear in, and {1, 2} to 0 and 1), else alphabetically.
     */
    static List<String> classNames(String[] labels) {
        List<String> distinct = new ArrayList<>(new TreeSet<>(List.of(labels)));
        if (distinct.stream().allMatch(CsvReader::isInteger)) {
            distinct.sort(Comparator.comparingLong(Long::parseLong));
        }
        return distinct;
    }

    private static Task inferTask(String[] labels) {
        boolean allNumbers = true;
        boolean allIntegers = true;
        for (String label : labels) {
            if (!isInteger(label)) {
                allIntegers = false;
                if (!isNumber(label)) {
                    allNumbers = false;
                }
            }
        }
        return allNumbers && !allIntegers ? Task.REGRESSION : Task.CLASSIFICATION;
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
        throw new DataFileException(file, "no column named '" + label + "'"
                + (names != null ? "; the header has " + names : "; the file has no header, so give the label column's 0-based index"));
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
            if (j != labelColumn && !cell.isEmpty() && !isNumber(cell)) {
                return true;
            }
        }
        return false;
    }

    private static float number(Path file, int line, int column, List<String> names, String cell) throws DataFileException {
        if (cell.isEmpty()) {
            throw new DataFileException(file, "line " + line + ", column " + columnName(column, names)
                    + ": missing value (fill or drop the row; jmlp does not impute)");
        }
        try {
            float value = Float.parseFloat(cell);
            if (!Float.isFinite(value)) {
                throw new NumberFormatException();
            }
            return value;
        } catch (NumberFormatException e) {
            throw new DataFileException(file, "line " + line + ", column " + columnName(column, names) + ": '" + cell
                    + "' is not a finite number (features must be numeric; only the label column may hold text)");
        }
    }

    private static String columnName(int column, List<String> names) {
        return names != null ? column + " ('" + names.get(column).trim() + "')" : Integer.toString(column);
    }

    private static boolean isNumber(String s) {
        try {
            return Double.isFinite(Double.parseDouble(s));
        } catch (NumberFormatException e) {
            return false;
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
            throw new DataFileException(file, "line " + lineNumber + ": a quoted field is not closed (fields spanning lines are not supported)");
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
            default -> throw new IllegalArgumentException("task '" + text + "' is not auto, classification or regression");
        };
    }
}
