package io.jmlp.model;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The few protocol-buffers encodings an ONNX file needs, written by hand so that exporting takes
 * no dependency: varints (wire type 0), 32-bit floats (wire type 5) and length-delimited bytes,
 * strings and nested messages (wire type 2). A message is built into one writer and nested into
 * its parent with {@link #message}.
 */
final class ProtobufWriter {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

    ProtobufWriter varint(int field, long value) {
        tag(field, 0);
        rawVarint(value);
        return this;
    }

    ProtobufWriter float32(int field, float value) {
        tag(field, 5);
        int bits = Float.floatToRawIntBits(value);
        for (int i = 0; i < 4; i++) {
            bytes.write(bits >>> (8 * i));
        }
        return this;
    }

    ProtobufWriter bytes(int field, byte[] value) {
        tag(field, 2);
        rawVarint(value.length);
        bytes.writeBytes(value);
        return this;
    }

    ProtobufWriter string(int field, String value) {
        return bytes(field, value.getBytes(StandardCharsets.UTF_8));
    }

    ProtobufWriter message(int field, ProtobufWriter message) {
        return bytes(field, message.toByteArray());
    }

    byte[] toByteArray() {
        return bytes.toByteArray();
    }

    private void tag(int field, int wireType) {
        rawVarint(((long) field << 3) | wireType);
    }

    private void rawVarint(long value) {
        long v = value;
        while ((v & ~0x7FL) != 0) {
            bytes.write((int) ((v & 0x7F) | 0x80));
            v >>>= 7;
        }
        bytes.write((int) v);
    }
}
