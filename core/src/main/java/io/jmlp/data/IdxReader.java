package io.jmlp.data;

import java.io.ByteArrayInputStream;
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
    private IdxReader() {
    }

    public static IdxArray read(Path file) throws IOException {
        byte[] raw;
        try {
            raw = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new DataFileException(file, "no such file");
        }
        return parse(file.toString(), raw);
    }

    /** Reads an IDX stream (e.g. a class-path resource) named {@code source} in messages. */
    public static IdxArray read(String source, InputStream in) throws IOException {
        return parse(source, in.readAllBytes());
    }

    static IdxArray parse(String source, byte[] raw) throws IOException {
        byte[] bytes = raw;
        if (raw.length >= 2 && (raw[0] & 0xFF) == 0x1F && (raw[1] & 0xFF) == 0x8B) {
            try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(raw))) {
                bytes = in.readAllBytes();
            } catch (EOFException | ZipException e) {
                throw new DataFileException(source, "gzip data is truncated or corrupt (" + e.getMessage()
                        + "); download the file again");
            }
        }
        if (bytes.length < 4) {
            throw new DataFileException(source, "only " + bytes.length + " bytes: too short for an IDX header");
        }
        ByteBuffer buf = ByteBuffer.wrap(bytes); // big-endian by default, as IDX is
        int magic = buf.getInt();
        int type = (magic >>> 8) & 0xFF;
        int ndims = magic & 0xFF;
        int width = elementWidth(type);
        if ((magic >>> 16) != 0 || width == 0 || ndims < 1) {
            throw new DataFileException(source, String.format("wrong magic number 0x%08X: not an IDX file (expected "
                    + "0x00000801 for labels or 0x00000803 for images: two zero bytes, a type byte "
                    + "0x08/0x09/0x0B/0x0C/0x0D/0x0E, and the dimension count)", magic));
        }
        if (bytes.length < 4 + 4L * ndims) {
            throw new DataFileException(source, "truncated header: " + ndims + " dimensions declared, "
                    + bytes.length + " bytes in the file");
        }
        int[] dims = new int[ndims];
        long count = 1;
        for (int i = 0; i < ndims; i++) {
            dims[i] = buf.getInt();
            if (dims[i] <= 0) {
                throw new DataFileException(source, "dimension " + i + " is " + dims[i] + "; IDX dimensions must be > 0");
            }
            count *= dims[i];
        }
        long expected = count * width;
        long present = bytes.length - buf.position();
        if (present < expected) {
            throw new DataFileException(source, "truncated: the header declares " + describe(dims) + " = " + count
                    + " values (" + expected + " bytes) but only " + present + " bytes follow it");
        }
        if (present > expected) {
            throw new DataFileException(source, (present - expected) + " bytes of unexpected data after the "
                    + count + " values the header declares (" + describe(dims) + ")");
        }
        if (count > Integer.MAX_VALUE - 8) {
            throw new DataFileException(source, count + " values are more than one array can hold");
        }
        float[] values = new float[(int) count];
        for (int i = 0; i < values.length; i++) {
            values[i] = switch (type) {
                case 0x08 -> buf.get() & 0xFF;
                case 0x09 -> buf.get();
                case 0x0B -> buf.getShort();
                case 0x0C -> buf.getInt();
                case 0x0D -> buf.getFloat();
                default -> (float) buf.getDouble();
            };
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
