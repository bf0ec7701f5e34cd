package io.jmlp.plot;

import io.jmlp.eval.ConfusionMatrix;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.HeatMapChartBuilder;

/** The confusion matrix as a heat map: true class down, predicted class across, counts printed in the cells. */
public final class ConfusionHeatMap {
    private ConfusionHeatMap() {}

    public static void write(ConfusionMatrix matrix, Path file) throws IOException {
        int k = matrix.classes();
        int size = Math.max(360, Math.min(720, 120 + 48 * k));
        HeatMapChart chart = new HeatMapChartBuilder()
                .width(size + 90)
                .height(size)
                .title("confusion matrix")
                .xAxisTitle("predicted class")
                .yAxisTitle("true class")
                .build();
        chart.getStyler().setShowValue(true);
        chart.getStyler()
                .setRangeColors(
                        new Color[] {new Color(247, 251, 255), new Color(107, 174, 214), new Color(8, 48, 107)});
        chart.getStyler().setLegendVisible(false);
        // The heat map draws its first y category at the bottom; list true classes in reverse so class 0 is the top
        // row.
        List<String> x = new ArrayList<>(matrix.classNames());
        List<String> y = new ArrayList<>();
        for (int t = k - 1; t >= 0; t--) {
            y.add(matrix.classNames().get(t));
        }
        List<Number[]> cells = new ArrayList<>();
        for (int t = 0; t < k; t++) {
            for (int p = 0; p < k; p++) {
                cells.add(new Number[] {p, k - 1 - t, matrix.count(t, p)});
            }
        }
        chart.addSeries("counts", x, y, cells);
        PngFiles.write(chart, file);
    }
}
