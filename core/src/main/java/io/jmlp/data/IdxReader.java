package io.jmlp.data;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Reads IDX files, the format of MNIST and Fashion-MNIST, raw or gzip-compressed (detected by
 * content, not by name). Layout: two zero bytes, a type byte, a dimension count, then each
 * dimension as a big-endian int, then the values big-endian. Anything that does not match, a
 * short file or extra bytes included, is a {@link DataFileException} naming the file.
 */
public final class IdxReader {
    private IdxReader() {}

    public static IdxArray read(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return read(file.toString(), in);
        } catch (NoSuchFileException e) {
            throw new DataFileException(file, "no such file");
        }
    }

    /**
     * Reads an IDX stream (e.g. a class-path resource) named {@code source} in messages. The header
     * is read first and its claimed size checked against the memory there is before any value is
     * read; the values are then read as they come (a gzip is inflated only as far as the header
     * claims), so a few bytes claiming gigabytes fail at once instead of filling the heap.
     */
    public static IdxArray read(String source, InputStream raw) throws IOException {
        BufferedInputStream buffered = new BufferedInputStream(raw);
        buffered.mark(2);
        int b0 = buffered.read();
        int b1 = buffered.read();
        buffered.reset();
        boolean gzip = b0 == 0x1F && b1 == 0x8B;
        try (InputStream in = gzip ? new BufferedInputStream(new GZIPInputStream(buffered)) : buffered) {
            return parse(source, new DataInputStream(in));
        } catch (EOFException | ZipException e) {
            if (gzip && !(e instanceof TruncatedIdx)) {
                throw new DataFileException(
                        source, "gzip data is truncated or corrupt (" + e.getMessage() + "); download the file again");
            }
            throw e instanceof TruncatedIdx t ? new DataFileException(source, t.getMessage()) : e;
        }
    }

    /** End of data where the header promised more. */
    private static final class TruncatedIdx extends EOFException {
        TruncatedIdx(String message) {
            super(message);
        }
    }

    static IdxArray parse(String source, byte[] raw) throws IOException {
        return read(source, new ByteArrayInputStream(raw));
    }

    private static IdxArray parse(String source, DataInputStream in) throws IOException {
        byte[] head = in.readNBytes(4);
        if (head.length < 4) {
            throw new DataFileException(source, "only " + head.length + " bytes: too short for an IDX header");
        }
        int magic = ByteBuffer.wrap(head).getInt();
        int type = (magic >>> 8) & 0xFF;
        int ndims = magic & 0xFF;
        int width = elementWidth(type);
        if ((magic >>> 16) != 0 || width == 0 || ndims < 1) {
            throw new DataFileException(
                    source,
                    String.format(
                            "wrong magic number 0x%08X: not an IDX file (expected "
                                    + "0x00000801 for labels or 0x00000803 for images: two zero bytes, a type byte "
                                    + "0x08/0x09/0x0B/0x0C/0x0D/0x0E, and the dimension count)",
                            magic));
        }
        byte[] dimBytes = in.readNBytes(4 * ndims);
        if (dimBytes.length < 4 * ndims) {
            throw new DataFileException(
                    source,
                    "truncated header: " + ndims + " dimensions declared, " + (4 + dimBytes.length)
                            + " bytes in the file");
        }
        ByteBuffer dimBuffer = ByteBuffer.wrap(dimBytes);
        int[] dims = new int[ndims];
        long count = 1;
        for (int i = 0; i < ndims; i++) {
            dims[i] = dimBuffer.getInt();
            if (dims[i] <= 0) {
                throw new DataFileException(
                        source, "dimension " + i + " is " + dims[i] + "; IDX dimensions must be > 0");
            }
            count = count > Integer.MAX_VALUE ? count : count * dims[i];
        }
        if (count > Integer.MAX_VALUE - 8) {
            throw new DataFileException(
                    source, "the header declares " + describe(dims) + " values, more than one array can hold");
        }
        long heapNeeded = 4 * count;
        long heapFree = Runtime.getRuntime().maxMemory()
                - (Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory());
        if (heapNeeded > heapFree / 2) {
            throw new DataFileException(
                    source,
                    String.format(
                            java.util.Locale.ROOT,
                            "the header declares %s = %,d values "
                                    + "(%.1f GiB as floats), more than half the %.1f GiB of Java heap free; give java more (-Xmx) or check the file",
                            describe(dims),
                            count,
                            heapNeeded / 1073741824.0,
                            heapFree / 1073741824.0));
        }
        float[] values = new float[(int) count];
        long expected = count * width;
        long read = 0;
        int next = 0;
        while (read < expected) {
            // Chunks of 1 MiB (a multiple of every element width), so memory grows only as data arrives.
            byte[] chunk = in.readNBytes((int) Math.min(expected - read, 1 << 20));
            read += chunk.length;
            if (read < expected && chunk.length < Math.min(expected - (read - chunk.length), 1 << 20)) {
                throw new TruncatedIdx("truncated: the header declares " + describe(dims) + " = " + count + " values ("
                        + expected + " bytes) but only " + read + " bytes follow it");
            }
            ByteBuffer buf = ByteBuffer.wrap(chunk); // big-endian, as IDX is
            while (buf.remaining() >= width) {
                values[next++] = switch (type) {
                    case 0x08 -> buf.get() & 0xFF;
                    case 0x09 -> buf.get();
                    case 0x0B -> buf.getShort();
                    case 0x0C -> buf.getInt();
                    case 0x0D -> buf.getFloat();
                    default -> (float) buf.getDouble();
                };
            }
        }
        byte[] extra = in.readNBytes(4096);
        if (extra.length > 0) {
            throw new DataFileException(
                    source,
                    (extra.length == 4096 ? "4096 or more" : Integer.toString(extra.length))
                            + " bytes of unexpected data after the " + count + " values the header declares ("
                            + describe(dims) + ")");
        }
        return new IdxArray(source, dims, values, type == 0x08);
    }

    private static int elementWidth(int type) {
        return switch (type) {
            case 0x08, 0x09 -> 1;
            case 0x0B -> 2;
            case 0x0C, 0x0D -> 4;
            case 0x0E -> 8;
            default -> 0;
        };
    }

    private static String describe(int[] dims) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < dims.length; i++) {
            sb.append(i == 0 ? "" : "×").append(dims[i]);
        }
        return sb.toString();
    }
}
