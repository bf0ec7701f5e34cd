package io.jmlp.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.jmlp.data.Dataset;
import java.nio.ByteBuffer;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;

/**
 * The checksum a checkpoint keeps of its training data ({@code jmlp train --resume} refuses other
 * rows): computed piece by piece, it must stay the CRC-32 of all the values in one big-endian buffer,
 * as runs before the pieces wrote it, or their checkpoints would no longer resume.
 */
class TrainingDataFingerprintTest {

    /** The first form: every feature, then every label or target, in one buffer. */
    private static String inOneBuffer(Dataset d) {
        ByteBuffer buffer = ByteBuffer.allocate(4 * (d.features().length + d.rows() * Math.max(1, d.targetCols())));
        for (float v : d.features()) {
            buffer.putFloat(v);
        }
        if (d.isClassification()) {
            for (int label : d.labels()) {
                buffer.putInt(label);
            }
        } else {
            for (float v : d.targets()) {
                buffer.putFloat(v);
            }
        }
        CRC32 crc = new CRC32();
        crc.update(buffer.array(), 0, buffer.position());
        return Long.toHexString(crc.getValue());
    }

    private static float[] values(int n, int salt) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) Math.sin(i * 0.37 + salt) * 3;
        }
        return v;
    }

    @Test
    void piecesGiveTheCrcOfTheWholeSet() {
        // 7 features × 5,003 rows: 35,021 floats, so the features and then the labels straddle several
        // 64 KiB pieces, and the last piece is partial.
        int rows = 5_003;
        int cols = 7;
        int[] labels = new int[rows];
        for (int i = 0; i < rows; i++) {
            labels[i] = i % 3;
        }
        Dataset classes = Dataset.classification("c", values(rows * cols, 1), rows, cols, labels, 3);
        assertEquals(inOneBuffer(classes), TrainCommand.fingerprint(classes));

        Dataset regression = Dataset.regression("r", values(rows * cols, 2), rows, cols, values(rows * 2, 3), 2);
        assertEquals(inOneBuffer(regression), TrainCommand.fingerprint(regression));

        Dataset small = Dataset.classification("s", values(6, 4), 3, 2, new int[] {0, 1, 0}, 2);
        assertEquals(inOneBuffer(small), TrainCommand.fingerprint(small));
    }

    @Test
    void anotherValueGivesAnotherFingerprint() {
        float[] f = values(40_000, 5);
        Dataset a = Dataset.regression("a", f.clone(), 20_000, 2, values(20_000, 6), 1);
        f[39_999] += 1f;
        Dataset b = Dataset.regression("b", f, 20_000, 2, values(20_000, 6), 1);
        assertNotEquals(TrainCommand.fingerprint(a), TrainCommand.fingerprint(b));
    }
}
