package io.jmlp.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DatasetTest {

    private static Dataset numbered(int rows) {
        float[] x = new float[rows * 2];
        int[] y = new int[rows];
        for (int i = 0; i < rows; i++) {
            x[2 * i] = i;
            x[2 * i + 1] = -i;
            y[i] = i % 3;
        }
        return Dataset.classification("n", x, rows, 2, y, 3);
    }

    @Test
    void splitIsDisjointCompleteAndSeeded() {
        Dataset d = numbered(100);
        Dataset.Split s = d.split(0.7, 9);
        assertEquals(70, s.first().rows());
        assertEquals(30, s.second().rows());
        Set<Float> seen = new HashSet<>();
        for (Dataset part : new Dataset[] {s.first(), s.second()}) {
            for (int r = 0; r < part.rows(); r++) {
                float id = part.features()[2 * r];
                assertEquals(-id, part.features()[2 * r + 1], 0f, "rows stay whole");
                assertEquals((int) id % 3, part.labels()[r], "labels follow their rows");
                seen.add(id);
            }
        }
        assertEquals(100, seen.size());
        assertEquals(s.first().features()[0], d.split(0.7, 9).first().features()[0], "same seed, same split");
    }

    @Test
    void labelsOutsideTheClassesAreRejected() {
        assertThrows(
                IllegalArgumentException.class,
                () -> Dataset.classification("bad", new float[2], 1, 2, new int[] {3}, 3));
    }

    @Test
    void moonsAreBalancedAndSeeded() {
        Dataset m = Moons.generate(101, 0.2, 4);
        int ones = 0;
        for (int y : m.labels()) {
            ones += y;
        }
        assertEquals(51, ones);
        assertEquals(m.features()[7], Moons.generate(101, 0.2, 4).features()[7]);
    }
}
