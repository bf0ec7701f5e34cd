package io.jmlp.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataSourcesTest {

    @Test
    void embeddedMnistHas8000TrainAnd2000TestDigitsInUnitRange() throws IOException {
        TrainTest sets = DataSources.load("mnist-10k", 1);
        assertEquals(8000, sets.train().rows());
        assertEquals(2000, sets.test().rows());
        assertEquals(784, sets.train().cols());
        assertEquals(10, sets.train().classes());
        float max = 0;
        for (float v : sets.train().features()) {
            assertTrue(v >= 0f && v <= 1f);
            max = Math.max(max, v);
        }
        assertEquals(1f, max);
        int[] perClass = new int[10];
        for (int label : sets.test().labels()) {
            perClass[label]++;
        }
        for (int count : perClass) {
            assertTrue(count > 150, "every digit is in the test set");
        }
    }

    @Test
    void moonsOptionsAreParsedAndSplit80To20() throws IOException {
        TrainTest sets = DataSources.load("moons:n=500,noise=0.1", 3);
        assertEquals(400, sets.train().rows());
        assertEquals(100, sets.test().rows());
        assertEquals(2, sets.train().cols());
        assertThrows(IllegalArgumentException.class, () -> DataSources.load("moons:size=5", 3));
        assertThrows(IllegalArgumentException.class, () -> DataSources.load("moons:n=many", 3));
    }

    @Test
    void unknownSourceAndMissingDirectoryExplainThemselves(@TempDir Path dir) throws IOException {
        IllegalArgumentException unknown =
                assertThrows(IllegalArgumentException.class, () -> DataSources.load("cifar", 1));
        assertTrue(unknown.getMessage().contains("mnist-10k"), unknown.getMessage());

        DataFileException notDir =
                assertThrows(DataFileException.class, () -> DataSources.load("idx:" + dir.resolve("none"), 1));
        assertTrue(notDir.getMessage().contains("not a directory"), notDir.getMessage());

        Files.writeString(dir.resolve("readme.txt"), "hello");
        DataFileException empty = assertThrows(DataFileException.class, () -> DataSources.load("idx:" + dir, 1));
        assertTrue(
                empty.getMessage().contains("train-images")
                        && empty.getMessage().contains("readme.txt"),
                empty.getMessage());
    }

    @Test
    void imagesAndLabelsMustAgreeInCount() {
        IdxArray images = new IdxArray("img", new int[] {3, 2, 2}, new float[12], true);
        IdxArray labels = new IdxArray("lbl", new int[] {2}, new float[] {0, 1}, true);
        DataFileException e = assertThrows(DataFileException.class, () -> DataSources.images("x", images, labels));
        assertTrue(e.getMessage().contains("2 labels but img holds 3 images"), e.getMessage());
    }
}
