package fr.coffre.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import fr.coffre.KeyDestroyedException;
import fr.coffre.KeyRef;
import fr.coffre.KeyUnavailableException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Compare-and-swap, tombstones, the shred list against rollbacks, and shreds across pseudonym renewals. */
class RegistrySafetyTest {
    private static final String ALICE = "patient-Alice-Martin-1984";

    @TempDir
    Path dir;
    @TempDir
    Path custodyDir;
    TestCustody custodian;
    KeyRegistry registry;

    @BeforeEach
    void open() {
        custodian = TestCustody.keystore(custodyDir);
        registry = open(custodian);
    }

    private KeyRegistry open(TestCustody custody) {
        return KeyRegistry.builder().createIfMissing(true).custodian(custody).directory(dir).cacheMaxEntries(0).build();
    }

    @AfterEach
    void close() {
        registry.close();
        custodian.close();
    }

    private Path entryFile(String id) {
        return dir.resolve("data-keys").resolve(id + ".json");
    }

    @Test
    void aReplaceBasedOnAStaleReadFails() {
        String id = registry.keyForWrite(true, ALICE).ref().keyId();
        RegistryStore files = RegistryStore.directory(dir, KeyRegistry.DEFAULT_MASTER_KEY_ID, false, new SecureRandom());
        RegistryEntry read = files.read(RegistryEntry.DATA_KEY, id).orElseThrow();
        files.replace(read);
        assertEquals(1, files.read(RegistryEntry.DATA_KEY, id).orElseThrow().gen());
        assertThrows(RegistryConflictException.class, () -> files.replace(read));
        files.close();
    }

    @Test
    void aLiveEntryNeverReplacesATombstone() {
        String id = registry.keyForWrite(true, ALICE).ref().keyId();
        RegistryStore files = RegistryStore.directory(dir, KeyRegistry.DEFAULT_MASTER_KEY_ID, false, new SecureRandom());
        RegistryEntry live = files.read(RegistryEntry.DATA_KEY, id).orElseThrow();
        registry.shred(ALICE);
        RegistryEntry tombstone = files.read(RegistryEntry.DATA_KEY, id).orElseThrow();
        assertThrows(RegistryConflictException.class, () -> files.replace(live.withGeneration(tombstone.gen())));
        assertEquals(RegistryEntry.DESTROYED, files.read(RegistryEntry.DATA_KEY, id).orElseThrow().state());
        files.close();
    }

    @Test
    void restoringTheOldEntryFileOfAShreddedSubjectDoesNotReviveIt() throws Exception {
        KeyRef ref = registry.keyForWrite(true, ALICE).ref();
        byte[] backup = Files.readAllBytes(entryFile(ref.keyId()));
        assertEquals(1, registry.shred(ALICE));
        Files.write(entryFile(ref.keyId()), backup);
        assertThrows(KeyDestroyedException.class, () -> registry.keyForRead(ref).destroy());
        try (TestCustody fresh = TestCustody.keystore(custodyDir); KeyRegistry other = open(fresh)) {
            assertThrows(KeyDestroyedException.class, () -> other.keyForRead(ref).destroy());
            assertThrows(KeyDestroyedException.class, () -> other.keyForWrite(true, ALICE).key().destroy());
        }
    }

    @Test
    void aShredListEditedWithoutCustodyRefusesEveryKey() throws Exception {
        KeyRef ref = registry.keyForWrite(true, ALICE).ref();
        byte[] backup = Files.readAllBytes(entryFile(ref.keyId()));
        registry.shred(ALICE);
        Files.write(entryFile(ref.keyId()), backup);
        Path list = dir.resolve("secrets").resolve(ShredList.ID + ".json");
        Files.writeString(list, Files.readString(list).replace(ref.keyId(), "s1-aaaa"));
        try (TestCustody fresh = TestCustody.keystore(custodyDir); KeyRegistry other = open(fresh)) {
            KeyUnavailableException e = assertThrows(KeyUnavailableException.class,
                    () -> other.keyForRead(ref).destroy());
            assertEquals(KeyUnavailableException.class, e.getClass());
        }
    }

    @Test
    void aShredCoversAVersionRenewedByAnotherInstanceAfterThisOneLoaded() {
        registry.keyForWrite(true, ALICE).key().destroy();
        try (TestCustody second = TestCustody.keystore(custodyDir); KeyRegistry renewer = open(second)) {
            assertEquals(2, renewer.renewPseudonymSecret());
            assertEquals(1, registry.shred(ALICE));
            assertThrows(KeyDestroyedException.class, () -> renewer.keyForWrite(true, ALICE).key().destroy());
            assertThrows(KeyDestroyedException.class, () -> registry.keyForWrite(true, ALICE).key().destroy());
        }
    }

    @Test
    void aRenewalAfterAShredDoesNotLetNewWritesThrough() {
        registry.keyForWrite(true, ALICE).key().destroy();
        assertEquals(1, registry.shred(ALICE));
        try (TestCustody second = TestCustody.keystore(custodyDir); KeyRegistry renewer = open(second)) {
            assertEquals(2, renewer.renewPseudonymSecret());
            assertThrows(KeyDestroyedException.class, () -> renewer.keyForWrite(true, ALICE).key().destroy());
        }
        assertThrows(KeyDestroyedException.class, () -> registry.keyForWrite(true, ALICE).key().destroy());
    }
}
