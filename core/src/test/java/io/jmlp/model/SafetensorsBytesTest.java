package io.jmlp.model;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The bytes of a safetensors file depend only on its contents, not on a map's iteration order (which differs per JVM). */
class SafetensorsBytesTest {
    @Test
    void metadataKeysAreWrittenSorted() throws IOException {
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put("producer", "jmlp");
        metadata.put("format", "pt");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Safetensors.write(out, List.of(SafeTensor.ofFloats("0.weight", new float[] {1, 2}, 2)), metadata);
        String header = new String(out.toByteArray(), 8, out.size() - 8 - 8, StandardCharsets.UTF_8);
        assertTrue(header.indexOf("\"format\"") < header.indexOf("\"producer\""), header);
    }
}
