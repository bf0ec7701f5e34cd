package io.jmlp.random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PhiloxTest {

    /** Known-answer vectors of philox4x32-10 from Random123's kat_vectors. */
    @Test
    void matchesRandom123KnownAnswers() {
        assertArrayEquals(new int[] {0x6627e8d5, 0xe169c58d, 0xbc57ac4c, 0x9b00dbd8}, Philox.block(0, 0, 0, 0, 0, 0));
        assertArrayEquals(
                new int[] {0x408f276d, 0x41c83b0e, 0xa20bc7c6, 0x6d5451fd}, Philox.block(-1, -1, -1, -1, -1, -1));
        assertArrayEquals(
                new int[] {0xd16cfe09, 0x94fdcceb, 0x5001e420, 0x24126ea1},
                Philox.block(0x243f6a88, 0x85a308d3, 0x13198a2e, 0x03707344, 0xa4093822, 0x299f31d0));
    }

    @Test
    void streamDrawsEqualIndexedDraws() {
        PhiloxStream s = new PhiloxStream(1234L, 99L);
        for (long n = 0; n < 37; n++) {
            assertEquals(Philox.word(1234L, 99L, n), s.nextInt(), "draw " + n);
        }
    }

    @Test
    void dropoutKeepsAboutOneMinusP() {
        int kept = 0;
        int n = 100_000;
        for (int e = 0; e < n; e++) {
            if (Philox.dropoutKeeps(7L, 3L, e, 0.3f)) {
                kept++;
            }
        }
        assertEquals(0.7, kept / (double) n, 0.01);
        assertEquals(0, Philox.dropoutThreshold(0f));
        assertTrue(Philox.dropoutKeeps(1L, 1L, 5L, 0f), "p = 0 keeps everything");
    }

    @Test
    void permutationIsAPermutationAndGaussianHasUnitVariance() {
        int[] p = new PhiloxStream(5L, 1L).permutation(1000);
        boolean[] seen = new boolean[1000];
        for (int v : p) {
            seen[v] = true;
        }
        for (boolean b : seen) {
            assertTrue(b);
        }
        PhiloxStream g = new PhiloxStream(5L, 2L);
        double sum = 0;
        double sumSq = 0;
        int n = 200_000;
        for (int i = 0; i < n; i++) {
            double x = g.nextGaussian();
            sum += x;
            sumSq += x * x;
        }
        assertEquals(0.0, sum / n, 0.01);
        assertEquals(1.0, sumSq / n, 0.01);
    }
}
