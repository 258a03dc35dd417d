package fr.coffre.core.custody;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrowsExactly;

import fr.coffre.core.Coffre;
import fr.coffre.crypto.DecryptedObject;
import fr.coffre.custody.CustodyUri;
import fr.coffre.core.KeyRegistry;
import fr.coffre.core.PutOptions;
import fr.coffre.core.RotationReport;
import fr.coffre.KeyDestroyedException;
import fr.coffre.KeyRef;
import fr.coffre.KeyUnavailableException;
import fr.coffre.custody.KeyCustodian;
import fr.coffre.custody.KeyState;
import fr.coffre.custody.KeyVersionInfo;
import fr.coffre.store.ListPage;
import fr.coffre.store.ObjectInfo;
import fr.coffre.store.ObjectStore;
import fr.coffre.store.ObjectStores;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Coffre facade on real custody, opened from a custody URI: put/get with subjects, master-key rotation (no
 * object byte rewritten, old versions retired), crypto-shredding. Each test uses its own master-key id (destroyed
 * afterwards) so that tests sharing one token or KMS never see each other's keys; the data-key cache is off, so
 * every read goes through the custody.
 */
public abstract class CoffreCustodyContract {
    private static final SecureRandom RANDOM = new SecureRandom();
    @TempDir
    protected Path tmp;
    private final List<KeyCustodian> custodians = new ArrayList<>();
    private final List<AutoCloseable> closeables = new ArrayList<>();
    private String masterKeyId;
    private KeyCustodian custody;
    private ObjectStore store;
    private Coffre coffre;

    /** The custody URI under test. */
    protected abstract String custodyUri();

    /** The environment holding its credential. */
    protected abstract Map<String, String> environment();

    @BeforeEach
    void openCoffre() {
        masterKeyId = "core-it-" + Long.toHexString(RANDOM.nextLong() >>> 1);
        custody = openCustodian();
        store = ObjectStores.memory();
        coffre = coffre(store, registry(tmp.resolve("registry")));
    }

    @AfterEach
    void closeAll() throws Exception {
        if (coffre != null) {
            coffre.close();
        }
        for (AutoCloseable r : closeables) {
            r.close();
        }
        if (store != null) {
            store.close();
        }
        if (custody != null && custody.exists(masterKeyId)) {
            custody.destroy(masterKeyId);
        }
        for (KeyCustodian c : custodians) {
            c.close();
        }
    }

    /** A new custodian on the same custody, as another process would open it. */
    private KeyCustodian openCustodian() {
        KeyCustodian c = CustodyUri.parse(custodyUri()).open(environment(), true);
        custodians.add(c);
        return c;
    }

    private KeyRegistry registry(Path dir) {
        return registry(custody, dir);
    }

    private KeyRegistry registry(KeyCustodian on, Path dir) {
        KeyRegistry r = KeyRegistry.builder()
                .createIfMissing(true).custodian(on).directory(dir).masterKeyId(masterKeyId).cacheMaxEntries(0)
                .build();
        closeables.add(r);
        return r;
    }

    private static Coffre coffre(ObjectStore on, KeyRegistry registry) {
        return Coffre.builder().store(on).keyRegistry(registry).vaultId("custody-it").build();
    }

    private KeyRef master(int version) {
        return new KeyRef(CustodyUri.parse(custodyUri()).scheme(), masterKeyId, version);
    }

    private static byte[] record(String name) {
        return ("{\"resourceType\":\"Observation\",\"id\":\"" + name + "\"}").getBytes(StandardCharsets.UTF_8);
    }

    /** Puts {@code patient}/{@code n} under the patient's data key (or the default collection for null). */
    private void put(Coffre on, String patient, String name) {
        PutOptions options = patient == null ? PutOptions.defaults()
                : PutOptions.builder().subject(patient).contentType("application/fhir+json").build();
        on.put(name, new ByteArrayInputStream(record(name)), options);
    }

    /** Two records of patient alice, one of patient bob, one in the default collection. */
    private void putRecords() {
        put(coffre, "pat-alice", "patients/pat-alice/obs-1");
        put(coffre, "pat-alice", "patients/pat-alice/obs-2");
        put(coffre, "pat-bob", "patients/pat-bob/obs-1");
        put(coffre, null, "reference/codes");
    }

    private static byte[] read(Coffre from, String name) throws IOException {
        try (DecryptedObject o = from.get(name)) {
            return o.readAllBytes();
        }
    }

    private static void assertReads(Coffre from, String... names) throws IOException {
        for (String name : names) {
            assertArrayEquals(record(name), read(from, name), name);
        }
    }

    /** Every object of {@code on}: store name to hex of its bytes. */
    private static Map<String, String> snapshot(ObjectStore on) {
        Map<String, String> out = new TreeMap<>();
        ListPage page = on.list("", null, 1000);
        for (ObjectInfo o : page.objects()) {
            try (InputStream in = on.get(o.name())) {
                out.put(o.name(), HexFormat.of().formatHex(in.readAllBytes()));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return out;
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> all = Files.walk(from)) {
            for (Path p : (Iterable<Path>) all::iterator) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
    }

    private Map<Integer, KeyState> states() {
        Map<Integer, KeyState> out = new TreeMap<>();
        for (KeyVersionInfo v : custody.versions(masterKeyId)) {
            out.put(v.ref().version(), v.state());
        }
        return out;
    }

    @Nested
    class PutGet {
        @Test
        void subjectsRoundTripThroughCustodyAndTheStoreSeesNoIdentifier() throws IOException {
            putRecords();

            assertReads(coffre, "patients/pat-alice/obs-1", "patients/pat-alice/obs-2", "patients/pat-bob/obs-1",
                    "reference/codes");
            try (DecryptedObject o = coffre.get("patients/pat-bob/obs-1")) {
                assertEquals("application/fhir+json", o.metadata().contentType());
            }
            assertEquals(coffre.stat("patients/pat-alice/obs-1").dataKey(), coffre.stat("patients/pat-alice/obs-2").dataKey());
            assertNotEquals(coffre.stat("patients/pat-alice/obs-1").dataKey(), coffre.stat("patients/pat-bob/obs-1").dataKey());
            assertEquals(CustodyUri.parse(custodyUri()).scheme(), coffre.custodyDescriptor().scheme());
            assertEquals(Map.of(1, KeyState.ACTIVE), states());
            for (String hex : snapshot(store).values()) {
                for (String leak : List.of("pat-alice", "pat-bob", "Observation")) {
                    assertFalse(hex.contains(HexFormat.of().formatHex(leak.getBytes(StandardCharsets.UTF_8))), leak);
                }
            }
        }

        @Test
        void anotherProcessWithItsOwnCustodianReadsTheSameObjects() throws IOException {
            put(coffre, "pat-alice", "patients/pat-alice/obs-1");
            Coffre other = coffre(store, registry(openCustodian(), tmp.resolve("registry")));
            assertReads(other, "patients/pat-alice/obs-1");
        }
    }

    @Nested
    class Rotation {
        @Test
        void noObjectByteChangesOldAndNewObjectsReadAndTheOldVersionRetires() throws IOException {
            putRecords();
            Map<String, String> before = snapshot(store);
            copyTree(tmp.resolve("registry"), tmp.resolve("registry-backup"));
            List<int[]> progress = new ArrayList<>();

            RotationReport report = coffre.rotateMasterKey((done, total) -> progress.add(new int[] {done, total}));

            assertEquals(master(2), report.masterKey());
            assertEquals(report.entriesVisited(), report.entriesRewrapped());
            assertEquals(6, report.entriesVisited(), "3 data keys + pseudonym, names and key-reference secrets");
            assertArrayEquals(new int[] {6, 6}, progress.get(progress.size() - 1));
            assertEquals(before, snapshot(store), "rotation rewrote no object byte");
            assertEquals(Map.of(1, KeyState.SUPERSEDED, 2, KeyState.ACTIVE), states());
            assertReads(coffre(store, registry(tmp.resolve("registry-backup"))), "patients/pat-bob/obs-1");
            put(coffre, "pat-alice", "patients/pat-alice/obs-3");
            assertReads(coffre, "patients/pat-alice/obs-1", "patients/pat-alice/obs-3", "patients/pat-bob/obs-1",
                    "reference/codes");

            assertEquals(List.of(master(1)), coffre.keyRegistry().retireUnusedMasterKeyVersions());

            assertEquals(Map.of(1, KeyState.RETIRED, 2, KeyState.ACTIVE), states());
            assertReads(coffre, "patients/pat-alice/obs-1", "patients/pat-alice/obs-2", "patients/pat-alice/obs-3",
                    "patients/pat-bob/obs-1", "reference/codes");
            assertThrowsExactly(KeyUnavailableException.class, () -> registry(tmp.resolve("registry-backup")),
                    "a registry backup wrapped under the retired version no longer opens (it did before)");
            for (String name : before.keySet()) {
                assertEquals(before.get(name), snapshot(store).get(name));
            }
        }

        @Test
        void anotherProcessReadsOldObjectsAfterRotation() throws IOException {
            put(coffre, "pat-alice", "patients/pat-alice/obs-1");
            coffre.rotateMasterKey(null);
            Coffre other = coffre(store, registry(openCustodian(), tmp.resolve("registry")));
            assertReads(other, "patients/pat-alice/obs-1");
            assertEquals(master(2), other.keyRegistry().status().currentMasterKey());
        }
    }

    @Nested
    class Shredding {
        @Test
        void shreddedSubjectRaisesKeyDestroyedOnEveryCopyOthersRead() throws IOException {
            putRecords();
            ObjectStore backup = ObjectStores.filesystem(tmp.resolve("backup"));
            closeables.add(backup);
            backup.createContainerIfAbsent();
            snapshot(store).forEach((name, hex) -> {
                byte[] bytes = HexFormat.of().parseHex(hex);
                backup.put(name, new ByteArrayInputStream(bytes), bytes.length);
            });
            Coffre fromBackup = coffre(backup, coffre.keyRegistry());

            assertEquals(1, coffre.shred("pat-alice"));

            Coffre otherProcess = coffre(store, registry(openCustodian(), tmp.resolve("registry")));
            for (Coffre c : List.of(coffre, fromBackup, otherProcess)) {
                assertThrowsExactly(KeyDestroyedException.class, () -> read(c, "patients/pat-alice/obs-1"));
                assertThrowsExactly(KeyDestroyedException.class, () -> read(c, "patients/pat-alice/obs-2"));
                assertReads(c, "patients/pat-bob/obs-1", "reference/codes");
            }
            assertThrowsExactly(KeyDestroyedException.class, () -> put(coffre, "pat-alice", "patients/pat-alice/obs-3"));
            assertEquals(Map.of(1, KeyState.ACTIVE), states(), "shredding a subject leaves the master key alone");
        }

        @Test
        void registryBackupFromBeforeTheShredDiesWithTheMasterVersionThatWrappedIt() throws IOException {
            put(coffre, "pat-alice", "patients/pat-alice/obs-1");
            copyTree(tmp.resolve("registry"), tmp.resolve("registry-backup"));
            coffre.shred("pat-alice");
            Coffre restored = coffre(store, registry(tmp.resolve("registry-backup")));
            assertReads(restored, "patients/pat-alice/obs-1");

            coffre.rotateMasterKey(null);
            assertEquals(List.of(master(1)), coffre.keyRegistry().retireUnusedMasterKeyVersions());

            assertThrowsExactly(KeyUnavailableException.class, () -> read(restored, "patients/pat-alice/obs-1"));
            assertThrowsExactly(KeyUnavailableException.class, () -> registry(tmp.resolve("registry-backup")));

            custody.destroyVersion(master(1));

            assertEquals(Map.of(1, KeyState.DESTROYED, 2, KeyState.ACTIVE), states());
            assertThrowsExactly(KeyDestroyedException.class, () -> read(restored, "patients/pat-alice/obs-1"));
            assertThrowsExactly(KeyDestroyedException.class, () -> registry(tmp.resolve("registry-backup")));
            assertThrowsExactly(KeyDestroyedException.class, () -> read(coffre, "patients/pat-alice/obs-1"));
        }
    }
}
