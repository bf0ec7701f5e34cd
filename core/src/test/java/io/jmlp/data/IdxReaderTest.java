package io.jmlp.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxReaderTest {

    @TempDir
    Path dir;

    /** An IDX file of unsigned bytes with the given dimensions and values 0, 1, 2, … */
    private static byte[] idx(int[] dims, int extraBytes, int missingBytes) {
        int count = Arrays.stream(dims).reduce(1, (a, b) -> a * b);
        ByteBuffer buf = ByteBuffer.allocate(4 + 4 * dims.length + count + extraBytes - missingBytes);
        buf.putInt(0x00000800 | dims.length);
        for (int d : dims) {
            buf.putInt(d);
        }
        for (int i = 0; i < count + extraBytes - missingBytes; i++) {
            buf.put((byte) i);
        }
        return buf.array();
    }

    private static byte[] gzip(byte[] raw) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(raw);
        }
        return out.toByteArray();
    }

    private Path file(String name, byte[] bytes) throws IOException {
        Path p = dir.resolve(name);
        Files.write(p, bytes);
        return p;
    }

    @Test
    void readsRawAndGzipAlike() throws IOException {
        byte[] raw = idx(new int[] {3, 2, 2}, 0, 0);
        IdxArray a = IdxReader.read(file("a-idx3-ubyte", raw));
        IdxArray b = IdxReader.read(file("b-idx3-ubyte.gz", gzip(raw)));
        assertArrayEquals(new int[] {3, 2, 2}, a.dims());
        assertEquals(3, a.count());
        assertEquals(4, a.itemSize());
        assertArrayEquals(new float[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11}, a.values());
        assertArrayEquals(a.values(), b.values());
    }

    @Test
    void truncatedFileNamesFileAndSizes() throws IOException {
        Path p = file("short-idx3-ubyte", idx(new int[] {3, 2, 2}, 0, 5));
        DataFileException e = assertThrows(DataFileException.class, () -> IdxReader.read(p));
        assertTrue(e.getMessage().contains(p.toString()), e.getMessage());
        assertTrue(
                e.getMessage().contains("truncated")
                        && e.getMessage().contains("12 values")
                        && e.getMessage().contains("only 7 bytes"),
                e.getMessage());
    }

    @Test
    void truncatedHeaderIsReported() throws IOException {
        Path p = file("header-idx3-ubyte", new byte[] {0, 0, 8, 3, 0, 0, 0, 5});
        DataFileException e = assertThrows(DataFileException.class, () -> IdxReader.read(p));
        assertTrue(e.getMessage().contains("truncated header"), e.getMessage());
    }

    @Test
    void wrongMagicNumberIsReported() throws IOException {
        byte[] bytes = idx(new int[] {2}, 0, 0);
        bytes[0] = 0x50; // "PK…": a zip, not an IDX file
        bytes[1] = 0x4B;
        Path p = file("zip-idx1-ubyte", bytes);
        DataFileException e = assertThrows(DataFileException.class, () -> IdxReader.read(p));
        assertTrue(e.getMessage().contains("wrong magic number 0x504B0801"), e.getMessage());
        assertTrue(e.getMessage().startsWith(p.toString()), e.getMessage());

        byte[] badType = idx(new int[] {2}, 0, 0);
        badType[2] = 0x07;
        DataFileException typeError =
                assertThrows(DataFileException.class, () -> IdxReader.read(file("type-idx1-ubyte", badType)));
        assertTrue(typeError.getMessage().contains("wrong magic number"), typeError.getMessage());
    }

    @Test
    void trailingBytesAreReported() throws IOException {
        Path p = file("long-idx1-ubyte", idx(new int[] {4}, 3, 0));
        DataFileException e = assertThrows(DataFileException.class, () -> IdxReader.read(p));
        assertTrue(e.getMessage().contains("3 bytes of unexpected data"), e.getMessage());
    }

    @Test
    void truncatedGzipIsReported() throws IOException {
        byte[] gz = gzip(idx(new int[] {50, 20}, 0, 0));
        Path p = file("cut-idx2-ubyte.gz", Arrays.copyOf(gz, gz.length / 2));
        DataFileException e = assertThrows(DataFileException.class, () -> IdxReader.read(p));
        assertTrue(e.getMessage().contains("gzip data is truncated or corrupt"), e.getMessage());
    }

    @Test
    void missingFileIsReported() {
        DataFileException e = assertThrows(DataFileException.class, () -> IdxReader.read(dir.resolve("nope")));
        assertTrue(e.getMessage().contains("no such file"), e.getMessage());
    }

    @Test
    void zeroDimensionIsReported() throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(8).putInt(0x00000801).putInt(0);
        DataFileException e =
                assertThrows(DataFileException.class, () -> IdxReader.read(file("zero-idx1-ubyte", buf.array())));
        assertTrue(e.getMessage().contains("must be > 0"), e.getMessage());
    }

    /** A few bytes whose header claims gigabytes fail at once, before anything that size is allocated or inflated. */
    @Test
    void aHeaderClaimingHugeSizesIsRefusedAtOnce() throws IOException {
        long started = System.nanoTime();
        byte[] claimsTooMany = ByteBuffer.allocate(16)
                .putInt(0x0803)
                .putInt(60000)
                .putInt(28000)
                .putInt(28000)
                .array();
        DataFileException e = assertThrows(DataFileException.class, () -> IdxReader.parse("huge", gzip(claimsTooMany)));
        assertTrue(e.getMessage().contains("more than one array can hold"), e.getMessage());
        byte[] claimsTheHeap = ByteBuffer.allocate(8)
                .putInt(0x0801)
                .putInt(Integer.MAX_VALUE - 16)
                .array();
        e = assertThrows(DataFileException.class, () -> IdxReader.parse("labels", gzip(claimsTheHeap)));
        assertTrue(e.getMessage().contains("Java heap") || e.getMessage().contains("truncated"), e.getMessage());
        assertTrue((System.nanoTime() - started) / 1e9 < 5, "refused in well under a second or two");
    }

    @Test
    void aStrayLabelFarAboveTheClassesIsAnError() throws IOException {
        Dataset train = Dataset.classification("train", new float[4], 4, 1, new int[] {0, 1, 200, 1}, 201);
        Dataset test = Dataset.classification("test", new float[1], 1, 1, new int[] {0}, 1);
        DataFileException e = assertThrows(DataFileException.class, () -> DataSources.classIndices(train, test));
        assertTrue(e.getMessage().contains("run up to 200") && e.getMessage().contains("3 distinct"), e.getMessage());
    }
}
