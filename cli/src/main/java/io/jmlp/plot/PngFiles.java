package io.jmlp.plot;

import io.jmlp.io.AtomicWrite;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.internal.chartpart.Chart;

/** Writes charts and images as PNG files, atomically. */
final class PngFiles {
    static {
        // Charts are drawn off-screen; without this a machine with no display fails on the first font.
        System.setProperty("java.awt.headless", "true");
    }

    private PngFiles() {}

    static void write(Chart<?, ?> chart, Path file) throws IOException {
        AtomicWrite.write(file, out -> BitmapEncoder.saveBitmap(chart, out, BitmapEncoder.BitmapFormat.PNG));
    }

    /** Several charts side by side in one file, {@code columns} to a row. */
    static <T extends Chart<?, ?>> void write(List<T> charts, int columns, Path file) throws IOException {
        int rows = (charts.size() + columns - 1) / columns;
        AtomicWrite.write(
                file, out -> BitmapEncoder.saveBitmap(charts, rows, columns, out, BitmapEncoder.BitmapFormat.PNG));
    }

    static void write(BufferedImage image, Path file) throws IOException {
        AtomicWrite.write(file, out -> ImageIO.write(image, "png", out));
    }
}
