package io.jmlp.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvReaderTest {
    @TempDir
    Path dir;

    private Path write(String name, String text) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, text);
        return file;
    }

    @Test
    void headerAndCategoricalLabelsByName() throws IOException {
        Path file =
                write("iris.csv", "sepal,species,petal\n1.5,setosa,0.2\n\"2.5\",virginica,1.0\n3,versicolor,-4e-1\n");
        Dataset set = CsvReader.read(file, CsvReader.Format.defaults().withLabel("species"));
        assertTrue(set.isClassification());
        assertEquals(3, set.rows());
        assertEquals(2, set.cols());
        assertArrayEquals(new float[] {1.5f, 0.2f, 2.5f, 1.0f, 3f, -0.4f}, set.features());
        assertEquals(List.of("setosa", "versicolor", "virginica"), set.classNames());
        assertArrayEquals(new int[] {0, 2, 1}, set.labels());
    }

    @Test
    void integerLabelsSortNumericallyAndNoHeaderIsDetected() throws IOException {
        Path file = write("digits.csv", "0.1,10\n0.2,2\n0.3,1\n");
        Dataset set = CsvReader.read(file, CsvReader.Format.defaults());
        assertEquals(List.of("1", "2", "10"), set.classNames());
        assertArrayEquals(new int[] {2, 1, 0}, set.labels());
    }

    @Test
    void fractionalLabelsMakeARegressionSet() throws IOException {
        Path file = write("houses.csv", "rooms;price\n3;1.25\n4;2\n");
        Dataset set = CsvReader.read(file, CsvReader.Format.defaults().withDelimiter(';'));
        assertFalse(set.isClassification());
        assertArrayEquals(new float[] {1.25f, 2f}, set.targets());
        assertEquals(1, set.targetCols());
    }

    @Test
    void trainAndTestShareOneClassMapping() throws IOException {
        Path train = write("train.csv", "x,y\n1,cat\n2,dog\n3,emu\n");
        Path test = write("test.csv", "x,y\n4,emu\n");
        List<Dataset> sets = CsvReader.read(List.of(train, test), CsvReader.Format.defaults());
        assertEquals(3, sets.get(1).classes());
        assertArrayEquals(new int[] {2}, sets.get(1).labels());
    }

    @Test
    void badValueNamesLineAndColumn() throws IOException {
        Path file = write("bad.csv", "a,b,label\n1,2,x\n3,oops,y\n");
        DataFileException e =
                assertThrows(DataFileException.class, () -> CsvReader.read(file, CsvReader.Format.defaults()));
        assertTrue(e.getMessage().contains("line 3, column 1 ('b')"), e.getMessage());
        assertTrue(e.getMessage().contains("'oops'"), e.getMessage());
    }

    @Test
    void raggedRowsMissingValuesAndUnknownLabelAreErrors() throws IOException {
        Path ragged = write("ragged.csv", "1,2,a\n1,b\n");
        assertTrue(assertThrows(DataFileException.class, () -> CsvReader.read(ragged, CsvReader.Format.defaults()))
                .getMessage()
                .contains("line 2 has 2 columns, expected 3"));
        Path missing = write("missing.csv", "1,,a\n");
        assertTrue(assertThrows(DataFileException.class, () -> CsvReader.read(missing, CsvReader.Format.defaults()))
                .getMessage()
                .contains("missing value"));
        Path named = write("named.csv", "a,b\n1,x\n");
        assertTrue(assertThrows(
                        DataFileException.class,
                        () -> CsvReader.read(named, CsvReader.Format.defaults().withLabel("species")))
                .getMessage()
                .contains("no column named 'species'"));
    }

    @Test
    void dataSourcesHoldsOutASeededTestFraction() throws IOException {
        StringBuilder text = new StringBuilder("f,label\n");
        for (int i = 0; i < 50; i++) {
            text.append(i).append(',').append(i % 2 == 0 ? "even" : "odd").append('\n');
        }
        Path file = write("parity.csv", text.toString());
        TrainTest sets = DataSources.load("csv:" + file + ",label=label,test-fraction=0.2", 7);
        assertEquals(40, sets.train().rows());
        assertEquals(10, sets.test().rows());
        assertEquals(List.of("even", "odd"), sets.test().classNames());
        assertThrows(IllegalArgumentException.class, () -> DataSources.load("csv:" + file + ",colour=red", 7));
    }
}
