package io.jmlp.cli;

import io.jmlp.data.Dataset;
import io.jmlp.eval.ModelReport;
import io.jmlp.nn.Mlp;
import io.jmlp.plot.ConfusionHeatMap;
import io.jmlp.plot.RocChart;
import io.jmlp.plot.SampleGrid;
import io.jmlp.plot.TrainingCurves;
import io.jmlp.train.History;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import picocli.CommandLine.Option;

/** {@code --plots}: which PNG pictures a command writes into its output directory. */
final class PlotOptions {

    enum Plot {
        CURVES("curves.png"),
        CONFUSION("confusion.png"),
        ROC("roc.png"),
        SAMPLES("samples.png");

        final String file;

        Plot(String file) {
            this.file = file;
        }
    }

    private Set<Plot> chosen = EnumSet.of(Plot.CURVES, Plot.CONFUSION);

    /** Parsed when given, so a bad list fails before any training starts. */
    @Option(
            names = "--plots",
            defaultValue = "curves,confusion",
            paramLabel = "LIST",
            description =
                    "PNG pictures to write into the output directory: all, none, or any of curves (loss and accuracy per "
                            + "epoch), confusion (heat map), roc (one-vs-rest curves), samples (10 test images with predicted and true labels).")
    void setPlots(String text) {
        chosen = parse(text);
    }

    Set<Plot> chosen() {
        return chosen;
    }

    static Set<Plot> parse(String list) {
        String text = list.trim().toLowerCase(Locale.ROOT);
        if (text.equals("none")) {
            return EnumSet.noneOf(Plot.class);
        }
        if (text.equals("all")) {
            return EnumSet.allOf(Plot.class);
        }
        Set<Plot> set = EnumSet.noneOf(Plot.class);
        for (String name : text.split(",")) {
            set.add(Arrays.stream(Plot.values())
                    .filter(p -> p.name().equalsIgnoreCase(name.trim()))
                    .findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("--plots: unknown picture '" + name.trim()
                            + "'; choose all, none, or a list of curves, confusion, roc, samples")));
        }
        return set;
    }

    /**
     * Writes the chosen pictures of a finished run into {@code dir}; {@code history} may be null
     * (no curves), {@code model} is scored on {@code test}. Returns the files written.
     */
    List<Path> write(Path dir, History history, Mlp model, Dataset test) throws IOException {
        return write(chosen(), dir, history, model, test);
    }

    static List<Path> write(Set<Plot> chosen, Path dir, History history, Mlp model, Dataset test) throws IOException {
        List<Path> written = new ArrayList<>();
        if (chosen.contains(Plot.CURVES) && history != null) {
            TrainingCurves.write(history, dir.resolve(Plot.CURVES.file));
            written.add(dir.resolve(Plot.CURVES.file));
        }
        boolean needsReport =
                chosen.contains(Plot.CONFUSION) || chosen.contains(Plot.ROC) || chosen.contains(Plot.SAMPLES);
        if (!needsReport || !test.isClassification()) {
            return written; // regression has no classes to picture
        }
        ModelReport report = ModelReport.of(model, test);
        written.addAll(writeReport(chosen, dir, report, test));
        return written;
    }

    static List<Path> writeReport(Set<Plot> chosen, Path dir, ModelReport report, Dataset data) throws IOException {
        List<Path> written = new ArrayList<>();
        if (report.confusion() == null) {
            return written;
        }
        if (chosen.contains(Plot.CONFUSION)) {
            ConfusionHeatMap.write(report.confusion(), dir.resolve(Plot.CONFUSION.file));
            written.add(dir.resolve(Plot.CONFUSION.file));
        }
        if (chosen.contains(Plot.ROC) && !report.roc().isEmpty()) {
            RocChart.write(report.roc(), dir.resolve(Plot.ROC.file));
            written.add(dir.resolve(Plot.ROC.file));
        }
        if (chosen.contains(Plot.SAMPLES) && SampleGrid.isImageData(data)) {
            SampleGrid.write(data, report.predictions().predicted(), 10, dir.resolve(Plot.SAMPLES.file));
            written.add(dir.resolve(Plot.SAMPLES.file));
        }
        return written;
    }

    static void printWritten(PrintWriter out, List<Path> files) {
        if (!files.isEmpty()) {
            out.printf(
                    "wrote %s%n",
                    String.join(", ", files.stream().map(Path::toString).toList()));
        }
    }
}
