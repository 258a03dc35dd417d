package fr.coffre.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import fr.coffre.KeyRef;
import fr.coffre.SecretBytes;
import fr.coffre.crypto.AesSiv;
import fr.coffre.crypto.Cof1;
import fr.coffre.crypto.Cof1Header;
import fr.coffre.crypto.EncryptionSpec;
import fr.coffre.crypto.TamperedObjectException;
import fr.coffre.store.ObjectStore;
import fr.coffre.store.ObjectStores;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Set;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Blinded header key references (FORMAT.md §3.2): unlinkable, recoverable, old clear references still read. */
class KeyRefBlindingTest extends CoffreFixture {
    private static final HexFormat HEX = HexFormat.of();
    /** Offset of the key id in a header whose scheme is {@code coffre-dkb} (FORMAT.md §3.1: 57 + a, a = 10). */
    private static final int KEY_ID_OFFSET = 57 + KeyRefBlinding.SCHEME.length();

    @Override
    protected ObjectStore openStore(Path dir) {
        return ObjectStores.memory();
    }

    private Cof1Header header(String name) {
        return Cof1.readHeader(store.get(coffre.storeName(name)));
    }

    private byte[] stored(String name) {
        return readAll(store.get(coffre.storeName(name)));
    }

    private void overwrite(String name, byte[] bytes) {
        store.put(coffre.storeName(name), new ByteArrayInputStream(bytes), bytes.length);
    }

    @Nested
    class Write {
        @Test
        void objectsOfOneSubjectCarryUnrelatedFixedLengthReferences() {
            Set<String> ids = new HashSet<>();
            for (int i = 0; i < 20; i++) {
                put("p/" + i, new byte[] {1}, subject("patient-1"));
                KeyRef ref = header("p/" + i).keyRef();
                assertEquals(KeyRefBlinding.SCHEME, ref.scheme());
                assertEquals(KeyRefBlinding.KEY_ID_CHARS, ref.keyId().length());
                assertEquals(1, ref.version());
                assertFalse(ref.keyId().contains(coffre.stat("p/0").dataKey().keyId().substring(3, 11)));
                ids.add(ref.keyId());
            }
            assertEquals(20, ids.size(), "no two objects of one subject share a key reference");
        }

        @Test
        void statAndPutReportTheDataKeyNotTheBlindedReference() {
            ObjectStat put = put("p/a", new byte[] {1}, subject("patient-1"));
            ObjectStat other = put("p/b", new byte[] {2}, subject("patient-1"));
            assertEquals(KeyRegistry.DATA_KEY_SCHEME, put.dataKey().scheme());
            assertEquals(put.dataKey(), coffre.stat("p/a").dataKey());
            assertEquals(coffre.stat("p/a").dataKey(), coffre.stat("p/b").dataKey());
            assertEquals(put.dataKey(), other.dataKey());
        }
    }

    @Nested
    class Read {
        @Test
        void objectsWrittenWithAClearReferenceStillRead() throws IOException {
            KeyRegistry.Lease lease = registry.keyForWrite(true, "patient-old");
            byte[] object;
            try (SecretBytes key = lease.key()) {
                EncryptionSpec spec = EncryptionSpec.builder().keyRef(lease.ref())
                        .logicalIdentity("vault-a/legacy/1".getBytes(StandardCharsets.UTF_8)).segmentSizeBytes(SEG)
                        .build();
                ByteArrayOutputStream sink = new ByteArrayOutputStream();
                try (OutputStream out = Cof1.encrypt(sink, spec, key, new SecureRandom())) {
                    out.write("old record".getBytes(StandardCharsets.UTF_8));
                }
                object = sink.toByteArray();
            }
            overwrite("legacy/1", object);
            assertEquals(lease.ref(), header("legacy/1").keyRef(), "clear reference in the header");
            assertArrayEquals("old record".getBytes(StandardCharsets.UTF_8), read("legacy/1"));
            assertEquals(lease.ref(), coffre.stat("legacy/1").dataKey());
            put("new/1", new byte[] {3}, subject("patient-old"));
            assertEquals(KeyRefBlinding.SCHEME, header("new/1").keyRef().scheme());
            assertEquals(lease.ref(), coffre.stat("new/1").dataKey(), "new objects of the subject, same data key");
        }
    }

    @Nested
    class Tamper {
        @Test
        void anAlteredBlindedReferenceIsTamperedNeverPlaintext() {
            put("t/1", "secret".getBytes(StandardCharsets.UTF_8), subject("patient-1"));
            byte[] bytes = stored("t/1");
            bytes[KEY_ID_OFFSET + 5] = (byte) (bytes[KEY_ID_OFFSET + 5] == 'a' ? 'b' : 'a');
            overwrite("t/1", bytes);
            assertThrows(TamperedObjectException.class, () -> read("t/1"));
            assertThrows(TamperedObjectException.class, () -> coffre.stat("t/1"));
            assertThrows(TamperedObjectException.class, () -> coffre.get("t/1", 0, 1));
        }

        @Test
        void aReferenceMovedFromAnotherObjectOfTheSameSubjectIsTampered() {
            put("t/1", "one".getBytes(StandardCharsets.UTF_8), subject("patient-1"));
            put("t/2", "two".getBytes(StandardCharsets.UTF_8), subject("patient-1"));
            byte[] one = stored("t/1");
            byte[] two = stored("t/2");
            System.arraycopy(two, KEY_ID_OFFSET, one, KEY_ID_OFFSET, KeyRefBlinding.KEY_ID_CHARS);
            overwrite("t/1", one);
            TamperedObjectException e = assertThrows(TamperedObjectException.class, () -> read("t/1"));
            assertTrue(e.getMessage().contains("blinded key reference"), e.getMessage());
        }

        @Test
        void anObjectReadThroughAnotherRegistryIsTampered() {
            put("t/1", "one".getBytes(StandardCharsets.UTF_8), subject("patient-1"));
            Cof1Header header = header("t/1");
            try (KeyRegistry other = KeyRegistry.builder()
                    .createIfMissing(true).custodian(custody).directory(scratch.resolve("other"))
                    .build()) {
                assertThrows(TamperedObjectException.class, () -> other.dataKeyRef(header));
                assertThrows(TamperedObjectException.class, () -> other.keyForRead(header).destroy());
            }
            assertEquals(coffre.stat("t/1").dataKey(), registry.dataKeyRef(header));
        }
    }

    @Nested
    class Vectors {
        private JsonNode vectors() throws IOException {
            try (InputStream in = KeyRefBlindingTest.class.getResourceAsStream("/vectors/keyref-blinded.json")) {
                return new ObjectMapper().readTree(in);
            }
        }

        @Test
        void everyVectorEncodesToItsBytesAndDecodesToItsDataKey() throws IOException {
            JsonNode all = vectors();
            assertEquals(KeyRefBlinding.SCHEME, all.get("scheme").asText());
            assertTrue(all.get("vectors").size() >= 2);
            for (JsonNode v : all.get("vectors")) {
                KeyRefBlinding blinding = new KeyRefBlinding(new AesSiv(HEX.parseHex(v.get("keyRefSecretHex").asText())));
                byte[] salt = HEX.parseHex(v.get("saltHex").asText());
                byte[] nonce = HEX.parseHex(v.get("noncePrefixHex").asText());
                KeyRef clear = new KeyRef(KeyRegistry.DATA_KEY_SCHEME, v.get("dataKeyId").asText(),
                        v.get("dataKeyVersion").asInt());
                KeyRef blinded = blinding.blind(clear, salt, nonce);
                assertEquals(v.get("blindedKeyId").asText(), blinded.keyId(), v.get("name").asText());
                assertEquals(v.get("headerKeyRefFieldsHex").asText(), HEX.formatHex(CoreVectors.keyRefFields(blinded)));
                Cof1Header header = CoreVectors.headerWith(v.get("blindedKeyId").asText(), salt, nonce);
                assertEquals(clear, blinding.unblind(header), v.get("name").asText());
            }
        }

        @Test
        void everyInvalidVectorIsTampered() throws IOException {
            JsonNode all = vectors();
            assertTrue(all.get("invalid").size() >= 2);
            for (JsonNode v : all.get("invalid")) {
                KeyRefBlinding blinding = new KeyRefBlinding(new AesSiv(HEX.parseHex(v.get("keyRefSecretHex").asText())));
                Cof1Header header = CoreVectors.headerWith(v.get("blindedKeyId").asText(),
                        HEX.parseHex(v.get("saltHex").asText()), HEX.parseHex(v.get("noncePrefixHex").asText()));
                assertEquals("TamperedObjectException", v.get("expectedError").asText());
                assertThrows(TamperedObjectException.class, () -> blinding.unblind(header), v.get("name").asText());
            }
        }

        @Test
        void unrelatedSaltsGiveUnrelatedReferences() {
            KeyRefBlinding blinding = new KeyRefBlinding(new AesSiv(new byte[64]));
            KeyRef clear = new KeyRef(KeyRegistry.DATA_KEY_SCHEME, "s1-abc", 1);
            KeyRef a = blinding.blind(clear, new byte[32], new byte[7]);
            byte[] salt = new byte[32];
            salt[31] = 1;
            assertNotEquals(a, blinding.blind(clear, salt, new byte[7]));
        }
    }
}
