package io.jmlp.plot;

import io.jmlp.train.EpochRecord;
import io.jmlp.train.History;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** Loss and accuracy per epoch, training and validation, as two charts side by side. */
public final class TrainingCurves {
    private TrainingCurves() {}

    public static void write(History history, Path file) throws IOException {
        List<EpochRecord> epochs = history.epochs();
        double[] x = epochs.stream().mapToDouble(EpochRecord::epoch).toArray();
        XYChart loss = chart("loss", "mean loss", Styler.LegendPosition.InsideNE);
        addIfMeasured(
                loss,
                "train",
                x,
                epochs.stream().mapToDouble(EpochRecord::trainLoss).toArray());
        addIfMeasured(
                loss,
                "validation",
                x,
                epochs.stream().mapToDouble(EpochRecord::validationLoss).toArray());
        List<XYChart> charts = new ArrayList<>(List.of(loss));
        double[] trainAccuracy =
                epochs.stream().mapToDouble(EpochRecord::trainAccuracy).toArray();
        if (!Double.isNaN(trainAccuracy[0])) {
            XYChart accuracy = chart("accuracy", "fraction correct", Styler.LegendPosition.InsideSE);
            addIfMeasured(accuracy, "train", x, trainAccuracy);
            addIfMeasured(
                    accuracy,
                    "validation",
                    x,
                    epochs.stream().mapToDouble(EpochRecord::validationAccuracy).toArray());
            charts.add(accuracy);
        }
        PngFiles.write(charts, charts.size(), file);
    }

    /** Loss falls and accuracy rises, so their legends sit in the corners the curves leave free. */
    private static XYChart chart(String title, String yTitle, Styler.LegendPosition legend) {
        XYChart chart = new XYChartBuilder()
                .width(480)
                .height(340)
                .title(title)
                .xAxisTitle("epoch")
                .yAxisTitle(yTitle)
                .build();
        chart.getStyler().setLegendPosition(legend);
        chart.getStyler().setDecimalPattern("#0.####");
        return chart;
    }

    private static void addIfMeasured(XYChart chart, String name, double[] x, double[] y) {
        if (y.length > 0 && !Double.isNaN(y[0])) {
            chart.addSeries(name, x, y).setMarker(x.length > 30 ? SeriesMarkers.NONE : SeriesMarkers.CIRCLE);
        }
    }
}
