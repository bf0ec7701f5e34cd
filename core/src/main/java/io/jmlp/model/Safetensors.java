package io.jmlp.model;

import com.google.gson.Gson;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import io.jmlp.io.AtomicWrite;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The safetensors format (huggingface/safetensors): an 8-byte little-endian header length N,
 * N bytes of JSON ({@code name → {dtype, shape, data_offsets}} plus an optional string map
 * {@code __metadata__}), then the tensors' bytes, little-endian, packed without holes. It holds no
 * code, so loading one cannot run anything; PyTorch and the {@code safetensors} package read it
 * directly. Only {@code F32} and {@code I64} are used (and accepted) here.
 */
public final class Safetensors {
    /** Headers above this are refused before reading them (the format's own readers use 100 MB). */
    static final long MAX_HEADER_BYTES = 100L * 1024 * 1024;

    private static final String METADATA = "__metadata__";

    private Safetensors() {}

    /** Writes {@code tensors} in order to {@code file}, atomically. */
    public static void write(Path file, List<SafeTensor> tensors, Map<String, String> metadata) throws IOException {
        AtomicWrite.write(file, out -> write(out, tensors, metadata));
    }

    /**
     * Writes the file's bytes to {@code out}. The bytes depend only on the arguments: metadata keys
     * are written sorted (a {@code Map.of}'s iteration order differs between JVM runs), so identical
     * models give byte-identical files in every process.
     */
    public static void write(OutputStream out, List<SafeTensor> tensors, Map<String, String> metadata)
            throws IOException {
        JsonObject header = new JsonObject();
        if (!metadata.isEmpty()) {
            JsonObject meta = new JsonObject();
            new TreeMap<>(metadata).forEach(meta::addProperty);
            header.add(METADATA, meta);
        }
        long offset = 0;
        for (SafeTensor t : tensors) {
            JsonObject entry = new JsonObject();
            entry.addProperty("dtype", t.dtype());
            JsonArray shape = new JsonArray();
            Arrays.stream(t.shape()).forEach(shape::add);
            entry.add("shape", shape);
            JsonArray offsets = new JsonArray();
            offsets.add(offset);
            offsets.add(offset + t.byteCount());
            entry.add("data_offsets", offsets);
            if (header.has(t.name())) {
                throw new IllegalArgumentException("two tensors named " + t.name());
            }
            header.add(t.name(), entry);
            offset += t.byteCount();
        }
        byte[] json = new Gson().toJson(header).getBytes(StandardCharsets.UTF_8);
        // Pad the header with spaces so the data starts 8-byte aligned, as the reference writer does.
        int padded = (json.length + 8 + 7) / 8 * 8 - 8;
        byte[] headerBytes = Arrays.copyOf(json, padded);
        Arrays.fill(headerBytes, json.length, padded, (byte) ' ');
        ByteBuffer prefix =
                ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(headerBytes.length);
        out.write(prefix.array());
        out.write(headerBytes);
        for (SafeTensor t : tensors) {
            ByteBuffer data =
                    ByteBuffer.allocate(Math.toIntExact(t.byteCount())).order(ByteOrder.LITTLE_ENDIAN);
            if (t.floats() != null) {
                data.asFloatBuffer().put(t.floats());
            } else {
                data.asLongBuffer().put(t.longs());
            }
            out.write(data.array());
        }
    }

    /** A file's tensors by name (in file order) and its metadata. */
    public record Contents(Map<String, SafeTensor> tensors, Map<String, String> metadata) {}

    /** Reads and validates {@code file}; every problem is an {@link IOException} naming the file and what is wrong. */
    public static Contents read(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long fileSize = channel.size();
            if (fileSize < 8) {
                throw invalid(file, "it has " + fileSize + " bytes, fewer than the 8-byte header length");
            }
            ByteBuffer prefix = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
            readFully(channel, prefix, 0);
            long headerLength = prefix.flip().getLong();
            if (headerLength < 2 || headerLength > MAX_HEADER_BYTES || headerLength > fileSize - 8) {
                throw invalid(
                        file,
                        "the header length " + headerLength + " is outside [2, min(100 MB, file size − 8 = "
                                + (fileSize - 8) + ")]");
            }
            ByteBuffer headerBytes = ByteBuffer.allocate((int) headerLength);
            readFully(channel, headerBytes, 8);
            JsonObject header;
            try {
                JsonElement parsed = JsonParser.parseString(new String(headerBytes.array(), StandardCharsets.UTF_8));
                if (!parsed.isJsonObject()) {
                    throw invalid(file, "the header is not a JSON object");
                }
                header = parsed.getAsJsonObject();
            } catch (JsonParseException e) {
                throw invalid(file, "the header is not valid JSON (" + e.getMessage() + ")");
            }
            long dataStart = 8 + headerLength;
            long dataSize = fileSize - dataStart;
            Map<String, String> metadata = new LinkedHashMap<>();
            List<long[]> ranges = new ArrayList<>();
            Map<String, long[]> shapes = new LinkedHashMap<>();
            Map<String, String> dtypes = new LinkedHashMap<>();
            Map<String, long[]> offsetsByName = new LinkedHashMap<>();
            for (Map.Entry<String, JsonElement> e : header.entrySet()) {
                String name = e.getKey();
                if (name.equals(METADATA)) {
                    readMetadata(file, e.getValue(), metadata);
                    continue;
                }
                if (!e.getValue().isJsonObject()) {
                    throw invalid(file, "tensor " + name + " is not described by a JSON object");
                }
                JsonObject entry = e.getValue().getAsJsonObject();
                String dtype = stringField(file, name, entry, "dtype");
                if (!dtype.equals(SafeTensor.F32) && !dtype.equals(SafeTensor.I64)) {
                    throw invalid(
                            file,
                            "tensor " + name + " has dtype " + dtype
                                    + "; jmlp models hold only F32 (and I64 counters)");
                }
                long[] shape = longArray(file, name, entry, "shape", -1);
                long[] offsets = longArray(file, name, entry, "data_offsets", 2);
                for (long d : shape) {
                    if (d < 0) {
                        throw invalid(
                                file,
                                "tensor " + name + " has a negative dimension in its shape " + Arrays.toString(shape));
                    }
                }
                long expected;
                try {
                    expected = Math.multiplyExact(SafeTensor.elementCount(shape), dtype.equals(SafeTensor.F32) ? 4 : 8);
                } catch (ArithmeticException overflow) {
                    throw invalid(file, "tensor " + name + " has an impossibly large shape " + Arrays.toString(shape));
                }
                if (offsets[0] < 0 || offsets[1] < offsets[0] || offsets[1] > dataSize) {
                    throw invalid(
                            file,
                            "tensor " + name + " has data_offsets " + Arrays.toString(offsets) + " outside the "
                                    + dataSize + "-byte data section (is the file truncated?)");
                }
                if (offsets[1] - offsets[0] != expected) {
                    throw invalid(
                            file,
                            "tensor " + name + " of shape " + Arrays.toString(shape) + " and dtype " + dtype + " needs "
                                    + expected + " bytes but data_offsets span " + (offsets[1] - offsets[0]));
                }
                ranges.add(offsets);
                shapes.put(name, shape);
                dtypes.put(name, dtype);
                offsetsByName.put(name, offsets);
            }
            checkPacked(file, ranges, dataSize);
            Map<String, SafeTensor> tensors = new LinkedHashMap<>();
            for (String name : shapes.keySet()) {
                long[] offsets = offsetsByName.get(name);
                ByteBuffer data = ByteBuffer.allocate(Math.toIntExact(offsets[1] - offsets[0]))
                        .order(ByteOrder.LITTLE_ENDIAN);
                readFully(channel, data, dataStart + offsets[0]);
                data.flip();
                if (dtypes.get(name).equals(SafeTensor.F32)) {
                    float[] values = new float[data.remaining() / 4];
                    data.asFloatBuffer().get(values);
                    tensors.put(name, SafeTensor.ofFloats(name, values, shapes.get(name)));
                } else {
                    long[] values = new long[data.remaining() / 8];
                    data.asLongBuffer().get(values);
                    tensors.put(name, new SafeTensor(name, SafeTensor.I64, shapes.get(name), null, values));
                }
            }
            return new Contents(tensors, metadata);
        }
    }

    /** The format requires the tensors to cover the data section exactly, without holes or overlaps. */
    private static void checkPacked(Path file, List<long[]> ranges, long dataSize) throws IOException {
        ranges.sort((a, b) -> Long.compare(a[0], b[0]));
        long expectedStart = 0;
        for (long[] r : ranges) {
            if (r[0] != expectedStart) {
                throw invalid(file, "the tensors' data overlaps or leaves a hole at byte " + expectedStart);
            }
            expectedStart = r[1];
        }
        if (expectedStart != dataSize) {
            throw invalid(
                    file,
                    "the data section has " + dataSize + " bytes but the tensors cover " + expectedStart
                            + " (truncated or trailing bytes)");
        }
    }

    private static void readMetadata(Path file, JsonElement value, Map<String, String> metadata) throws IOException {
        if (!value.isJsonObject()) {
            throw invalid(file, "__metadata__ is not a JSON object");
        }
        for (Map.Entry<String, JsonElement> m : value.getAsJsonObject().entrySet()) {
            if (!m.getValue().isJsonPrimitive()
                    || !m.getValue().getAsJsonPrimitive().isString()) {
                throw invalid(file, "__metadata__ entry " + m.getKey() + " is not a string");
            }
            metadata.put(m.getKey(), m.getValue().getAsString());
        }
    }

    private static String stringField(Path file, String tensor, JsonObject entry, String field) throws IOException {
        JsonElement v = entry.get(field);
        if (v == null || !v.isJsonPrimitive() || !v.getAsJsonPrimitive().isString()) {
            throw invalid(file, "tensor " + tensor + " lacks a string '" + field + "'");
        }
        return v.getAsString();
    }

    private static long[] longArray(Path file, String tensor, JsonObject entry, String field, int length)
            throws IOException {
        JsonElement v = entry.get(field);
        if (v == null || !v.isJsonArray() || (length >= 0 && v.getAsJsonArray().size() != length)) {
            throw invalid(
                    file,
                    "tensor " + tensor + " lacks '" + field + "' as an array"
                            + (length >= 0 ? " of " + length + " integers" : ""));
        }
        JsonArray array = v.getAsJsonArray();
        long[] values = new long[array.size()];
        for (int i = 0; i < values.length; i++) {
            JsonElement x = array.get(i);
            if (!x.isJsonPrimitive() || !x.getAsJsonPrimitive().isNumber()) {
                throw invalid(file, "tensor " + tensor + " has a non-integer in '" + field + "'");
            }
            try {
                values[i] = x.getAsBigDecimal().longValueExact();
            } catch (ArithmeticException e) {
                throw invalid(file, "tensor " + tensor + " has a non-integer in '" + field + "': " + x);
            }
        }
        return values;
    }

    private static void readFully(FileChannel channel, ByteBuffer buffer, long position) throws IOException {
        long at = position;
        while (buffer.hasRemaining()) {
            int n = channel.read(buffer, at);
            if (n < 0) {
                throw new IOException("unexpected end of file at byte " + at);
            }
            at += n;
        }
    }

    private static IOException invalid(Path file, String what) {
        return new IOException("invalid safetensors file " + file + ": " + what);
    }
}
