package io.jmlp.plot;

import io.jmlp.data.Dataset;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;

/**
 * The first {@code count} test images with the predicted and the true label under each (red when
 * they differ), as the seeds show ten MNIST digits. Features are read as a square grey image with
 * values in [0, 1].
 */
public final class SampleGrid {
    private static final int SCALE = 3;
    private static final int CAPTION = 34;
    private static final int PAD = 8;

    private SampleGrid() {}

    /** Whether {@code data}'s rows look like square images (at least 8×8 features). */
    public static boolean isImageData(Dataset data) {
        int side = (int) Math.round(Math.sqrt(data.cols()));
        return side >= 8 && side * side == data.cols() && data.isClassification();
    }

    public static void write(Dataset images, int[] predicted, int count, Path file) throws IOException {
        if (!isImageData(images)) {
            throw new IllegalArgumentException(
                    images.name() + " rows are not square images (" + images.cols() + " features)");
        }
        int side = (int) Math.round(Math.sqrt(images.cols()));
        int n = Math.min(count, images.rows());
        int columns = Math.min(5, n);
        int rows = (n + columns - 1) / columns;
        int cellW = side * SCALE + 2 * PAD;
        int cellH = side * SCALE + CAPTION + PAD;
        BufferedImage out = new BufferedImage(columns * cellW, rows * cellH, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, out.getWidth(), out.getHeight());
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        float[] f = images.features();
        for (int i = 0; i < n; i++) {
            int left = (i % columns) * cellW + PAD;
            int top = (i / columns) * cellH + PAD;
            for (int y = 0; y < side; y++) {
                for (int x = 0; x < side; x++) {
                    float v = Math.max(0f, Math.min(1f, f[i * images.cols() + y * side + x]));
                    int grey = Math.round(255 * (1 - v)); // dark ink on white, as the digits are printed
                    g.setColor(new Color(grey, grey, grey));
                    g.fillRect(left + x * SCALE, top + y * SCALE, SCALE, SCALE);
                }
            }
            String p = images.classNames().get(predicted[i]);
            String t = images.classNames().get(images.labels()[i]);
            g.setColor(predicted[i] == images.labels()[i] ? new Color(0, 110, 0) : Color.RED);
            g.drawString("pred " + p, left, top + side * SCALE + 13);
            g.setColor(Color.DARK_GRAY);
            g.drawString("true " + t, left, top + side * SCALE + 27);
        }
        g.dispose();
        PngFiles.write(out, file);
    }
}
