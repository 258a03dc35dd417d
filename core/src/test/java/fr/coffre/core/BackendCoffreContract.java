package fr.coffre.core;
import fr.coffre.crypto.DecryptedObject;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fr.coffre.KeyDestroyedException;
import fr.coffre.crypto.TamperedObjectException;
import fr.coffre.store.GeneratedData;
import fr.coffre.store.ListPage;
import fr.coffre.store.ObjectInfo;
import fr.coffre.store.ObjectNotFoundException;
import fr.coffre.store.ObjectStore;
import fr.coffre.store.TestServers;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Coffre end to end on one real backend of the local test servers (scripts/servers; {@code scripts/test.sh} starts
 * them), reached through the providers' public factories: Coffre's whole conformance suite ({@link CoffreContract})
 * and security suite ({@link CoffreSecurityContract}: swapped, copied, truncated and bit-flipped stored objects,
 * nothing readable in the store, rotation, shredding), plus what only a real backend shows ({@link EndToEnd}): one
 * full round trip with metadata and a subject, the attacks on the very bytes that backend stored, and objects larger
 * than the heap (the Failsafe JVM runs with {@code -Xmx256m}).
 *
 * <p>A subclass names its backend. Every test class works in its own container for the run, emptied after each
 * test; a missing server fails the tests (never skips them).
 */
public abstract class BackendCoffreContract {

    private static final String RUN_ID = UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    private static final long MIB = 1024 * 1024;
    private static final String PATIENT = "Camille Le Goff";
    private static final String RECORD = "{\"resourceType\":\"Observation\",\"subject\":{\"display\":\"" + PATIENT
            + "\"},\"valueQuantity\":{\"value\":7.2,\"unit\":\"mmol/L\"}}";

    /** The backend under test. */
    protected abstract TestServers.Backend backend();

    /** This class's container for the run: {@code coffre-core-<run>-<backend>}, valid on every backend. */
    private String container() {
        return "coffre-core-" + RUN_ID + "-" + backend().name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    private ObjectStore openBackend() {
        backend().require();
        return backend().open(container());
    }

    /**
     * After each test of every nested suite (after the suite closed its store): deletes every object the test left,
     * so that the next test finds the container empty.
     */
    @AfterEach
    void emptyContainer() {
        try (ObjectStore store = openBackend()) {
            String token = null;
            do {
                ListPage page = store.list("", token, 1000);
                for (ObjectInfo o : page.objects()) {
                    store.delete(o.name());
                }
                token = page.nextToken().orElse(null);
            } while (token != null);
        }
    }

    /** Size of the bounded-memory tests: {@code -Dcoffre.it.largeBytes}, default 256 MiB (more than the heap). */
    private static long largeBytes() {
        return Long.getLong("coffre.it.largeBytes", 256 * MIB);
    }

    @Nested
    class Conformance extends CoffreContract {
        @Override
        protected ObjectStore openStore(Path dir) {
            return openBackend();
        }
    }

    /** The conformance suite again, every object size-padded (COF1 suite 2): lengths come from the objects. */
    @Nested
    class PaddedConformance extends CoffreContract {
        @Override
        protected ObjectStore openStore(Path dir) {
            return openBackend();
        }

        @Override
        protected boolean sizePadding() {
            return true;
        }
    }

    @Nested
    class Security extends CoffreSecurityContract {
        @Override
        protected ObjectStore openStore(Path dir) {
            return openBackend();
        }
    }

    @Nested
    class EndToEnd extends CoffreFixture {
        private final PutOptions options = PutOptions.builder().subject(PATIENT).contentType("application/fhir+json")
                .metadata("family", "Le Goff").metadata("kind", "glycemia").build();
        private final byte[] record = RECORD.getBytes(StandardCharsets.UTF_8);
        private final String name = "patients/" + PATIENT + "/Observation/1.json";

        @Override
        protected ObjectStore openStore(Path dir) {
            return openBackend();
        }

        private byte[] storedBytes(String logical) {
            return readAll(store.get(coffre.storeName(logical)));
        }

        private void overwriteStored(String logical, byte[] bytes) {
            store.put(coffre.storeName(logical), new ByteArrayInputStream(bytes), bytes.length);
        }

        @Test
        void fullRoundTripWithMetadataAndASubject() throws IOException {
            ObjectStat stat = put(name, record, options);
            assertEquals(record.length, stat.plaintextLengthBytes());
            try (DecryptedObject o = coffre.get(name)) {
                assertArrayEquals(record, o.readAllBytes());
                assertEquals("Le Goff", o.metadata().user().get("family"));
                assertEquals("glycemia", o.metadata().user().get("kind"));
            }
            try (DecryptedObject o = coffre.get(name, 2, 12)) {
                assertArrayEquals(java.util.Arrays.copyOfRange(record, 2, 14), o.readAllBytes());
            }
            put("patients/" + PATIENT + "/Observation/2.json", record, options);
            assertEquals(Set.of(name, "patients/" + PATIENT + "/Observation/2.json"),
                    coffre.list("patients/" + PATIENT + "/").collect(Collectors.toSet()));
            assertEquals(record.length, coffre.stat(name).plaintextLengthBytes());
            coffre.delete(name);
            assertFalse(coffre.exists(name));
            assertThrows(ObjectNotFoundException.class, () -> coffre.get(name));
            assertEquals(List.of("patients/" + PATIENT + "/Observation/2.json"), coffre.list("patients/").toList());
        }

        @Test
        void nothingReadableInAnyStoredNameOrByte() {
            put(name, record, options);
            put("patients/" + PATIENT + "/Patient.json", ("{\"resourceType\":\"Patient\",\"name\":\"" + PATIENT
                    + "\"}").getBytes(StandardCharsets.UTF_8), options);
            Map<String, String> all = snapshot(store);
            assertEquals(java.util.Set.of(coffre.storeName(name), coffre.storeName("patients/" + PATIENT + "/Patient.json"),
                    Coffre.VAULT_MARKER), all.keySet(), "the two objects and the vault marker");
            StringBuilder haystack = new StringBuilder(String.join("\n", all.keySet()));
            for (String hex : all.values()) {
                haystack.append('\n').append(new String(java.util.HexFormat.of().parseHex(hex),
                        StandardCharsets.ISO_8859_1));
            }
            String lower = haystack.toString().toLowerCase(Locale.ROOT);
            for (String marker : List.of("resourceType", "Observation", "Patient", "Camille", "Le Goff", "Goff",
                    "mmol", "glycemia", "fhir", "patients")) {
                assertFalse(lower.contains(marker.toLowerCase(Locale.ROOT)), "the store holds '" + marker + "'");
            }
        }

        @Test
        void bitFlipInTheStoredBytesIsTampering() {
            put(name, GeneratedData.bytes(1, 0, 3 * SEG), options);
            byte[] bytes = storedBytes(name);
            bytes[bytes.length / 2] ^= 0x04;
            overwriteStored(name, bytes);
            assertThrows(TamperedObjectException.class, () -> read(name));
        }

        @Test
        void truncatedStoredObjectIsTampering() {
            put(name, GeneratedData.bytes(2, 0, 3 * SEG + 5), options);
            byte[] bytes = storedBytes(name);
            overwriteStored(name, java.util.Arrays.copyOf(bytes, bytes.length - SEG - 16));
            assertThrows(TamperedObjectException.class, () -> read(name));
        }

        @Test
        void objectsSwappedBetweenTwoNamesAreTampering() {
            String other = "patients/" + PATIENT + "/Observation/2.json";
            put(name, GeneratedData.bytes(3, 0, 2 * SEG), options);
            put(other, GeneratedData.bytes(4, 0, 2 * SEG), options);
            byte[] first = storedBytes(name);
            overwriteStored(name, storedBytes(other));
            overwriteStored(other, first);
            assertThrows(TamperedObjectException.class, () -> read(name));
            assertThrows(TamperedObjectException.class, () -> read(other));
        }

        @Test
        void objectCopiedToAnotherNameIsTampering() {
            String copy = "patients/" + PATIENT + "/Observation/copy.json";
            put(name, record, options);
            overwriteStored(copy, storedBytes(name));
            assertThrows(TamperedObjectException.class, () -> read(copy));
            assertArrayEquals(record, readAll(coffre.get(name).content()), "the original still reads");
        }

        @Test
        void afterShreddingTheSubjectItsObjectsRaiseKeyDestroyed() {
            put(name, record, options);
            put("other/record", record, PutOptions.builder().subject("someone else").build());
            assertEquals(1, coffre.shred(PATIENT));
            registry.cache().clear();
            assertThrows(KeyDestroyedException.class, () -> read(name));
            assertThrows(KeyDestroyedException.class, () -> coffre.get(name, 0, 5));
            assertArrayEquals(record, readAll(coffre.get("other/record").content()));
        }

        @ParameterizedTest(name = "declared length: {0}")
        @ValueSource(booleans = {true, false})
        void objectLargerThanTheHeapRoundTrips(boolean declared) throws IOException {
            long size = largeBytes();
            long heap = Runtime.getRuntime().maxMemory();
            assertTrue(heap < size + 64 * MIB, "this test proves bounded memory only if the heap (" + heap
                    + " bytes) cannot hold the object (" + size + " bytes): run it with -Xmx256m (Failsafe argLine)");
            PutOptions.Builder b = PutOptions.builder().subject(PATIENT);
            if (declared) {
                b.plaintextLengthBytes(size);
            }
            coffre.put("large/blob", GeneratedData.stream(61, size), b.build());
            try (DecryptedObject o = coffre.get("large/blob")) {
                assertArrayEquals(GeneratedData.sha256(61, size), GeneratedData.sha256(o.content()));
            }
            List<Long> ranges = new ArrayList<>(List.of(0L, size / 2, size - 100));
            for (long offset : ranges) {
                try (DecryptedObject o = coffre.get("large/blob", offset, 100)) {
                    assertArrayEquals(GeneratedData.bytes(61, offset, 100), o.readAllBytes(), "range at " + offset);
                }
            }
        }
    }
}
