package io.jmlp.plot;

import io.jmlp.eval.Roc;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.lines.SeriesLines;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** One-vs-rest ROC curves, one per class, with each AUC in the legend and the chance diagonal. */
public final class RocChart {
    private RocChart() {}

    public static void write(List<Roc> curves, Path file) throws IOException {
        XYChart chart = new XYChartBuilder()
                .width(560)
                .height(480)
                .title(String.format(Locale.ROOT, "ROC, one vs rest (macro AUC %.4f)", Roc.macroAuc(curves)))
                .xAxisTitle("false positive rate")
                .yAxisTitle("true positive rate")
                .build();
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideSE);
        chart.getStyler().setXAxisMin(0.0).setXAxisMax(1.0).setYAxisMin(0.0).setYAxisMax(1.0);
        for (Roc roc : curves) {
            chart.addSeries(
                            String.format(Locale.ROOT, "%s (AUC %.4f)", roc.className(), roc.auc()),
                            roc.falsePositiveRate(),
                            roc.truePositiveRate())
                    .setMarker(SeriesMarkers.NONE);
        }
        XYSeries chance = chart.addSeries("chance", new double[] {0, 1}, new double[] {0, 1});
        chance.setMarker(SeriesMarkers.NONE);
        chance.setLineStyle(SeriesLines.DASH_DASH);
        chance.setLineColor(java.awt.Color.GRAY);
        PngFiles.write(chart, file);
    }
}
