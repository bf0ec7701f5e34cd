package io.jmlp.plot;

import io.jmlp.train.LearningRateFinder;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** The learning-rate range test: loss per step against the rate (log scale), with the suggested rate marked. */
public final class LearningRateCurve {
    private LearningRateCurve() {}

    public static void write(LearningRateFinder.Result result, Path file) throws IOException {
        List<LearningRateFinder.Point> points = result.points();
        double[] rates = points.stream()
                .mapToDouble(LearningRateFinder.Point::learningRate)
                .toArray();
        double[] raw = points.stream()
                .mapToDouble(p -> Double.isFinite(p.loss()) ? p.loss() : Double.NaN)
                .toArray();
        double[] smoothed = points.stream()
                .mapToDouble(LearningRateFinder.Point::smoothedLoss)
                .toArray();
        XYChart chart = new XYChartBuilder()
                .width(720)
                .height(440)
                .title("learning-rate range test")
                .xAxisTitle("learning rate (log scale)")
                .yAxisTitle("mini-batch loss")
                .build();
        chart.getStyler().setXAxisLogarithmic(true);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideSW);
        chart.getStyler().setDecimalPattern("#0.####");
        chart.getStyler().setXAxisDecimalPattern("0.#E0");
        // Past the minimum the curve soon only shows the blow-up: the axis ends at the highest loss before the minimum.
        int minimum = 0;
        for (int i = 1; i < smoothed.length; i++) {
            if (smoothed[i] < smoothed[minimum]) {
                minimum = i;
            }
        }
        double high = 0;
        for (int i = 0; i <= minimum; i++) {
            high = Math.max(high, Math.max(smoothed[i], Double.isFinite(raw[i]) ? raw[i] : 0));
        }
        chart.getStyler().setYAxisMax(high * 1.1);
        chart.getStyler().setYAxisMin(0.0);
        chart.addSeries("loss", rates, clip(raw, high * 1.1))
                .setMarker(SeriesMarkers.NONE)
                .setLineWidth(1f);
        chart.addSeries("smoothed", rates, clip(smoothed, high * 1.1)).setMarker(SeriesMarkers.NONE);
        XYSeries suggestion = chart.addSeries(
                String.format(java.util.Locale.ROOT, "suggested %.2g (min/10)", result.suggestedRate()),
                new double[] {result.suggestedRate(), result.suggestedRate()},
                new double[] {0, high * 1.1});
        suggestion.setMarker(SeriesMarkers.NONE);
        XYSeries steepest = chart.addSeries(
                String.format(java.util.Locale.ROOT, "steepest %.2g", result.steepestRate()),
                new double[] {result.steepestRate(), result.steepestRate()},
                new double[] {0, high * 1.1});
        steepest.setMarker(SeriesMarkers.NONE);
        PngFiles.write(chart, file);
    }

    private static double[] clip(double[] values, double max) {
        double[] out = values.clone();
        for (int i = 0; i < out.length; i++) {
            if (!(out[i] <= max)) {
                out[i] = max;
            }
        }
        return out;
    }
}
