package io.jmlp.plot;

import io.jmlp.data.Dataset;
import io.jmlp.eval.Predictions;
import io.jmlp.nn.Mlp;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Decision regions of two-feature classifiers, one panel per model, as the seeds draw them for a
 * tanh network on moons with 1, 2, 3, 4, 5, 20 and 50 hidden units: the background is the
 * predicted probability of class 1 (blue for class 0, red for class 1, pale near 0.5), the points
 * are the data coloured by their true class. Drawn with Java2D: a chart library has no filled
 * probability field.
 */
public final class DecisionBoundary {
    private static final int PANEL = 260;
    private static final int TITLE = 26;
    private static final int GRID = 130;
    private static final Color CLASS0 = new Color(44, 123, 182);
    private static final Color CLASS1 = new Color(215, 25, 28);

    private DecisionBoundary() {}

    /** A model and its caption. */
    public record Panel(String title, Mlp model) {}

    public static void write(List<Panel> panels, Dataset points, Path file, int columns) throws IOException {
        if (points.cols() != 2) {
            throw new IllegalArgumentException(
                    "decision boundaries need 2-D data; " + points.name() + " has " + points.cols() + " features");
        }
        float[] f = points.features();
        double minX = Double.MAX_VALUE, maxX = -Double.MAX_VALUE, minY = Double.MAX_VALUE, maxY = -Double.MAX_VALUE;
        for (int i = 0; i < points.rows(); i++) {
            minX = Math.min(minX, f[2 * i]);
            maxX = Math.max(maxX, f[2 * i]);
            minY = Math.min(minY, f[2 * i + 1]);
            maxY = Math.max(maxY, f[2 * i + 1]);
        }
        minX -= 0.5;
        maxX += 0.5;
        minY -= 0.5;
        maxY += 0.5;
        float[] grid = new float[GRID * GRID * 2];
        for (int gy = 0; gy < GRID; gy++) {
            for (int gx = 0; gx < GRID; gx++) {
                int k = gy * GRID + gx;
                grid[2 * k] = (float) (minX + (gx + 0.5) * (maxX - minX) / GRID);
                grid[2 * k + 1] = (float) (maxY - (gy + 0.5) * (maxY - minY) / GRID); // top row is the largest y
            }
        }
        Dataset gridSet = Dataset.classification("grid", grid, GRID * GRID, 2, new int[GRID * GRID], 2);

        int rows = (panels.size() + columns - 1) / columns;
        BufferedImage image = new BufferedImage(columns * PANEL, rows * (PANEL + TITLE), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, image.getWidth(), image.getHeight());
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
        for (int p = 0; p < panels.size(); p++) {
            int left = (p % columns) * PANEL;
            int top = (p / columns) * (PANEL + TITLE);
            g.setColor(Color.BLACK);
            g.drawString(panels.get(p).title(), left + 8, top + 18);
            int plotTop = top + TITLE;
            float[] probability =
                    Predictions.of(panels.get(p).model(), gridSet, 4096).scores();
            double cell = (double) PANEL / GRID;
            for (int k = 0; k < GRID * GRID; k++) {
                g.setColor(blend(probability[2 * k + 1]));
                int gx = k % GRID;
                int gy = k / GRID;
                g.fillRect(
                        left + (int) Math.floor(gx * cell),
                        plotTop + (int) Math.floor(gy * cell),
                        (int) Math.ceil(cell) + 1,
                        (int) Math.ceil(cell) + 1);
            }
            g.setStroke(new BasicStroke(0.8f));
            for (int i = 0; i < points.rows(); i++) {
                int px = left + (int) ((f[2 * i] - minX) / (maxX - minX) * PANEL);
                int py = plotTop + (int) ((maxY - f[2 * i + 1]) / (maxY - minY) * PANEL);
                g.setColor(points.labels()[i] == 1 ? CLASS1 : CLASS0);
                g.fillOval(px - 3, py - 3, 6, 6);
                g.setColor(Color.BLACK);
                g.drawOval(px - 3, py - 3, 6, 6);
            }
            g.setColor(Color.GRAY);
            g.drawRect(left, plotTop, PANEL - 1, PANEL - 1);
        }
        g.dispose();
        PngFiles.write(image, file);
    }

    /**
     * Pale blue (p→0) through white (0.5) to pale red (p→1), in bands of 0.1 like a filled contour
     * plot: the bands show the probability's slope, and keep the PNG small.
     */
    private static Color blend(float p) {
        Color end = p < 0.5f ? CLASS0 : CLASS1;
        float band = (float) Math.ceil(Math.abs(p - 0.5f) * 10) / 5; // 0.2, 0.4, …, 1.0 of the way to the class colour
        float t = band * 0.55f; // never fully saturated, so the points stand out
        return new Color(mix(255, end.getRed(), t), mix(255, end.getGreen(), t), mix(255, end.getBlue(), t));
    }

    private static int mix(int a, int b, float t) {
        return Math.round(a + (b - a) * t);
    }
}
