package fr.coffre.core;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import fr.coffre.KeyRef;
import fr.coffre.SecretBytes;
import fr.coffre.crypto.AesSiv;
import fr.coffre.crypto.Cof1;
import fr.coffre.crypto.Cof1Header;
import fr.coffre.crypto.EncryptionSpec;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * Generates the core JSON vectors ({@code core/src/test/resources/vectors/}) for blinded key references and padded
 * names from fixed inputs, and helps the tests that check them. Run {@link #main} with the output directory.
 */
final class CoreVectors {
    private static final HexFormat HEX = HexFormat.of();

    private CoreVectors() {
    }

    /** {@code n} bytes {@code seed, seed+1, ...} (mod 256). */
    static byte[] counting(int n, int seed) {
        byte[] out = new byte[n];
        for (int i = 0; i < n; i++) {
            out[i] = (byte) (seed + i);
        }
        return out;
    }

    /** The header's key-reference fields (FORMAT.md §3.1): a, scheme, b, key id, u32 version. */
    static byte[] keyRefFields(KeyRef ref) {
        byte[] scheme = ref.scheme().getBytes(StandardCharsets.US_ASCII);
        byte[] id = ref.keyId().getBytes(StandardCharsets.US_ASCII);
        return ByteBuffer.allocate(6 + scheme.length + id.length).put((byte) scheme.length).put(scheme)
                .put((byte) id.length).put(id).putInt(ref.version()).array();
    }

    /** A real COF1 header with this blinded key id, salt and nonce prefix (for unblinding). */
    static Cof1Header headerWith(String blindedKeyId, byte[] salt, byte[] noncePrefix) {
        EncryptionSpec spec = EncryptionSpec.builder().keyRef(new KeyRef(KeyRefBlinding.SCHEME, blindedKeyId, 1))
                .logicalIdentity(new byte[] {1}).build();
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        try (SecretBytes key = SecretBytes.copyOf(new byte[32]);
             OutputStream out = Cof1.encrypt(sink, spec, key, fixed(salt, noncePrefix))) {
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Cof1.readHeader(new ByteArrayInputStream(sink.toByteArray()));
    }

    /** Returns {@code salt} then {@code noncePrefix} (COF1 draws them in that order, FORMAT.md §10). */
    static SecureRandom fixed(byte[] salt, byte[] noncePrefix) {
        return new SecureRandom() {
            private static final long serialVersionUID = 1L;
            private int calls;

            @Override
            public void nextBytes(byte[] bytes) {
                byte[] src = calls++ == 0 ? salt : noncePrefix;
                System.arraycopy(src, 0, bytes, 0, bytes.length);
            }
        };
    }

    static ObjectNode keyRefVectors(ObjectMapper json) {
        ObjectNode root = json.createObjectNode();
        root.put("scheme", KeyRefBlinding.SCHEME).put("domain", "coffre-keyref/1")
                .put("description", "FORMAT.md §3.2: key id = base32(AES-SIV(K_ref; AD = domain, salt, nonce prefix;"
                        + " u32 version || data-key id || 80 || 00... to 64 bytes))");
        ArrayNode valid = root.putArray("vectors");
        byte[] secret = counting(64, 0x40);
        Object[][] cases = {
            {"subject-key", "s1-" + "a".repeat(52), 1, counting(32, 0), counting(7, 0xa0)},
            {"same-key-other-salt", "s1-" + "a".repeat(52), 1, counting(32, 1), counting(7, 0xa0)},
            {"collection-key-version-2", "c12-" + "b".repeat(52), 2, counting(32, 0x80), counting(7, 0x10)},
        };
        for (Object[] c : cases) {
            KeyRefBlinding blinding = new KeyRefBlinding(new AesSiv(secret));
            KeyRef clear = new KeyRef(KeyRegistry.DATA_KEY_SCHEME, (String) c[1], (Integer) c[2]);
            KeyRef blinded = blinding.blind(clear, (byte[]) c[3], (byte[]) c[4]);
            byte[] id = ((String) c[1]).getBytes(StandardCharsets.US_ASCII);
            byte[] padded = ByteBuffer.allocate(KeyRefBlinding.PLAIN_BYTES).putInt((Integer) c[2]).put(id)
                    .put((byte) 0x80).array();
            valid.addObject().put("name", (String) c[0]).put("keyRefSecretHex", HEX.formatHex(secret))
                    .put("saltHex", HEX.formatHex((byte[]) c[3])).put("noncePrefixHex", HEX.formatHex((byte[]) c[4]))
                    .put("dataKeyId", (String) c[1]).put("dataKeyVersion", (Integer) c[2])
                    .put("paddedPlaintextHex", HEX.formatHex(padded))
                    .put("sealedHex", HEX.formatHex(Base32.decode(blinded.keyId())))
                    .put("blindedKeyId", blinded.keyId())
                    .put("headerKeyRefFieldsHex", HEX.formatHex(keyRefFields(blinded)));
        }
        ArrayNode invalid = root.putArray("invalid");
        ObjectNode base = (ObjectNode) valid.get(0);
        String id = base.get("blindedKeyId").asText();
        invalid.addObject().put("name", "one-character-changed").put("keyRefSecretHex", HEX.formatHex(secret))
                .put("saltHex", base.get("saltHex").asText()).put("noncePrefixHex", base.get("noncePrefixHex").asText())
                .put("blindedKeyId", (id.charAt(0) == 'a' ? "b" : "a") + id.substring(1))
                .put("expectedError", "TamperedObjectException");
        invalid.addObject().put("name", "moved-to-another-salt").put("keyRefSecretHex", HEX.formatHex(secret))
                .put("saltHex", HEX.formatHex(counting(32, 2))).put("noncePrefixHex", base.get("noncePrefixHex").asText())
                .put("blindedKeyId", id).put("expectedError", "TamperedObjectException");
        invalid.addObject().put("name", "other-registry-secret").put("keyRefSecretHex", HEX.formatHex(counting(64, 1)))
                .put("saltHex", base.get("saltHex").asText()).put("noncePrefixHex", base.get("noncePrefixHex").asText())
                .put("blindedKeyId", id).put("expectedError", "TamperedObjectException");
        return root;
    }

    static ObjectNode nameVectors(ObjectMapper json) {
        ObjectNode root = json.createObjectNode();
        root.put("domain", "coffre-name/2").put("legacyDomain", "coffre-name/1")
                .put("description", "FORMAT.md §13: each segment padded (segment || 80 || 00... to its bucket), then"
                        + " AES-SIV(K_names; AD = domain, vault id, parent path; padded) and base32; legacy: unpadded,"
                        + " legacy domain");
        byte[] secret = counting(64, 0x20);
        ArrayNode out = root.putArray("vectors");
        String[][] cases = {{"vault-a", "a"}, {"vault-a", "patients/Hélène Lefèvre/obs-0001.json"},
            {"vault-b", "x".repeat(15) + "/" + "y".repeat(16) + "/" + "z".repeat(300)}};
        for (String[] c : cases) {
            NameCipher names = new NameCipher(new AesSiv(secret), c[0]);
            ObjectNode v = out.addObject().put("namesSecretHex", HEX.formatHex(secret)).put("vaultId", c[0])
                    .put("logicalName", c[1]).put("storeName", names.storeName(c[1]))
                    .put("legacyStoreName", names.storeName(c[1], NameCipher.Form.LEGACY));
            ArrayNode segments = v.putArray("segments");
            StringBuilder parent = new StringBuilder();
            for (String segment : c[1].split("/")) {
                byte[] bytes = segment.getBytes(StandardCharsets.UTF_8);
                segments.addObject().put("parent", parent.toString()).put("segmentBytes", bytes.length)
                        .put("bucketBytes", NameCipher.bucket(bytes.length))
                        .put("paddedHex", HEX.formatHex(NameCipher.pad(bytes)));
                parent.append(parent.length() == 0 ? "" : "/").append(segment);
            }
        }
        return root;
    }

    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args[0]);
        ObjectMapper json = new ObjectMapper();
        Files.writeString(dir.resolve("keyref-blinded.json"),
                json.writerWithDefaultPrettyPrinter().writeValueAsString(keyRefVectors(json)) + "\n");
        Files.writeString(dir.resolve("names-padded.json"),
                json.writerWithDefaultPrettyPrinter().writeValueAsString(nameVectors(json)) + "\n");
    }
}
