package fr.coffre.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fr.coffre.InvalidInputException;
import fr.coffre.KeyDestroyedException;
import fr.coffre.KeyRef;
import fr.coffre.KeyUnavailableException;
import fr.coffre.SecretBytes;
import fr.coffre.core.registry.RegistryStorage;
import fr.coffre.core.registry.StoredEntry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The conformance suite every {@link RegistryStorage} passes (the directory in core, PostgreSQL in its module): one
 * registry per test, opened as often as a test needs ({@link #openStorage()}: several instances of one registry
 * stand for several processes). Storage-level rules (create once, compare-and-swap, final tombstones, the lock),
 * then the registry's promises over it: a shredded subject's restored old entry still refuses to unwrap.
 */
public abstract class RegistryStorageContract {
    protected static final String MASTER = KeyRegistry.DEFAULT_MASTER_KEY_ID;
    protected static final String REGISTRY_ID = "registryidofthistest0001";
    private static final String ALICE = "patient-Alice-Martin-1984";
    private final List<AutoCloseable> opened = new ArrayList<>();

    @TempDir
    protected Path custodyDir;

    /** A new instance of this test's registry storage (the same registry every call), not yet opened. */
    protected abstract RegistryStorage newStorage();

    /**
     * Puts {@code old} back in place of the current entry the way an attacker or a careless restore would (a file
     * copied back, a row updated with the library's guards switched off).
     */
    protected abstract void restoreBehindTheRegistry(StoredEntry old) throws Exception;

    /** Fails unless the storage holds nothing at all of this test's registry (no structure, no marker, no entry). */
    protected abstract void assertNothingStored() throws Exception;

    /** A registry builder on a new instance of this test's storage (audit trail set when the storage needs one). */
    protected abstract KeyRegistry.Builder registryOn(RegistryStorage storage);

    protected final RegistryStorage opened() {
        RegistryStorage s = newStorage();
        opened.add(s);
        s.open(RegistryEntry.FORMAT, MASTER, true, REGISTRY_ID);
        return s;
    }

    @AfterEach
    void closeOpened() throws Exception {
        for (AutoCloseable c : opened) {
            c.close();
        }
    }

    protected static StoredEntry entry(String id, long generation, boolean destroyed, String note) {
        String json = "{\"format\":\"" + RegistryEntry.FORMAT + "\",\"kind\":\"data-key\",\"id\":\"" + id
                + "\",\"state\":\"" + (destroyed ? "destroyed" : "active") + "\",\"versions\":[],\"generation\":"
                + generation + ",\"destroyedAt\":\"" + note + "\"}";
        return new StoredEntry(RegistryEntry.DATA_KEY, id, generation, destroyed, json.getBytes(StandardCharsets.UTF_8));
    }

    @Nested
    class Open {
        @Test
        void aRegistryOfAnotherMasterKeyIdIsRefused() {
            opened();
            RegistryStorage other = newStorage();
            opened.add(other);
            InvalidInputException e = assertThrows(InvalidInputException.class,
                    () -> other.open(RegistryEntry.FORMAT, "another-master", false, "anotherregistryid001"));
            assertTrue(e.getMessage().contains("another-master"), e.getMessage());
        }

        @Test
        void aMissingRegistryIsRefusedAndNothingIsCreated() throws Exception {
            RegistryStorage s = newStorage();
            opened.add(s);
            RegistryNotFoundException e = assertThrows(RegistryNotFoundException.class,
                    () -> s.open(RegistryEntry.FORMAT, MASTER, false, REGISTRY_ID));
            assertTrue(e.getMessage().startsWith("key registry: no registry "), e.getMessage());
            assertTrue(e.getMessage().contains("nothing was created"), e.getMessage());
            assertTrue(e.getMessage().contains("createIfMissing(true)"), e.getMessage());
            assertNothingStored();
        }

        @Test
        void theRegistryIdIsFixedAtCreation() {
            opened();
            RegistryStorage again = newStorage();
            opened.add(again);
            assertEquals(REGISTRY_ID, again.open(RegistryEntry.FORMAT, MASTER, false, "anotherregistryid001"));
            RegistryStorage creating = newStorage();
            opened.add(creating);
            assertEquals(REGISTRY_ID, creating.open(RegistryEntry.FORMAT, MASTER, true, "anotherregistryid001"),
                    "creation is idempotent: an existing registry keeps its id");
        }

        @Test
        void reopeningKeepsTheEntries() {
            assertTrue(opened().create(entry("dk-1", 0, false, "a")));
            assertEquals(entry("dk-1", 0, false, "a"), opened().read(RegistryEntry.DATA_KEY, "dk-1").orElseThrow());
        }
    }

    @Nested
    class Create {
        @Test
        void createsOnlyIfAbsent() {
            RegistryStorage s = opened();
            assertTrue(s.create(entry("dk-1", 0, false, "first")));
            assertFalse(s.create(entry("dk-1", 0, false, "second")));
            assertArrayEquals(entry("dk-1", 0, false, "first").document(),
                    s.read(RegistryEntry.DATA_KEY, "dk-1").orElseThrow().document());
        }

        @Test
        void ofManyConcurrentCreatorsOnTwoInstancesExactlyOneWins() throws Exception {
            RegistryStorage a = opened();
            RegistryStorage b = opened();
            ExecutorService pool = Executors.newFixedThreadPool(4);
            try {
                CountDownLatch go = new CountDownLatch(1);
                List<Future<Boolean>> results = new ArrayList<>();
                for (int i = 0; i < 8; i++) {
                    RegistryStorage s = i % 2 == 0 ? a : b;
                    String note = "creator-" + i;
                    results.add(pool.submit(() -> {
                        go.await();
                        return s.create(entry("dk-race", 0, false, note));
                    }));
                }
                go.countDown();
                int won = 0;
                for (Future<Boolean> f : results) {
                    won += f.get(30, TimeUnit.SECONDS) ? 1 : 0;
                }
                assertEquals(1, won);
            } finally {
                pool.shutdownNow();
            }
        }
    }

    @Nested
    class CreateAll {
        @Test
        void createsTheAbsentOnesAndLeavesTheOthers() {
            RegistryStorage s = opened();
            s.create(entry("dk-2", 0, false, "kept"));
            assertEquals(2, s.createAll(List.of(entry("dk-1", 0, false, "new"), entry("dk-2", 0, false, "dropped"),
                    entry("dk-3", 0, false, "new"))));
            assertEquals(List.of("dk-1", "dk-2", "dk-3"), s.ids(RegistryEntry.DATA_KEY));
            assertEquals(entry("dk-2", 0, false, "kept"), s.read(RegistryEntry.DATA_KEY, "dk-2").orElseThrow());
        }
    }

    @Nested
    class Replace {
        @Test
        void aReplaceRaisesTheGenerationAndKeepsTheDocument() {
            RegistryStorage s = opened();
            s.create(entry("dk-1", 0, false, "v0"));
            s.replace(entry("dk-1", 1, false, "v1"), 0);
            assertEquals(entry("dk-1", 1, false, "v1"), s.read(RegistryEntry.DATA_KEY, "dk-1").orElseThrow());
        }

        @Test
        void aReplaceBasedOnAStaleReadFailsAndChangesNothing() {
            RegistryStorage s = opened();
            RegistryStorage other = opened();
            s.create(entry("dk-1", 0, false, "v0"));
            other.replace(entry("dk-1", 1, false, "other"), 0);
            assertThrows(RegistryConflictException.class, () -> s.replace(entry("dk-1", 1, false, "stale"), 0));
            assertEquals(entry("dk-1", 1, false, "other"), s.read(RegistryEntry.DATA_KEY, "dk-1").orElseThrow());
        }

        @Test
        void aLiveEntryNeverReplacesATombstone() {
            RegistryStorage s = opened();
            s.create(entry("dk-1", 0, false, "v0"));
            s.destroy(entry("dk-1", 1, true, "shredded"));
            assertThrows(RegistryConflictException.class, () -> s.replace(entry("dk-1", 2, false, "revived"), 1));
            assertTrue(s.read(RegistryEntry.DATA_KEY, "dk-1").orElseThrow().destroyed());
        }
    }

    @Nested
    class Destroy {
        @Test
        void aTombstoneStaysWhateverIsWrittenAfter() {
            RegistryStorage s = opened();
            s.create(entry("dk-1", 0, false, "v0"));
            s.destroy(entry("dk-1", 1, true, "first"));
            s.destroy(entry("dk-1", 2, true, "second"));
            assertFalse(s.create(entry("dk-1", 0, false, "recreated")));
            StoredEntry found = s.read(RegistryEntry.DATA_KEY, "dk-1").orElseThrow();
            assertTrue(found.destroyed());
            assertTrue(new String(found.document(), StandardCharsets.UTF_8).contains("first"));
        }

        @Test
        void anAbsentEntryCanBeTombstoned() {
            RegistryStorage s = opened();
            s.destroy(entry("dk-never", 1, true, "pre-emptive"));
            assertTrue(s.read(RegistryEntry.DATA_KEY, "dk-never").orElseThrow().destroyed());
            assertFalse(s.create(entry("dk-never", 0, false, "late")));
        }
    }

    @Nested
    class Ids {
        @Test
        void listsEveryIdOfAKindSortedTombstonesIncluded() {
            RegistryStorage s = opened();
            s.create(entry("dk-b", 0, false, "b"));
            s.create(entry("dk-a", 0, false, "a"));
            s.destroy(entry("dk-c", 1, true, "c"));
            assertEquals(List.of("dk-a", "dk-b", "dk-c"), s.ids(RegistryEntry.DATA_KEY));
            assertEquals(List.of(), s.ids(RegistryEntry.SECRET));
        }
    }

    @Nested
    class Lock {
        @Test
        void isExclusiveAcrossInstancesAndReentrant() throws Exception {
            RegistryStorage a = opened();
            RegistryStorage b = opened();
            AtomicBoolean bHeld = new AtomicBoolean();
            Thread waiter;
            try (RegistryStorage.Held outer = a.lock(); RegistryStorage.Held inner = a.lock()) {
                waiter = new Thread(() -> {
                    try (RegistryStorage.Held held = b.lock()) {
                        bHeld.set(true);
                    }
                });
                waiter.start();
                waiter.join(1_000);
                assertFalse(bHeld.get(), "the second instance got the lock while the first held it");
            }
            waiter.join(30_000);
            assertTrue(bHeld.get(), "the second instance never got the lock once it was released");
        }
    }

    @Nested
    class ThroughTheRegistry {
        @Test
        void restoringTheOldEntryOfAShreddedSubjectDoesNotReviveIt() throws Exception {
            try (TestCustody custody = TestCustody.keystore(custodyDir);
                 KeyRegistry registry = registryOn(newStorage()).custodian(custody).cacheMaxEntries(0).build()) {
                KeyRef ref = registry.keyForWrite(true, ALICE).ref();
                RegistryStorage peek = opened();
                StoredEntry old = peek.read(RegistryEntry.DATA_KEY, ref.keyId()).orElseThrow();
                assertEquals(1, registry.shred(ALICE));
                restoreBehindTheRegistry(old);
                assertFalse(peek.read(RegistryEntry.DATA_KEY, ref.keyId()).orElseThrow().destroyed(), "restored");
                assertThrows(KeyDestroyedException.class, () -> registry.keyForRead(ref).destroy());
                try (TestCustody fresh = TestCustody.keystore(custodyDir);
                     KeyRegistry other = registryOn(newStorage()).custodian(fresh).cacheMaxEntries(0).build()) {
                    assertThrows(KeyDestroyedException.class, () -> other.keyForRead(ref).destroy());
                    assertThrows(KeyDestroyedException.class, () -> other.keyForWrite(true, ALICE).key().destroy());
                }
            }
        }

        @Test
        void restoringAnOldShredListRefusesEveryKeyInARunningProcess() throws Exception {
            try (TestCustody custody = TestCustody.keystore(custodyDir);
                 KeyRegistry registry = registryOn(newStorage()).custodian(custody).cacheMaxEntries(0).build()) {
                KeyRef bob = registry.keyForWrite(true, "patient-Bob").ref();
                registry.shred("patient-Carol");
                RegistryStorage peek = opened();
                StoredEntry oldList = peek.read(RegistryEntry.SECRET, ShredList.ID).orElseThrow();
                registry.shred(ALICE);
                restoreBehindTheRegistry(oldList);
                KeyUnavailableException e = assertThrows(KeyUnavailableException.class,
                        () -> registry.keyForRead(bob).destroy());
                assertEquals(KeyUnavailableException.class, e.getClass());
            }
        }

        @Test
        void preparedSubjectKeysAreTheOnesLaterWritesGetAndShreddedSubjectsRefuseTheBatch() {
            try (TestCustody custody = TestCustody.keystore(custodyDir);
                 KeyRegistry registry = registryOn(newStorage()).custodian(custody).cacheMaxEntries(0).build()) {
                KeyRegistry.Lease existing = registry.keyForWrite(true, "patient-0");
                byte[] before = existing.key().copyBytes();
                existing.key().destroy();
                List<String> batch = new ArrayList<>();
                for (int i = 0; i < 50; i++) {
                    batch.add("patient-" + i);
                }
                assertEquals(49, registry.prepareSubjectKeys(batch));
                assertEquals(50, registry.status().liveDataKeys());
                try (SecretBytes again = registry.keyForWrite(true, "patient-0").key()) {
                    assertArrayEquals(before, again.copyBytes());
                }
                registry.shred(ALICE);
                assertThrows(KeyDestroyedException.class, () -> registry.prepareSubjectKeys(List.of("patient-new", ALICE)));
                assertEquals(50, registry.status().liveDataKeys(), "nothing of the refused batch was created");
            }
        }

        @Test
        void liveKeysSurviveARotationAndShredsStay() {
            try (TestCustody custody = TestCustody.keystore(custodyDir);
                 KeyRegistry registry = registryOn(newStorage()).custodian(custody).cacheMaxEntries(0).build()) {
                KeyRegistry.Lease bob = registry.keyForWrite(true, "patient-Bob");
                byte[] before = bob.key().copyBytes();
                bob.key().destroy();
                registry.keyForWrite(true, ALICE).key().destroy();
                registry.shred(ALICE);
                RotationReport report = registry.rotateMasterKey((done, total) -> { });
                assertEquals(2, report.masterKey().version());
                try (SecretBytes after = registry.keyForRead(bob.ref())) {
                    assertArrayEquals(before, after.copyBytes());
                }
                assertThrows(KeyDestroyedException.class, () -> registry.keyForWrite(true, ALICE).key().destroy());
                assertEquals(1, registry.status().destroyedDataKeys());
            }
        }
    }
}
