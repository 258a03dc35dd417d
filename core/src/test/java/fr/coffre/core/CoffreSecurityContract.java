package fr.coffre.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fr.coffre.CoffreException;
import fr.coffre.KeyDestroyedException;
import fr.coffre.crypto.TamperedObjectException;
import fr.coffre.crypto.UnsupportedFormatException;
import fr.coffre.store.GeneratedData;
import fr.coffre.store.ObjectNotFoundException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** What an attacker with write access to the store, or a reader of the store, cannot do; rotation and shredding. */
public abstract class CoffreSecurityContract extends CoffreFixture {
    private static final String PATIENT = "Alice Martin";
    private static final String RECORD = "{\"resourceType\":\"Patient\",\"name\":[{\"family\":\"Martin\","
            + "\"given\":[\"Alice\"]}],\"birthDate\":\"1984-03\",\"address\":[{\"city\":\"Quimper\"}]}";

    private void overwriteStored(String name, byte[] bytes) {
        store.put(coffre.storeName(name), new ByteArrayInputStream(bytes), bytes.length);
    }

    private byte[] stored(String name) {
        return readAll(store.get(coffre.storeName(name)));
    }

    @Nested
    class Attacks {
        @Test
        void swappedObjectBytesAreDetected() {
            put("rec/a", GeneratedData.bytes(1, 0, 3 * SEG));
            put("rec/b", GeneratedData.bytes(2, 0, 3 * SEG));
            byte[] a = stored("rec/a");
            overwriteStored("rec/a", stored("rec/b"));
            overwriteStored("rec/b", a);
            assertThrows(TamperedObjectException.class, () -> read("rec/a"));
            assertThrows(TamperedObjectException.class, () -> read("rec/b"));
            assertThrows(TamperedObjectException.class, () -> readAll(coffre.get("rec/a", SEG, 10).content()));
        }

        @Test
        void objectCopiedToAnotherNameIsDetected() {
            put("rec/original", GeneratedData.bytes(3, 0, 100));
            put("rec/other", new byte[] {1});
            copyBytes(store, coffre.storeName("rec/original"), coffre.storeName("rec/other"));
            assertThrows(TamperedObjectException.class, () -> read("rec/other"));
        }

        @Test
        void stagedObjectCopiedToAnotherDestinationIsDetected() {
            String staged = "out/_temporary/1/_temporary/attempt_1_0001_r_000000_0/part-0";
            put(staged, GeneratedData.bytes(4, 0, 100));
            for (String other : java.util.List.of("out/part-1", "other/part-0", "out/_temporary/1/task_1_0001_r_1/x")) {
                put(other, new byte[] {1});
                copyBytes(store, coffre.storeName(staged), coffre.storeName(other));
                assertThrows(TamperedObjectException.class, () -> read(other), other);
            }
        }

        @Test
        void objectCopiedToALookalikeOfAStagedNameIsDetected() {
            put("out/part-0", GeneratedData.bytes(5, 0, 100));
            // not the committer's layout (no job attempt number, or nothing after the task): bound to itself
            for (String other : java.util.List.of("out/_temporary/x/task_1/part-0", "out/_temporary/0/task_1",
                    "out/_temporary/0/_temporary/attempt_1", "out/_temporary/0/job_1/part-0")) {
                put(other, new byte[] {1});
                copyBytes(store, coffre.storeName("out/part-0"), coffre.storeName(other));
                assertThrows(TamperedObjectException.class, () -> read(other), other);
            }
        }

        @Test
        void objectCopiedIntoAnotherVaultIsDetected() {
            put("rec/x", GeneratedData.bytes(4, 0, 100));
            try (Coffre vaultB = coffre("vault-b", store)) {
                copyBytes(store, coffre.storeName("rec/x"), vaultB.storeName("rec/x"));
                assertThrows(TamperedObjectException.class, () -> readAll(vaultB.get("rec/x").content()));
            }
        }

        @Test
        void truncatedObjectIsDetected() {
            put("rec/t", GeneratedData.bytes(5, 0, 3 * SEG + 10));
            byte[] bytes = stored("rec/t");
            for (int cut : new int[] {1, 10 + 16, 10 + 16 + SEG + 16}) {
                overwriteStored("rec/t", Arrays.copyOf(bytes, bytes.length - cut));
                assertThrows(TamperedObjectException.class, () -> read("rec/t"), "cut " + cut);
            }
        }

        @Test
        void flippedBitAnywhereIsDetected() {
            put("rec/f", GeneratedData.bytes(6, 0, 2 * SEG));
            byte[] bytes = stored("rec/f");
            for (int pos : new int[] {10, 100, bytes.length / 2, bytes.length - 1}) {
                byte[] bad = bytes.clone();
                bad[pos] ^= 0x01;
                overwriteStored("rec/f", bad);
                assertThrows(CoffreException.class, () -> read("rec/f"), "flip at " + pos);
            }
            byte[] body = bytes.clone();
            body[bytes.length / 2] ^= 0x01;
            overwriteStored("rec/f", body);
            assertThrows(TamperedObjectException.class, () -> read("rec/f"));
        }

        @Test
        void foreignBytesUnderACoffreNameAreRejected() {
            overwriteStored("rec/plain", "just some plain text, not COF1".getBytes(StandardCharsets.UTF_8));
            assertThrows(UnsupportedFormatException.class, () -> read("rec/plain"));
        }
    }

    @Nested
    class Confidentiality {
        @Test
        void nothingReadableReachesTheStore() {
            PutOptions options = PutOptions.builder().subject(PATIENT).contentType("application/fhir+json")
                    .metadata("family", "Martin").build();
            put("patients/" + PATIENT + "/Patient.json", RECORD.getBytes(StandardCharsets.UTF_8), options);
            Map<String, String> all = snapshot(store);
            assertEquals(Set.of(coffre.storeName("patients/" + PATIENT + "/Patient.json"), Coffre.VAULT_MARKER),
                    all.keySet(), "the object and the vault marker");
            String haystack = String.join("\n", all.keySet()) + "\n"
                    + all.values().stream().map(h -> new String(HexFormat.of().parseHex(h), StandardCharsets.ISO_8859_1))
                            .reduce("", String::concat);
            for (String marker : List.of("resourceType", "Patient", "Alice", "Martin", "Quimper", "1984", "fhir",
                    "patients")) {
                assertFalse(haystack.contains(marker), "store holds '" + marker + "'");
                assertFalse(haystack.toLowerCase().contains(marker.toLowerCase()), "store holds '" + marker + "'");
            }
        }

        @Test
        void errorsAndToStringNeverShowNamesOrSubjects() {
            String name = "patients/" + PATIENT + "/missing.json";
            ObjectNotFoundException missing = assertThrows(ObjectNotFoundException.class, () -> coffre.get(name));
            put("patients/" + PATIENT + "/x", new byte[] {1}, subject(PATIENT));
            put("patients/" + PATIENT + "/y", new byte[] {1}, subject(PATIENT));
            overwriteStored("patients/" + PATIENT + "/x", new byte[] {1, 2, 3});
            CoffreException tampered = assertThrows(CoffreException.class, () -> read("patients/" + PATIENT + "/x"));
            List<String> texts = new ArrayList<>(List.of(String.valueOf(missing.getMessage()),
                    String.valueOf(tampered.getMessage()), coffre.toString(), registry.toString(),
                    PutOptions.builder().subject(PATIENT).metadata("family", "Martin").build().toString(),
                    coffre.list("", null, 10).toString(), coffre.stat("patients/" + PATIENT + "/y").toString()));
            for (String text : texts) {
                assertFalse(text.contains("Alice") || text.contains("Martin"), text);
            }
        }
    }

    @Nested
    class Rotation {
        @Test
        void masterRotationRewritesNoObjectByteAndEverythingStillReads() throws IOException {
            for (int i = 0; i < 6; i++) {
                put("rot/" + i, GeneratedData.bytes(i, 0, 1000 + i), subject("patient-" + (i % 3)));
            }
            Map<String, String> before = snapshot(store);
            List<Integer> progress = new ArrayList<>();
            RotationReport report = coffre.rotateMasterKey((done, total) -> progress.add(done));
            assertEquals(2, report.masterKey().version());
            assertEquals(3 + 3, report.entriesRewrapped(), "3 subject keys + pseudonym, names and key-reference secrets");
            assertEquals(List.of(1, 2, 3, 4, 5, 6), progress);
            assertEquals(before, snapshot(store), "rotation must not touch any stored object");
            put("rot/new", new byte[] {42}, subject("patient-0"));
            registry.cache().clear();
            for (int i = 0; i < 6; i++) {
                assertArrayEquals(GeneratedData.bytes(i, 0, 1000 + i), read("rot/" + i));
            }
            assertArrayEquals(new byte[] {42}, read("rot/new"));
            assertEquals(List.of(TestCustody.masterVersion(1)), registry.retireUnusedMasterKeyVersions());
            registry.cache().clear();
            assertArrayEquals(GeneratedData.bytes(0, 0, 1000), read("rot/0"));
        }
    }

    @Nested
    class Shredding {
        @Test
        void shreddedSubjectsObjectsRaiseKeyDestroyedOthersStillRead() throws IOException {
            put("sh/alice/1", GeneratedData.bytes(1, 0, 5000), subject(PATIENT));
            put("sh/alice/2", GeneratedData.bytes(2, 0, 10), subject(PATIENT));
            put("sh/bob/1", GeneratedData.bytes(3, 0, 10), subject("Bob Durand"));
            put("sh/shared", GeneratedData.bytes(4, 0, 10));
            Map<String, String> before = snapshot(store);
            assertEquals(1, coffre.shred(PATIENT));
            assertThrows(KeyDestroyedException.class, () -> read("sh/alice/1"));
            assertThrows(KeyDestroyedException.class, () -> read("sh/alice/2"));
            assertThrows(KeyDestroyedException.class, () -> coffre.get("sh/alice/1", 10, 10));
            assertThrows(KeyDestroyedException.class, () -> put("sh/alice/3", new byte[] {1}, subject(PATIENT)));
            assertArrayEquals(GeneratedData.bytes(3, 0, 10), read("sh/bob/1"));
            assertArrayEquals(GeneratedData.bytes(4, 0, 10), read("sh/shared"));
            assertEquals(before, snapshot(store), "shredding works on keys only: the ciphertext stays as it was");
            ObjectStat shredded = coffre.stat("sh/alice/1");
            assertNotEquals(0, shredded.storedSizeBytes(), "stat needs no key to find the object");
            // a size-padded object's length is sealed under the destroyed key: gone with it
            assertEquals(sizePadding() ? -1 : 5000, shredded.plaintextLengthBytes());
            assertEquals(10, coffre.stat("sh/bob/1").plaintextLengthBytes());
        }
    }
}
