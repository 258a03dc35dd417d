package fr.coffre.crypto;
import fr.coffre.KeyRef;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The JSON known-answer vectors (FORMAT.md §12), checked both ways and by an independent decoder. */
class Cof1VectorTest {
    private static final HexFormat HEX = HexFormat.of();
    private static final Map<String, Class<? extends RuntimeException>> ERRORS = Map.of(
            "TamperedObjectException", TamperedObjectException.class,
            "UnsupportedFormatException", UnsupportedFormatException.class);

    static List<JsonNode> valid() {
        return load("cof1-valid.json");
    }

    static List<JsonNode> invalid() {
        return load("cof1-invalid.json");
    }

    private static List<JsonNode> load(String name) {
        try (InputStream in = Cof1VectorTest.class.getResourceAsStream("/vectors/" + name)) {
            JsonNode root = new ObjectMapper().readTree(in);
            return StreamSupport.stream(root.get("vectors").spliterator(), false).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] hex(JsonNode v, String field) {
        return HEX.parseHex(v.get(field).asText());
    }

    private static SealedMetadata metadata(JsonNode v) {
        JsonNode m = v.get("metadata");
        SealedMetadata.Builder b = SealedMetadata.builder().contentType(m.get("contentType").asText())
                .plaintextLengthBytes(m.get("plaintextLengthBytes").asLong());
        m.get("user").fields().forEachRemaining(e -> b.put(e.getKey(), e.getValue().asText()));
        return b.build();
    }

    private static EncryptionSpec spec(JsonNode v) {
        JsonNode k = v.get("keyRef");
        return EncryptionSpec.builder().keyRef(new KeyRef(k.get("scheme").asText(), k.get("keyId").asText(),
                        k.get("version").asInt())).wrappedDataKey(hex(v, "wrappedDataKeyHex"))
                .logicalIdentity(hex(v, "logicalIdentityHex")).segmentSizeBytes(v.get("segmentSizeBytes").asInt())
                .metadata(metadata(v)).sizePadding(v.get("suite").asInt() == 2).build();
    }

    @Test
    void vectorsCoverTheRequiredCases() {
        List<String> names = valid().stream().map(v -> v.get("name").asText()).toList();
        assertTrue(names.containsAll(List.of("empty", "one-byte", "exactly-one-segment", "multiple-of-segment",
                "multi-segment-partial-last", "padded-empty", "padded-multi-segment")), names.toString());
        assertTrue(invalid().size() >= 31);
    }

    @Nested
    class Encrypt {
        @ParameterizedTest(name = "{0}")
        @MethodSource("fr.coffre.crypto.Cof1VectorTest#valid")
        void producesExactlyTheVectorBytes(JsonNode v) {
            for (int chunk : new int[] {1, 4096, Integer.MAX_VALUE}) {
                byte[] object = Cof1Objects.encrypt(spec(v), hex(v, "dataKeyHex"), hex(v, "plaintextHex"),
                        new FixedRandom(hex(v, "saltHex"), hex(v, "noncePrefixHex")), chunk);
                assertEquals(v.get("objectHex").asText(), HEX.formatHex(object), "write chunk " + chunk);
            }
            assertEquals(hex(v, "objectHex").length, Cof1.encryptedLengthBytes(spec(v), hex(v, "plaintextHex").length));
        }
    }

    @Nested
    class Decrypt {
        @ParameterizedTest(name = "{0}")
        @MethodSource("fr.coffre.crypto.Cof1VectorTest#valid")
        void recoversPlaintextMetadataAndHeader(JsonNode v) {
            Cof1Objects.Opened o = Cof1Objects.read(hex(v, "objectHex"), hex(v, "dataKeyHex"),
                    hex(v, "logicalIdentityHex"));
            assertArrayEquals(hex(v, "plaintextHex"), o.plaintext());
            assertEquals(metadata(v), o.metadata());
            assertEquals(v.get("headerLengthBytes").asInt(), o.header().headerLengthBytes());
            assertEquals(v.get("sealedMetadataLengthBytes").asInt(), o.header().sealedMetadataLengthBytes());
            assertEquals(spec(v).keyRef(), o.header().keyRef());
            assertArrayEquals(hex(v, "wrappedDataKeyHex"), o.header().wrappedDataKey());
            assertEquals(v.get("suite").asInt(), o.header().suiteId());
            byte[] object = hex(v, "objectHex");
            long plaintextLength = o.header().sizePadded()
                    ? Cof1PaddingTest.trailer(object, hex(v, "dataKeyHex"), hex(v, "logicalIdentityHex"))
                    : o.header().plaintextLengthBytes(object.length);
            assertEquals(hex(v, "plaintextHex").length, plaintextLength);
            assertEquals(v.get("segmentPlaintextLengthBytes").asLong(),
                    Cof1Layout.segmentPlaintextLength(o.header().prefixLengthBytes(), o.header().segmentSizeBytes(),
                            object.length));
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("fr.coffre.crypto.Cof1VectorTest#invalid")
        void rejectsNegativeVectorWithTheNamedException(JsonNode v) {
            Class<? extends RuntimeException> expected = ERRORS.get(v.get("expectedError").asText());
            assertThrows(expected, () -> Cof1Objects.read(hex(v, "objectHex"), hex(v, "dataKeyHex"),
                    hex(v, "logicalIdentityHex")));
        }
    }

    /** FORMAT.md alone suffices: a decoder written from it agrees with every vector. */
    @Nested
    class IndependentDecoder {
        @ParameterizedTest(name = "{0}")
        @MethodSource("fr.coffre.crypto.Cof1VectorTest#valid")
        void decodesValidVectors(JsonNode v) throws Exception {
            ReferenceDecoder.Result r = ReferenceDecoder.decode(hex(v, "objectHex"), hex(v, "dataKeyHex"),
                    hex(v, "logicalIdentityHex"));
            assertArrayEquals(hex(v, "plaintextHex"), r.plaintext());
            SealedMetadata m = metadata(v);
            assertEquals(m.contentType(), r.contentType());
            assertEquals(m.plaintextLengthBytes().orElse(-1), r.declaredLength());
            assertEquals(m.user(), new TreeMap<>(r.user()));
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("fr.coffre.crypto.Cof1VectorTest#invalid")
        void rejectsInvalidVectorsWithTheSameErrorClass(JsonNode v) {
            ReferenceDecoder.FormatError e = assertThrows(ReferenceDecoder.FormatError.class,
                    () -> ReferenceDecoder.decode(hex(v, "objectHex"), hex(v, "dataKeyHex"),
                            hex(v, "logicalIdentityHex")));
            assertEquals(v.get("expectedError").asText(), e.errorClass);
        }
    }
}
