package io.jmlp.data;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * The data sets {@code --data} names:
 * <ul>
 *   <li>{@code mnist-10k}: 10,000 real MNIST digits embedded in jmlp (8,000 train / 2,000 test; data/README.md);</li>
 *   <li>{@code fashion-mnist}: the full Fashion-MNIST from Debian's {@code dataset-fashion-mnist}
 *       ({@value #FASHION_MNIST_DIR}, or the directory in {@code JMLP_FASHION_MNIST_DIR});</li>
 *   <li>{@code idx:DIR}: any directory holding MNIST-format train and test files;</li>
 *   <li>{@code moons} or {@code moons:n=1000,noise=0.2}: the synthetic two-moons set, 80/20 train/test;</li>
 *   <li>{@code csv:PATH[,label=COLUMN][,header=true|false][,task=auto|classification|regression][,sep=;]
 *       [,test=PATH | ,test-fraction=0.2]}: a CSV table ({@link CsvReader}); without a test file a seeded
 *       fraction of the rows is held out as the test set.</li>
 * </ul>
 * Pixels stored as unsigned bytes are scaled to [0, 1]; IDX files of other types are used as stored.
 */
public final class DataSources {
    public static final String FASHION_MNIST_DIR = "/usr/share/datasets/fashion-mnist";
    public static final String FASHION_MNIST_ENV = "JMLP_FASHION_MNIST_DIR";
    private static final String EMBEDDED = "/io/jmlp/data/mnist-10k/";
    private static final float PIXEL_SCALE = 1f / 255f;

    private DataSources() {}

    /** Loads the train and test sets {@code spec} names; {@code seed} drives synthetic data. */
    public static TrainTest load(String spec, long seed) throws IOException {
        return load(spec, seed, null);
    }

    /**
     * Loads {@code spec} to be scored by a model whose inputs and outputs {@code schema} describes
     * (null: training data): CSV columns are matched to the schema's feature names, labels are
     * numbered by its classes (a label it lacks is an error), and the feature count must match.
     */
    public static TrainTest load(String spec, long seed, DataSchema schema) throws IOException {
        TrainTest sets = loadUnchecked(spec, seed, schema);
        if (schema == null) {
            return sets;
        }
        return new TrainTest(
                schema.conform(sets.train(), "--data " + spec + " (train part)"),
                schema.conform(sets.test(), "--data " + spec + " (test part)"));
    }

    private static TrainTest loadUnchecked(String spec, long seed, DataSchema schema) throws IOException {
        String trimmed = spec.trim();
        String lower = trimmed.toLowerCase(Locale.ROOT);
        if (lower.equals("mnist-10k")) {
            return embeddedMnist();
        }
        if (lower.equals("fashion-mnist")) {
            return fashionMnist();
        }
        if (lower.startsWith("idx:")) {
            return idxDirectory(Path.of(trimmed.substring(4)), "idx:" + trimmed.substring(4));
        }
        if (lower.equals("moons") || lower.startsWith("moons:")) {
            return moons(lower.length() > 6 ? lower.substring(6) : "", seed);
        }
        if (lower.startsWith("csv:")) {
            return csv(trimmed.substring(4), seed, schema);
        }
        throw new IllegalArgumentException(
                "unknown data set '" + spec + "'; choose mnist-10k, fashion-mnist, "
                        + "idx:DIR (a directory of MNIST-format files), moons[:n=1000,noise=0.2] or csv:PATH[,label=COLUMN,test=PATH]");
    }

    static TrainTest embeddedMnist() throws IOException {
        return classIndices(
                images(
                        "mnist-10k train",
                        resource("train-images-idx3-ubyte.gz"),
                        resource("train-labels-idx1-ubyte.gz")),
                images("mnist-10k test", resource("t10k-images-idx3-ubyte.gz"), resource("t10k-labels-idx1-ubyte.gz")));
    }

    /**
     * IDX labels are class indices: the training labels must use every index from 0 to the largest
     * (so a stray label of 200 cannot silently make a 201-output network), and the test labels must
     * stay below that count.
     */
    static TrainTest classIndices(Dataset train, Dataset test) throws DataFileException {
        java.util.BitSet seen = new java.util.BitSet();
        for (int label : train.labels()) {
            seen.set(label);
        }
        int classes = train.classes();
        if (seen.cardinality() != classes) {
            int missing = seen.nextClearBit(0);
            throw new DataFileException(
                    train.name(),
                    "labels run up to " + (classes - 1) + " but only " + seen.cardinality()
                            + " distinct classes occur (none is " + missing
                            + "); IDX labels are class indices 0..K-1 with every class present"
                            + " in the training file — is a label corrupt?");
        }
        for (int i = 0; i < test.labels().length; i++) {
            if (test.labels()[i] >= classes) {
                throw new DataFileException(
                        test.name(),
                        "label " + test.labels()[i] + " at index " + i + " is not one of the " + classes
                                + " classes of the training file (0.." + (classes - 1) + ")");
            }
        }
        return new TrainTest(
                train,
                Dataset.classification(test.name(), test.features(), test.rows(), test.cols(), test.labels(), classes));
    }

    private static IdxArray resource(String file) throws IOException {
        try (InputStream in = DataSources.class.getResourceAsStream(EMBEDDED + file)) {
            if (in == null) {
                throw new DataFileException(
                        "classpath:" + EMBEDDED + file,
                        "the embedded MNIST digits are missing from the jmlp-core jar; rebuild with `mvn package` from the repository root");
            }
            return IdxReader.read("mnist-10k/" + file, in);
        }
    }

    static TrainTest fashionMnist() throws IOException {
        String override = System.getenv(FASHION_MNIST_ENV);
        Path dir = Path.of(override != null && !override.isBlank() ? override : FASHION_MNIST_DIR);
        if (!Files.isDirectory(dir)) {
            throw new DataFileException(
                    dir,
                    "Fashion-MNIST is not installed. On Debian/Ubuntu run "
                            + "`sudo apt-get install dataset-fashion-mnist`; or download the four *-ubyte.gz files from "
                            + "https://github.com/zalandoresearch/fashion-mnist and use --data idx:DIR (or set "
                            + FASHION_MNIST_ENV + ")");
        }
        return idxDirectory(dir, "fashion-mnist");
    }

    /**
     * Finds train/test images and labels in {@code dir} by their usual names: {@code train-images…idx…},
     * {@code train-labels…idx…}, {@code t10k-} (or {@code test-}) {@code images…idx…} and {@code …labels…idx…},
     * raw or {@code .gz}; the files' headers give the shapes.
     */
    static TrainTest idxDirectory(Path dir, String name) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new DataFileException(
                    dir,
                    "not a directory; --data idx:DIR needs a directory holding "
                            + "train-images-idx3-ubyte, train-labels-idx1-ubyte, t10k-images-idx3-ubyte and t10k-labels-idx1-ubyte (raw or .gz)");
        }
        List<Path> files;
        try (Stream<Path> listing = Files.list(dir)) {
            files = listing.sorted().toList();
        }
        Path trainImages = find(dir, files, List.of("train-images"));
        Path trainLabels = find(dir, files, List.of("train-labels"));
        Path testImages = find(dir, files, List.of("t10k-images", "test-images"));
        Path testLabels = find(dir, files, List.of("t10k-labels", "test-labels"));
        return classIndices(
                images(name + " train", IdxReader.read(trainImages), IdxReader.read(trainLabels)),
                images(name + " test", IdxReader.read(testImages), IdxReader.read(testLabels)));
    }

    private static Path find(Path dir, List<Path> files, List<String> prefixes) throws DataFileException {
        for (Path file : files) {
            String fileName = file.getFileName().toString().toLowerCase(Locale.ROOT);
            for (String prefix : prefixes) {
                if (fileName.startsWith(prefix) && fileName.contains("idx")) {
                    return file;
                }
            }
        }
        throw new DataFileException(
                dir,
                "no " + String.join(" or ", prefixes) + "…idx… file here, e.g. "
                        + prefixes.get(0) + (prefixes.get(0).endsWith("images") ? "-idx3-ubyte.gz" : "-idx1-ubyte.gz")
                        + " (found: "
                        + files.stream().map(f -> f.getFileName().toString()).toList() + ")");
    }

    /** Pairs an image file with its label file, checking that they agree; byte pixels are scaled to [0, 1]. */
    static Dataset images(String name, IdxArray images, IdxArray labels) throws DataFileException {
        if (images.dims().length < 2) {
            throw new DataFileException(
                    images.source(),
                    "expected images (3 dimensions: count, rows, columns), got dimensions "
                            + java.util.Arrays.toString(images.dims()));
        }
        if (labels.dims().length != 1) {
            throw new DataFileException(
                    labels.source(),
                    "expected labels (1 dimension), got dimensions " + java.util.Arrays.toString(labels.dims()));
        }
        if (labels.count() != images.count()) {
            throw new DataFileException(
                    labels.source(),
                    labels.count() + " labels but " + images.source() + " holds " + images.count() + " images");
        }
        int[] y = new int[labels.count()];
        int classes = 0;
        for (int i = 0; i < y.length; i++) {
            float v = labels.values()[i];
            if (v < 0 || v != Math.rint(v) || v >= y.length) {
                throw new DataFileException(
                        labels.source(),
                        "label " + v + " at index " + i + " is not a class index in 0.." + (y.length - 1)
                                + " (there cannot be more classes than examples)");
            }
            y[i] = (int) v;
            classes = Math.max(classes, y[i] + 1);
        }
        float[] pixels = images.values();
        if (images.unsignedBytes()) {
            // Scaled where they lie: the reader's array is nobody else's, and a scaled copy (Dataset.scaled)
            // would hold the images twice while it is made (188 MB more for Fashion-MNIST's training set,
            // garbage that made the JVM grow its heap for good). The same products as that copy's.
            for (int i = 0; i < pixels.length; i++) {
                pixels[i] *= PIXEL_SCALE;
            }
        }
        return Dataset.classification(name, pixels, images.count(), images.itemSize(), y, classes);
    }

    /** {@code PATH[,key=value…]}: see the class comment for the keys. */
    static TrainTest csv(String spec, long seed, DataSchema schema) throws IOException {
        String[] parts = spec.split(",");
        Path file = Path.of(parts[0].trim());
        CsvReader.Format format = CsvReader.Format.defaults().withSchema(schema);
        Path testFile = null;
        double testFraction = 0.2;
        for (int i = 1; i < parts.length; i++) {
            String[] kv = parts[i].split("=", 2);
            if (kv.length != 2) {
                throw new IllegalArgumentException("csv option '" + parts[i]
                        + "' is not key=value; e.g. csv:data.csv,label=species,test=test.csv");
            }
            String value = kv[1].trim();
            switch (kv[0].trim().toLowerCase(Locale.ROOT)) {
                case "label" -> format = format.withLabel(value);
                case "header" ->
                    format = format.withHeader(
                            switch (value.toLowerCase(Locale.ROOT)) {
                                case "true", "yes" -> Boolean.TRUE;
                                case "false", "no" -> Boolean.FALSE;
                                case "auto" -> null;
                                default ->
                                    throw new IllegalArgumentException(
                                            "csv option header=" + value + ": use true, false or auto");
                            });
                case "task" -> format = format.withTask(CsvReader.parseTask(value));
                case "sep" -> {
                    String sep = value.equals("\\t") || value.equalsIgnoreCase("tab") ? "\t" : value;
                    if (sep.length() != 1) {
                        throw new IllegalArgumentException(
                                "csv option sep=" + value + ": give one character, e.g. sep=; or sep=tab");
                    }
                    format = format.withDelimiter(sep.charAt(0));
                }
                case "test" -> testFile = Path.of(value);
                case "test-fraction" -> {
                    try {
                        testFraction = Double.parseDouble(value);
                    } catch (NumberFormatException e) {
                        testFraction = Double.NaN;
                    }
                    if (!(testFraction > 0 && testFraction < 1)) {
                        throw new IllegalArgumentException(
                                "csv option test-fraction=" + value + ": give a fraction in (0, 1)");
                    }
                }
                default ->
                    throw new IllegalArgumentException(
                            "unknown csv option '" + kv[0] + "'; use label, header, task, sep, test or test-fraction");
            }
        }
        if (testFile != null) {
            List<Dataset> sets = CsvReader.read(List.of(file, testFile), format);
            if (sets.get(0).cols() != sets.get(1).cols()) { // files without headers, matched by position
                throw new DataFileException(
                        testFile,
                        sets.get(1).cols() + " feature columns but " + file + " has "
                                + sets.get(0).cols());
            }
            return new TrainTest(
                    sets.get(0).named(file.getFileName() + " train"),
                    sets.get(1).named(testFile.getFileName() + " test"));
        }
        Dataset all = CsvReader.read(file, format);
        Dataset.Split split = all.split(1 - testFraction, seed);
        return new TrainTest(
                split.first().named(all.name() + " train"), split.second().named(all.name() + " test"));
    }

    /** {@code n=1000,noise=0.2} style options; both optional. */
    static TrainTest moons(String options, long seed) {
        int n = 1000;
        double noise = 0.2;
        if (!options.isBlank()) {
            for (String option : options.split(",")) {
                String[] kv = option.split("=", 2);
                if (kv.length != 2) {
                    throw new IllegalArgumentException(
                            "moons option '" + option + "' is not key=value; e.g. moons:n=1000,noise=0.2");
                }
                try {
                    switch (kv[0].trim()) {
                        case "n" -> n = Integer.parseInt(kv[1].trim());
                        case "noise" -> noise = Double.parseDouble(kv[1].trim());
                        default ->
                            throw new IllegalArgumentException("unknown moons option '" + kv[0] + "'; use n and noise");
                    }
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("moons option '" + option + "' needs a number");
                }
            }
        }
        Dataset.Split split = Moons.generate(n, noise, seed).split(0.8, seed);
        return new TrainTest(split.first().named("moons train"), split.second().named("moons test"));
    }
}
