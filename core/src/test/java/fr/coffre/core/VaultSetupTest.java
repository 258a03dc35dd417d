package fr.coffre.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fr.coffre.KeyUnavailableException;
import fr.coffre.core.migration.Migration;
import fr.coffre.store.ListPage;
import fr.coffre.store.ObjectInfo;
import fr.coffre.store.ObjectStore;
import fr.coffre.store.ObjectStores;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A vault never starts empty by accident: a missing registry or master key is refused unless creation is asked, and a
 * store remembers (by its vault marker) which registry it belongs to, so a registry of another vault is refused
 * before anything is read or written. Each refusal is checked to leave the store and the file system as they were.
 */
class VaultSetupTest {
    private static final String MASTER = KeyRegistry.DEFAULT_MASTER_KEY_ID;
    private static final String NAME = "patients/pat-001/Patient.json";
    @TempDir
    Path tmp;
    private TestCustody custody;

    @BeforeEach
    void openCustody() {
        custody = TestCustody.keystore(tmp.resolve("custody"));
    }

    @AfterEach
    void closeCustody() {
        custody.close();
    }

    private KeyRegistry.Builder registry(Path dir) {
        return KeyRegistry.builder().custodian(custody).directory(dir);
    }

    private static Coffre coffre(KeyRegistry registry, ObjectStore store) {
        return Coffre.builder().store(store).keyRegistry(registry).vaultId("hospital-a").build();
    }

    private static void put(Coffre coffre, String name, String content) {
        coffre.put(name, new ByteArrayInputStream(content.getBytes(StandardCharsets.UTF_8)),
                PutOptions.builder().subject("pat-001").build());
    }

    /** Every regular file under {@code root} (relative path → hex of its bytes); empty if absent. */
    private static Map<String, String> files(Path root) throws IOException {
        Map<String, String> out = new TreeMap<>();
        if (!Files.exists(root)) {
            return out;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.filter(Files::isRegularFile).toList()) {
                out.put(root.relativize(p).toString(), HexFormat.of().formatHex(Files.readAllBytes(p)));
            }
        }
        return out;
    }

    /** Every object of {@code store}: name → hex of its bytes. */
    private static Map<String, String> objects(ObjectStore store) throws IOException {
        Map<String, String> out = new TreeMap<>();
        ListPage page = store.list("", null, 1000);
        for (ObjectInfo o : page.objects()) {
            try (var in = store.get(o.name())) {
                out.put(o.name(), HexFormat.of().formatHex(in.readAllBytes()));
            }
        }
        return out;
    }

    @Nested
    class OpeningARegistry {
        @Test
        void aMissingDirectoryIsRefusedNamingThePathAndTheRemedyAndNothingIsWritten() throws IOException {
            Path moved = tmp.resolve("registry-moved");
            Map<String, String> custodyBefore = files(tmp.resolve("custody"));
            RegistryNotFoundException e = assertThrows(RegistryNotFoundException.class, () -> registry(moved).build());
            assertEquals("key registry: no registry at " + moved + " (no such directory); nothing was created. Check"
                    + " the path (--registry), or create the registry explicitly: coffre init, or"
                    + " KeyRegistry.Builder.createIfMissing(true)", e.getMessage());
            assertFalse(Files.exists(moved));
            assertFalse(custody.exists(MASTER), "no master key was created either");
            assertEquals(custodyBefore, files(tmp.resolve("custody")));
        }

        @Test
        void aDirectoryWithoutRegistryMarkerIsRefusedAndLeftEmpty() throws IOException {
            Path empty = Files.createDirectory(tmp.resolve("empty"));
            RegistryNotFoundException e = assertThrows(RegistryNotFoundException.class, () -> registry(empty).build());
            assertTrue(e.getMessage().startsWith("key registry: no registry at " + empty
                    + " (the directory holds no registry.json); nothing was created."), e.getMessage());
            try (Stream<Path> left = Files.list(empty)) {
                assertEquals(0, left.count());
            }
        }

        @Test
        void aCoffreBuildingItsRegistryRefusesAMissingOneAndTouchesNoStore() throws IOException {
            try (ObjectStore store = ObjectStores.memory()) {
                store.createContainerIfAbsent();
                Coffre.Builder b = Coffre.builder().store(store).custodian(custody)
                        .registryDirectory(tmp.resolve("typo")).vaultId("hospital-a");
                assertThrows(RegistryNotFoundException.class, b::build);
                assertEquals(Map.of(), objects(store));
                assertFalse(Files.exists(tmp.resolve("typo")));
                assertFalse(custody.exists(MASTER));
            }
        }

        @Test
        void creationIsExplicitThenEveryLaterOpeningFindsTheSameRegistry() throws IOException {
            Path dir = tmp.resolve("registry");
            String id;
            try (KeyRegistry created = registry(dir).createIfMissing(true).build();
                 ObjectStore store = ObjectStores.filesystem(tmp.resolve("store"));
                 Coffre coffre = coffre(created, store)) {
                store.createContainerIfAbsent();
                put(coffre, NAME, "{}");
                id = created.registryId();
                assertTrue(custody.exists(MASTER));
            }
            assertTrue(id.matches("[a-z2-7]{26}"), id);
            try (KeyRegistry reopened = registry(dir).build();
                 ObjectStore store = ObjectStores.filesystem(tmp.resolve("store"));
                 Coffre coffre = coffre(reopened, store)) {
                assertEquals(id, reopened.registryId());
                assertEquals(java.util.List.of(NAME), coffre.list("").toList());
            }
            try (KeyRegistry again = registry(dir).createIfMissing(true).build()) {
                assertEquals(id, again.registryId(), "creating is idempotent: what exists is opened as it is");
            }
        }

        @Test
        void aRegistryWhoseMasterKeyIsNotInTheCustodyIsRefusedAndNoKeyIsCreated() throws IOException {
            Path dir = tmp.resolve("registry");
            registry(dir).createIfMissing(true).build().close();
            try (TestCustody other = TestCustody.keystore(tmp.resolve("other-custody"))) {
                Map<String, String> registryBefore = files(dir);
                KeyUnavailableException e = assertThrows(KeyUnavailableException.class,
                        () -> KeyRegistry.builder().custodian(other).directory(dir).build());
                assertTrue(e.getMessage().startsWith("master key 'coffre-master': not in keystore custody "), e.getMessage());
                assertTrue(e.getMessage().endsWith("nothing was created. Check the custody (--custody, --keystore),"
                        + " or create the master key explicitly: coffre init, or"
                        + " KeyRegistry.Builder.createIfMissing(true)"), e.getMessage());
                assertFalse(e.getMessage().contains(TestCustody.PASSWORD));
                assertFalse(other.exists(MASTER));
                assertEquals(registryBefore, files(dir));
            }
        }

        @Test
        void aRegistryCreatedBeforeRegistryIdsGetsOneOnce() throws IOException {
            Path dir = tmp.resolve("registry");
            registry(dir).createIfMissing(true).build().close();
            Path marker = dir.resolve("registry.json");
            Files.writeString(marker, "{\"format\":\"" + RegistryEntry.FORMAT + "\",\"masterKeyId\":\"" + MASTER + "\"}");
            String id;
            try (KeyRegistry upgraded = registry(dir).build()) {
                id = upgraded.registryId();
            }
            assertTrue(Files.readString(marker).contains("\"registryId\" : \"" + id + "\""), Files.readString(marker));
            try (KeyRegistry again = registry(dir).build()) {
                assertEquals(id, again.registryId());
            }
        }
    }

    @Nested
    class AStoreOfAnotherRegistry {
        private KeyRegistry ours;
        private KeyRegistry theirs;
        private ObjectStore store;

        @BeforeEach
        void twoRegistriesAndAStoreOfOurs() {
            ours = registry(tmp.resolve("ours")).createIfMissing(true).build();
            theirs = registry(tmp.resolve("theirs")).createIfMissing(true).build();
            store = ObjectStores.filesystem(tmp.resolve("store"));
            store.createContainerIfAbsent();
            try (Coffre coffre = coffre(ours, store)) {
                put(coffre, NAME, "{\"resourceType\":\"Patient\"}");
            }
        }

        @AfterEach
        void close() {
            ours.close();
            theirs.close();
            store.close();
        }

        @Test
        void theMarkerHoldsOnlyAFingerprintOfTheRegistryId() throws IOException {
            String content;
            try (var in = store.get(Coffre.VAULT_MARKER)) {
                content = new String(in.readAllBytes(), StandardCharsets.US_ASCII);
            }
            assertTrue(content.matches("coffre-vault/1 [0-9a-f]{64}\n(names padded\n)?"), content);
            assertFalse(content.contains(ours.registryId()));
            assertFalse(content.contains("hospital-a"));
            assertNotEquals(new String(VaultMarker.content(theirs.registryId()), StandardCharsets.US_ASCII), content);
        }

        @Test
        void aPutIsRefusedBeforeAnyKeyOrObjectIsWritten() throws IOException {
            try (Coffre wrong = coffre(theirs, store)) {
                Map<String, String> storeBefore = objects(store);
                Map<String, String> registryBefore = files(tmp.resolve("theirs"));
                RegistryMismatchException e = assertThrows(RegistryMismatchException.class,
                        () -> put(wrong, "patients/pat-001/Observation.json", "{}"));
                assertTrue(e.getMessage().startsWith("store " + store.descriptor() + " belongs to another key registry"
                        + " (its marker names another key registry); nothing was read or written."), e.getMessage());
                assertFalse(e.getMessage().contains("pat-001"), e.getMessage());
                assertEquals(storeBefore, objects(store));
                assertEquals(registryBefore, files(tmp.resolve("theirs")), "no data key, no audit record");
            }
        }

        @Test
        void readsListingsAndDeletesAreRefusedToo() throws IOException {
            Map<String, String> storeBefore = objects(store);
            try (Coffre wrong = coffre(theirs, store)) {
                assertThrows(RegistryMismatchException.class, () -> wrong.get(NAME));
                assertThrows(RegistryMismatchException.class, () -> wrong.get(NAME, 0, 4));
                assertThrows(RegistryMismatchException.class, () -> wrong.stat(NAME));
                assertThrows(RegistryMismatchException.class, () -> wrong.exists(NAME));
                assertThrows(RegistryMismatchException.class, () -> wrong.list(""));
                assertThrows(RegistryMismatchException.class, () -> wrong.list("", null, 10));
                assertThrows(RegistryMismatchException.class, () -> wrong.delete(NAME));
                assertThrows(RegistryMismatchException.class, wrong::markStore);
            }
            assertEquals(storeBefore, objects(store));
        }

        @Test
        void aForeignObjectAtTheMarkersNameIsRefusedAsWell() throws IOException {
            byte[] junk = "not a marker".getBytes(StandardCharsets.US_ASCII);
            store.put(Coffre.VAULT_MARKER, new ByteArrayInputStream(junk), junk.length);
            try (Coffre coffre = coffre(ours, store)) {
                RegistryMismatchException e = assertThrows(RegistryMismatchException.class, () -> coffre.get(NAME));
                assertTrue(e.getMessage().contains("(object coffre-vault is not a Coffre vault marker)"), e.getMessage());
            }
        }

        @Test
        void ourRegistryStillReadsAndTheMarkerIsNeverListedAsAName() throws IOException {
            try (Coffre coffre = coffre(ours, store)) {
                assertEquals(java.util.List.of(NAME), coffre.list("").toList());
                NamePage page = coffre.list("", null, 1000);
                assertEquals(0, page.skippedForeignNames(), "the marker is not a foreign name");
                assertFalse(coffre.markStore(), "already marked");
            }
        }

        @Test
        void aStoreWithoutMarkerIsReadAsItIsAndMarkedAtItsFirstWrite() throws IOException {
            store.delete(Coffre.VAULT_MARKER);   // a store written before markers existed
            try (Coffre coffre = coffre(ours, store)) {
                assertTrue(coffre.exists(NAME));
                assertFalse(store.exists(Coffre.VAULT_MARKER), "reads write nothing");
                put(coffre, "patients/pat-001/Encounter.json", "{}");
                assertTrue(store.exists(Coffre.VAULT_MARKER));
            }
            try (Coffre wrong = coffre(theirs, store)) {
                assertThrows(RegistryMismatchException.class, () -> wrong.get(NAME));
            }
        }

        @Test
        void aMigrationCarriesTheMarkerSoTheCopyRefusesTheWrongRegistryToo() throws IOException {
            try (ObjectStore copy = ObjectStores.filesystem(tmp.resolve("copy"))) {
                copy.createContainerIfAbsent();
                var report = Migration.builder().source(store).destination(copy).manifest(tmp.resolve("m1")).build()
                        .run();
                assertEquals(1, report.copiedObjects(), "the marker is carried, not counted");
                assertEquals(objects(store), objects(copy));
                try (Coffre wrong = coffre(theirs, copy)) {
                    assertThrows(RegistryMismatchException.class, () -> wrong.get(NAME));
                }
            }
        }

        @Test
        void anAuthenticatedVerificationWithTheWrongRegistryStopsAtOnce() {
            try (Coffre wrong = coffre(theirs, store)) {
                assertThrows(RegistryMismatchException.class, () -> fr.coffre.core.migration.Verification.builder()
                        .destination(store).depth(fr.coffre.core.migration.Verification.Depth.AUTHENTICATED)
                        .coffre(wrong).build().run());
            }
        }

        @Test
        void aMigrationIntoAStoreOfAnotherRegistryCopiesNothing() throws IOException {
            try (ObjectStore other = ObjectStores.filesystem(tmp.resolve("other"))) {
                other.createContainerIfAbsent();
                try (Coffre coffre = coffre(theirs, other)) {
                    put(coffre, "x", "theirs");
                }
                Map<String, String> before = objects(other);
                RegistryMismatchException e = assertThrows(RegistryMismatchException.class, () -> Migration.builder()
                        .source(store).destination(other).manifest(tmp.resolve("m2")).build().run());
                assertTrue(e.getMessage().startsWith("migrate: destination "), e.getMessage());
                assertEquals(before, objects(other));
            }
        }
    }

    /** The marker's "names padded" line: no legacy lookups on a store written padded from its first object. */
    @Nested
    class PaddedNamesMarker {
        private KeyRegistry ours;
        private ObjectStore store;

        @BeforeEach
        void aRegistryAndAnEmptyStore() {
            ours = registry(tmp.resolve("ours")).createIfMissing(true).build();
            store = ObjectStores.filesystem(tmp.resolve("store"));
            store.createContainerIfAbsent();
        }

        @AfterEach
        void close() {
            ours.close();
            store.close();
        }

        private String marker(ObjectStore on) throws IOException {
            try (var in = on.get(Coffre.VAULT_MARKER)) {
                return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
            }
        }

        @Test
        void aFirstWriteToAnEmptyStoreRecordsItAndLaterPutsDeleteNoLegacyName() throws IOException {
            RecordingStore recording = new RecordingStore(store);
            try (Coffre coffre = coffre(ours, recording)) {
                put(coffre, NAME, "{}");
                assertTrue(marker(store).endsWith("\nnames padded\n"), marker(store));
                recording.clear();
                put(coffre, "patients/pat-001/Encounter.json", "{}");
                assertFalse(coffre.exists("patients/pat-002/Patient.json"));
                coffre.delete(NAME);
                assertEquals(java.util.List.of("put", "stat", "delete"), recording.operations(),
                        "one request each: no legacy name is looked for");
            }
        }

        @Test
        void aStoreHoldingObjectsBeforeItsMarkerKeepsLookingForLegacyNames() throws IOException {
            try (Coffre coffre = coffre(ours, store)) {
                put(coffre, NAME, "{}");
            }
            store.delete(Coffre.VAULT_MARKER);   // as written before markers (and maybe before padding)
            RecordingStore recording = new RecordingStore(store);
            try (Coffre coffre = coffre(ours, recording)) {
                put(coffre, "patients/pat-001/Encounter.json", "{}");
                assertFalse(marker(store).contains("names padded"), marker(store));
                recording.clear();
                assertFalse(coffre.exists("patients/pat-002/Patient.json"));
                assertEquals(java.util.List.of("stat", "stat"), recording.operations(), "padded, then legacy");
            }
        }

        @Test
        void aMigrationFromAStoreWithoutTheLineRemovesItFromTheDestination() throws IOException {
            try (Coffre coffre = coffre(ours, store)) {
                put(coffre, NAME, "{}");
            }
            store.delete(Coffre.VAULT_MARKER);
            try (Coffre coffre = coffre(ours, store)) {
                put(coffre, "patients/pat-001/Encounter.json", "{}");   // marker without the line
            }
            try (ObjectStore copy = ObjectStores.filesystem(tmp.resolve("copy"))) {
                copy.createContainerIfAbsent();
                try (Coffre coffre = coffre(ours, copy)) {
                    assertTrue(coffre.markStore());   // an empty destination, set up first (coffre init)
                }
                assertTrue(marker(copy).contains("names padded"));
                Migration.builder().source(store).destination(copy).manifest(tmp.resolve("m")).build().run();
                assertEquals(marker(store), marker(copy), "the destination may hold legacy names now");
                try (Coffre coffre = coffre(ours, copy)) {
                    assertTrue(coffre.exists(NAME));
                }
            }
        }
    }
}
