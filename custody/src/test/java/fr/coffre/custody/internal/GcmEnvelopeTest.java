package fr.coffre.custody.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import fr.coffre.KeyRef;
import fr.coffre.KeyUnavailableException;
import fr.coffre.SecretBytes;
import java.io.IOException;
import java.io.InputStream;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Known-answer vectors for the custody wrap format (made independently with Python's cryptography), both ways. */
class GcmEnvelopeTest {
    private static final HexFormat HEX = HexFormat.of();

    record Vector(byte[] masterKey, KeyRef ref, byte[] context, byte[] iv, byte[] dataKey, byte[] wrapped) { }

    static List<Vector> vectors() throws IOException {
        try (InputStream in = GcmEnvelopeTest.class.getResourceAsStream("/custody/wrap-vectors.json")) {
            JsonNode root = new ObjectMapper().readTree(in);
            List<Vector> out = new ArrayList<>();
            for (JsonNode v : root.get("vectors")) {
                out.add(new Vector(HEX.parseHex(v.get("masterKey").asText()),
                        new KeyRef(v.get("scheme").asText(), v.get("keyId").asText(), v.get("version").asInt()),
                        HEX.parseHex(v.get("context").asText()), HEX.parseHex(v.get("iv").asText()),
                        HEX.parseHex(v.get("dataKey").asText()), HEX.parseHex(v.get("wrapped").asText())));
            }
            return out;
        }
    }

    /** Hands out a fixed IV: the only randomness seal() draws. */
    static final class FixedRandom extends SecureRandom {
        private static final long serialVersionUID = 1L;
        private final byte[] value;

        FixedRandom(byte[] value) {
            this.value = value.clone();
        }

        @Override
        public void nextBytes(byte[] bytes) {
            assertEquals(value.length, bytes.length);
            System.arraycopy(value, 0, bytes, 0, bytes.length);
        }
    }

    @Nested
    class Seal {
        @Test
        void producesTheVectorBytes() throws IOException {
            List<Vector> vs = vectors();
            assertEquals(3, vs.size());
            for (Vector v : vs) {
                try (SecretBytes dek = SecretBytes.copyOf(v.dataKey())) {
                    byte[] out = GcmEnvelope.seal(new SecretKeySpec(v.masterKey(), "AES"), null, v.ref(), dek, v.context(), new FixedRandom(v.iv()));
                    assertEquals(HEX.formatHex(v.wrapped()), HEX.formatHex(out), v.ref().toString());
                }
            }
        }
    }

    @Nested
    class Open {
        @Test
        void recoversTheVectorDataKey() throws IOException {
            for (Vector v : vectors()) {
                try (SecretBytes back = GcmEnvelope.open(new SecretKeySpec(v.masterKey(), "AES"), null, v.ref(), v.wrapped(), v.context())) {
                    assertArrayEquals(v.dataKey(), back.copyBytes(), v.ref().toString());
                }
            }
        }

        @Test
        void tamperedVectorsAreRejected() throws IOException {
            for (Vector v : vectors()) {
                SecretKeySpec k = new SecretKeySpec(v.masterKey(), "AES");
                for (int i = 0; i < v.wrapped().length; i++) {
                    byte[] t = v.wrapped().clone();
                    t[i] ^= 0x01;
                    assertThrows(KeyUnavailableException.class, () -> GcmEnvelope.open(k, null, v.ref(), t, v.context()), "byte " + i);
                }
                assertThrows(KeyUnavailableException.class,
                        () -> GcmEnvelope.open(k, null, v.ref().withVersion(v.ref().version() + 1), v.wrapped(), v.context()));
            }
        }
    }
}
