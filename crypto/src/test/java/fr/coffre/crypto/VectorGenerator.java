package fr.coffre.crypto;
import fr.coffre.KeyRef;

import static fr.coffre.crypto.Cof1Objects.concat;
import static fr.coffre.crypto.Cof1Objects.flip;
import static fr.coffre.crypto.Cof1Objects.segment;
import static fr.coffre.crypto.Cof1Objects.slice;
import static java.nio.charset.StandardCharsets.UTF_8;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Writes the COF1 known-answer vectors (FORMAT.md §12). Run from the repository root:
 * {@code mvn -q -o -pl crypto test-compile exec:java -Dexec.classpathScope=test
 * -Dexec.mainClass=fr.coffre.crypto.VectorGenerator} (argument: output directory, default
 * {@code crypto/src/test/resources/vectors}). Output is deterministic: rerunning must not change the files.
 */
public final class VectorGenerator {
    static final HexFormat HEX = HexFormat.of();
    static final String TAMPERED = "TamperedObjectException";
    static final String UNSUPPORTED = "UnsupportedFormatException";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** One valid vector's inputs. */
    record Case(String name, String description, KeyRef keyRef, byte[] wrappedKey, String identity,
            SealedMetadata metadata, int plaintextLength, boolean sizePadding) {
        Case(String name, String description, KeyRef keyRef, byte[] wrappedKey, String identity,
                SealedMetadata metadata, int plaintextLength) {
            this(name, description, keyRef, wrappedKey, identity, metadata, plaintextLength, false);
        }
    }

    private final Map<String, byte[]> objects = new LinkedHashMap<>();
    private final Map<String, Case> cases = new LinkedHashMap<>();

    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args.length > 0 ? args[0] : "crypto/src/test/resources/vectors");
        Files.createDirectories(dir);
        VectorGenerator g = new VectorGenerator();
        Files.writeString(dir.resolve("cof1-valid.json"), JSON.writeValueAsString(g.valid()) + "\n");
        Files.writeString(dir.resolve("cof1-invalid.json"), JSON.writeValueAsString(g.invalid()) + "\n");
        System.out.println("wrote " + dir.resolve("cof1-valid.json") + " and " + dir.resolve("cof1-invalid.json"));
    }

    static Case[] cases() {
        SealedMetadata bare = SealedMetadata.empty();
        KeyRef ref = Cof1Objects.KEY_REF;
        return new Case[] {
            new Case("empty", "empty plaintext: one final segment holding only a tag", ref, new byte[0],
                    "demo-vault/empty", bare.toBuilder().plaintextLengthBytes(0).build(), 0),
            new Case("one-byte", "1 byte, length not declared", ref, new byte[0], "demo-vault/one",
                    SealedMetadata.builder().contentType("text/plain").put("a", "b").build(), 1),
            new Case("exactly-one-segment", "4096 bytes: one full final segment", ref, new byte[0],
                    "demo-vault/seg", bare, Cof1Objects.S),
            new Case("multiple-of-segment", "8192 bytes: two full segments, no empty trailing segment", ref,
                    new byte[0], "demo-vault/two", bare.toBuilder().plaintextLengthBytes(8192).build(), 2 * Cof1Objects.S),
            new Case("multi-segment-partial-last", "10000 bytes: segments of 4096, 4096, 1808; metadata with non-ASCII",
                    new KeyRef("coffre-dk", "k3c2xq7vbd4ajm5yfu6tg2n4wz", 7), new byte[0],
                    "demo-vault/records/obs-0042.json", SealedMetadata.builder().contentType("application/fhir+json")
                            .put("resourceType", "Observation").put("note", "fréquence cardiaque")
                            .plaintextLengthBytes(10000).build(), 10000),
            new Case("embedded-wrapped-key", "wrapped data key embedded in the header instead of by reference",
                    new KeyRef("keystore", "coffre-master", 2), bytes("wrapped-key", 40), "demo-vault/wrapped", bare,
                    100),
            new Case("padded-empty", "suite 2, empty plaintext: the segment plaintext is the 8-byte length trailer",
                    ref, new byte[0], "demo-vault/padded-empty", bare, 0, true),
            new Case("padded-multi-segment", "suite 2, 10000 bytes, length not declared: padded to padme(10008) ="
                    + " 10240 bytes (segments of 4096, 4096, 2048; 232 zero bytes then u64 10000)", ref, new byte[0],
                    "demo-vault/padded/obs-0042.json", SealedMetadata.builder().contentType("application/fhir+json")
                            .build(), 10000, true),
            new Case("padded-declared", "suite 2, 5000 bytes, length declared: padded to padme(5008) = 5120 bytes",
                    ref, new byte[0], "demo-vault/padded/declared", bare.toBuilder().plaintextLengthBytes(5000)
                            .build(), 5000, true),
        };
    }

    private ObjectNode valid() {
        ObjectNode root = JSON.createObjectNode().put("format", "COF1").put("version", 1);
        root.put("note", "Known-answer vectors for FORMAT.md; plaintextHex + inputs -> exactly objectHex.");
        ArrayNode list = root.putArray("vectors");
        for (Case c : cases()) {
            byte[] object = Cof1Objects.encrypt(spec(c), dek(), Cof1Objects.plaintext(c.plaintextLength()),
                    new FixedRandom(salt(c.name()), noncePrefix(c.name())), 1000);
            objects.put(c.name(), object);
            cases.put(c.name(), c);
            Cof1Header h = Cof1.readHeader(new ByteArrayInputStream(object));
            ObjectNode v = list.addObject().put("name", c.name()).put("description", c.description())
                    .put("dataKeyHex", HEX.formatHex(dek())).put("saltHex", HEX.formatHex(salt(c.name())))
                    .put("noncePrefixHex", HEX.formatHex(noncePrefix(c.name())));
            v.putObject("keyRef").put("scheme", c.keyRef().scheme()).put("keyId", c.keyRef().keyId())
                    .put("version", c.keyRef().version());
            v.put("wrappedDataKeyHex", HEX.formatHex(c.wrappedKey()))
                    .put("logicalIdentityHex", HEX.formatHex(c.identity().getBytes(UTF_8)))
                    .put("segmentSizeBytes", Cof1Objects.S).put("suite", c.sizePadding() ? 2 : 1);
            ObjectNode m = v.putObject("metadata").put("contentType", c.metadata().contentType())
                    .put("plaintextLengthBytes", c.metadata().plaintextLengthBytes().orElse(-1));
            ObjectNode user = m.putObject("user");
            c.metadata().user().forEach(user::put);
            v.put("plaintextHex", HEX.formatHex(Cof1Objects.plaintext(c.plaintextLength())))
                    .put("headerLengthBytes", h.headerLengthBytes())
                    .put("sealedMetadataLengthBytes", h.sealedMetadataLengthBytes())
                    .put("segmentPlaintextLengthBytes", segmentPlain(c))
                    .put("segmentCount", Cof1Layout.segmentCount(segmentPlain(c), Cof1Objects.S))
                    .put("objectHex", HEX.formatHex(object));
        }
        return root;
    }

    private ObjectNode invalid() {
        ObjectNode root = JSON.createObjectNode().put("format", "COF1");
        root.put("note", "Each object must fail, when read whole and drained, with expectedError.");
        ArrayNode list = root.putArray("vectors");
        headerAndMetadataMutations(list, "one-byte");
        segmentMutations(list, "multi-segment-partial-last");
        paddingMutations(list, "padded-multi-segment");
        return root;
    }

    private static long segmentPlain(Case c) {
        return c.sizePadding() ? Cof1Layout.paddedLength(c.plaintextLength(), Cof1Objects.S) : c.plaintextLength();
    }

    /** Suite-2 objects sealed under the right key whose padding breaks a FORMAT.md §6.2 rule. */
    private void paddingMutations(ArrayNode list, String base) {
        byte[] o = objects.get(base);
        Case c = cases.get(base);
        byte[] plain = Cof1Objects.plaintext(c.plaintextLength());
        int total = (int) segmentPlain(c);
        byte[] good = java.nio.ByteBuffer.allocate(total).put(plain).putLong(total - 8, plain.length).array();
        byte[] shortClaim = java.nio.ByteBuffer.wrap(good.clone()).putLong(total - 8, plain.length - 1).array();
        byte[] dirty = good.clone();
        dirty[total - 9] = 1;
        byte[] longer = java.nio.ByteBuffer.allocate(total + 512).put(plain).putLong(total + 504, plain.length)
                .array();
        add(list, "padded-trailer-understates", base, "trailer says 9999: a non-zero byte lies in the padding",
                raw(c, shortClaim), TAMPERED);
        add(list, "padded-nonzero-padding", base, "a padding byte is 01", raw(c, dirty), TAMPERED);
        add(list, "padded-longer-than-padme", base, "512 more zero bytes of padding than padme(L + 8) allows",
                raw(c, longer), TAMPERED);
        add(list, "padded-no-trailer", base, "segment plaintext is the bare plaintext", raw(c, plain), TAMPERED);
        add(list, "padded-suite-downgrade", base, "suite 2 -> 1 (the padding would read as plaintext)",
                flip(o, 5, 0x03), TAMPERED);
        int p = Cof1Objects.prefixLength(o);
        add(list, "padded-truncate-final-segment", base, "final segment (with the trailer) dropped",
                slice(o, 0, p + 2L * (Cof1Objects.S + 16)), TAMPERED);
    }

    /** A suite-2 object of case {@code c}'s inputs whose segments carry exactly {@code segmentPlain}. */
    private static byte[] raw(Case c, byte[] segmentPlain) {
        java.io.ByteArrayOutputStream sink = new java.io.ByteArrayOutputStream();
        try (fr.coffre.SecretBytes key = fr.coffre.SecretBytes.copyOf(dek());
                java.io.OutputStream out = Cof1.encrypt(sink, spec(c), key,
                        new FixedRandom(salt(c.name()), noncePrefix(c.name())), false)) {
            out.write(segmentPlain);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return sink.toByteArray();
    }

    private void headerAndMetadataMutations(ArrayNode list, String base) {
        byte[] o = objects.get(base);
        int h = Cof1Objects.headerLength(o);
        int p = Cof1Objects.prefixLength(o);
        int a = cases.get(base).keyRef().scheme().length();
        int b = cases.get(base).keyRef().keyId().length();
        add(list, "flip-magic", base, "bit flip in magic byte 0", flip(o, 0, 0x01), UNSUPPORTED);
        add(list, "flip-version", base, "version 1 -> 3", flip(o, 4, 0x02), UNSUPPORTED);
        add(list, "flip-suite", base, "suite 1 -> 0", flip(o, 5, 0x01), UNSUPPORTED);
        add(list, "flip-header-length", base, "header length low bit", flip(o, 7, 0x01), TAMPERED);
        add(list, "flip-segment-size", base, "segment size 4096 -> 8192 (still valid)", flip(o, 10, 0x30), TAMPERED);
        add(list, "flip-salt", base, "bit flip in salt", flip(o, 12, 0x80), TAMPERED);
        add(list, "flip-nonce-prefix", base, "bit flip in nonce prefix", flip(o, 44, 0x01), TAMPERED);
        add(list, "flip-metadata-length", base, "sealed metadata length 272 -> 784 (still valid)", flip(o, 53, 0x02),
                TAMPERED);
        add(list, "flip-key-scheme", base, "bit flip in key scheme", flip(o, 56, 0x01), TAMPERED);
        add(list, "flip-key-id", base, "bit flip in key id (stays a valid id)", flip(o, 57 + a, 0x01), TAMPERED);
        add(list, "flip-key-version", base, "key version 1 -> 3", flip(o, 60 + a + b, 0x02), TAMPERED);
        add(list, "flip-commitment", base, "bit flip in commitment", flip(o, h - 1, 0x01), TAMPERED);
        add(list, "flip-sealed-metadata", base, "bit flip in sealed metadata ciphertext", flip(o, h + 3, 0x01),
                TAMPERED);
        add(list, "flip-sealed-metadata-tag", base, "bit flip in sealed metadata tag", flip(o, p - 1, 0x01), TAMPERED);
        add(list, "truncate-in-header", base, "only 50 bytes left", slice(o, 0, 50), TAMPERED);
        add(list, "truncate-in-metadata", base, "cut inside the sealed metadata", slice(o, 0, p - 5), TAMPERED);
        add(list, "append-byte", base, "one zero byte appended", concat(o, new byte[1]), TAMPERED);
        add(list, "wrong-key", base, "another data key", o, TAMPERED)
                .put("dataKeyHex", HEX.formatHex(Cof1Objects.dek(99)));
        add(list, "renamed", base, "read under another logical identity", o, TAMPERED)
                .put("logicalIdentityHex", HEX.formatHex("demo-vault/two".getBytes(UTF_8)));
        byte[] empty = objects.get("empty");
        add(list, "truncate-empty-object", "empty", "the only (final, empty) segment dropped",
                slice(empty, 0, Cof1Objects.prefixLength(empty)), TAMPERED);
    }

    private void segmentMutations(ArrayNode list, String base) {
        byte[] m = objects.get(base);
        int p = Cof1Objects.prefixLength(m);
        int seg = Cof1Objects.S + 16;
        byte[] two = objects.get("multiple-of-segment");
        add(list, "flip-segment-body", base, "bit flip in segment 1 ciphertext", flip(m, p + seg + 5, 0x01), TAMPERED);
        add(list, "flip-segment-tag", base, "bit flip in segment 0 tag", flip(m, p + seg - 1, 0x01), TAMPERED);
        add(list, "truncate-final-segment", base, "final segment dropped exactly at a boundary",
                slice(m, 0, p + 2L * seg), TAMPERED);
        add(list, "truncate-mid-segment", base, "last 100 bytes dropped", slice(m, 0, m.length - 100), TAMPERED);
        add(list, "truncate-exact-multiple", "multiple-of-segment", "final segment of an exact multiple dropped",
                slice(two, 0, Cof1Objects.prefixLength(two) + seg), TAMPERED);
        add(list, "append-segment", base, "a copy of the final segment appended", concat(m, segment(m, 2)), TAMPERED);
        add(list, "reorder-segments", base, "segments 0 and 1 swapped",
                concat(slice(m, 0, p), segment(m, 1), segment(m, 0), segment(m, 2)), TAMPERED);
        add(list, "duplicate-segment", base, "segment 0 repeated",
                concat(slice(m, 0, p), segment(m, 0), segment(m, 0), segment(m, 1), segment(m, 2)), TAMPERED);
        add(list, "swap-header", base, "header and sealed metadata of another object under the same data key",
                concat(slice(two, 0, Cof1Objects.prefixLength(two)), slice(m, p, m.length)), TAMPERED);
    }

    private ObjectNode add(ArrayNode list, String name, String base, String mutation, byte[] object, String error) {
        return list.addObject().put("name", name).put("base", base).put("mutation", mutation)
                .put("dataKeyHex", HEX.formatHex(dek()))
                .put("logicalIdentityHex", HEX.formatHex(cases.get(base).identity().getBytes(UTF_8)))
                .put("expectedError", error).put("objectHex", HEX.formatHex(object));
    }

    static EncryptionSpec spec(Case c) {
        return EncryptionSpec.builder().keyRef(c.keyRef()).wrappedDataKey(c.wrappedKey())
                .logicalIdentity(c.identity().getBytes(UTF_8)).segmentSizeBytes(Cof1Objects.S).metadata(c.metadata())
                .sizePadding(c.sizePadding()).build();
    }

    static byte[] dek() {
        return Cof1Objects.dek(1);
    }

    static byte[] salt(String name) {
        return bytes("salt:" + name, 32);
    }

    static byte[] noncePrefix(String name) {
        return bytes("nonce:" + name, 7);
    }

    private static byte[] bytes(String label, int length) {
        try {
            return Arrays.copyOf(MessageDigest.getInstance("SHA-256").digest(label.getBytes(UTF_8)), length);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
