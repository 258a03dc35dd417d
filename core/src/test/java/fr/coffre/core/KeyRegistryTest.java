package fr.coffre.core;
import fr.coffre.crypto.AesSiv;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fr.coffre.InvalidInputException;
import fr.coffre.KeyDestroyedException;
import fr.coffre.KeyRef;
import fr.coffre.KeyUnavailableException;
import fr.coffre.SecretBytes;
import fr.coffre.custody.KeyState;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeyRegistryTest {
    private static final String ALICE = "patient-Alice-Martin-1984";
    private static final String BOB = "patient-Bob-Durand-1990";

    @TempDir
    Path dir;
    @TempDir
    Path custodyDir;
    @TempDir
    Path stagingDir;
    TestCustody custodian;
    KeyRegistry registry;

    @BeforeEach
    void open() {
        custodian = TestCustody.keystore(custodyDir);
        registry = KeyRegistry.builder().createIfMissing(true).custodian(custodian).directory(dir).build();
    }

    @AfterEach
    void close() {
        registry.close();
        custodian.close();
    }

    private static byte[] bytes(SecretBytes s) {
        try (s) {
            return s.copyBytes();
        }
    }

    private String allRegistryText() throws IOException {
        StringBuilder sb = new StringBuilder();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.filter(Files::isRegularFile).toList()) {
                sb.append(p.getFileName()).append('\n').append(Files.readString(p, StandardCharsets.ISO_8859_1));
            }
        }
        return sb.toString();
    }

    @Nested
    class DataKeys {
        @Test
        void sameSubjectGetsSameKeyAndIdAcrossReopen() {
            KeyRegistry.Lease first = registry.keyForWrite(true, ALICE);
            byte[] k1 = bytes(first.key());
            registry.close();
            registry = KeyRegistry.builder().createIfMissing(true).custodian(custodian).directory(dir).build();
            KeyRegistry.Lease again = registry.keyForWrite(true, ALICE);
            assertEquals(first.ref(), again.ref());
            assertTrue(java.util.Arrays.equals(k1, bytes(again.key())));
            assertTrue(java.util.Arrays.equals(k1, bytes(registry.keyForRead(first.ref()))));
        }

        @Test
        void subjectsAndCollectionsGetDistinctPseudonymousIds() {
            KeyRef a = registry.keyForWrite(true, ALICE).ref();
            KeyRef b = registry.keyForWrite(true, BOB).ref();
            KeyRef c = registry.keyForWrite(false, ALICE).ref();
            assertNotEquals(a.keyId(), b.keyId());
            assertNotEquals(a.keyId(), c.keyId());
            assertTrue(a.keyId().matches("s1-[a-z2-7]{52}"), a.keyId());
            assertTrue(c.keyId().matches("c1-[a-z2-7]{52}"), c.keyId());
            assertEquals(KeyRegistry.DATA_KEY_SCHEME, a.scheme());
        }

        @Test
        void registryFilesHoldNoSubjectIdentifierAndAreOwnerOnly() throws IOException {
            registry.keyForWrite(true, ALICE);
            String text = allRegistryText();
            assertFalse(text.contains("Alice"), "subject name leaked into the registry");
            assertFalse(text.contains("Martin"));
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path p : files.filter(Files::isRegularFile).toList()) {
                    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(p)), p.toString());
                }
            }
        }

        @Test
        void printedRegistryEntriesShowNoWrappedKey() {
            KeyRef ref = registry.keyForWrite(true, ALICE).ref();
            RegistryEntry entry = RegistryStore.directory(dir, KeyRegistry.DEFAULT_MASTER_KEY_ID, false, new SecureRandom())
                    .read(RegistryEntry.DATA_KEY, ref.keyId()).orElseThrow();
            String wrapped = entry.versions().get(0).wrapped();
            assertTrue(wrapped.length() > 40, wrapped);
            for (Object printed : List.of(entry, entry.versions().get(0), entry.versions())) {
                assertFalse(printed.toString().contains(wrapped.substring(0, 24)), printed.toString());
            }
        }

        @Test
        void unknownKeyIdIsUnavailable() {
            assertThrows(KeyUnavailableException.class,
                    () -> registry.keyForRead(new KeyRef(KeyRegistry.DATA_KEY_SCHEME, "s1-unknown", 1)));
            assertThrows(KeyUnavailableException.class,
                    () -> registry.keyForRead(new KeyRef("keystore", "coffre-master", 1)));
        }

        @Test
        void wrappedKeyMovedToAnotherEntryDoesNotUnwrap() throws IOException {
            KeyRef a = registry.keyForWrite(true, ALICE).ref();
            KeyRef b = registry.keyForWrite(true, BOB).ref();
            Path fa = dir.resolve("data-keys/" + a.keyId() + ".json");
            Path fb = dir.resolve("data-keys/" + b.keyId() + ".json");
            Files.writeString(fb, Files.readString(fa).replace(a.keyId(), b.keyId()));
            registry.cache().clear();
            assertThrows(KeyUnavailableException.class, () -> registry.keyForRead(b));
        }

        @Test
        void invalidSubjectIsRejectedWithoutEchoingIt() {
            InvalidInputException e = assertThrows(InvalidInputException.class,
                    () -> registry.keyForWrite(true, "Alice\nMartin"));
            assertFalse(e.getMessage().contains("Alice"));
            assertThrows(InvalidInputException.class, () -> registry.keyForWrite(true, ""));
        }
    }

    @Nested
    class Closing {
        @Test
        void closedRegistryRefusesWorkInsteadOfUsingZeroedKeys() {
            KeyRef a = registry.keyForWrite(true, ALICE).ref();
            AesSiv names = registry.nameCipher();
            registry.close();
            assertThrows(fr.coffre.CoffreException.class, () -> registry.keyForRead(a));
            assertThrows(fr.coffre.CoffreException.class, () -> registry.keyForWrite(true, ALICE));
            assertThrows(fr.coffre.CoffreException.class, () -> names.seal(new byte[] {1}));
            registry = KeyRegistry.builder().createIfMissing(true).custodian(custodian).directory(dir).build();
        }
    }

    @Nested
    class Shredding {
        @Test
        void shreddedSubjectRaisesKeyDestroyedOthersUntouched() throws IOException {
            KeyRef a = registry.keyForWrite(true, ALICE).ref();
            KeyRef b = registry.keyForWrite(true, BOB).ref();
            Path entry = dir.resolve("data-keys/" + a.keyId() + ".json");
            String wrappedBefore = Files.readString(entry);
            assertEquals(1, registry.shred(ALICE));
            assertThrows(KeyDestroyedException.class, () -> registry.keyForRead(a));
            assertThrows(KeyDestroyedException.class, () -> registry.keyForWrite(true, ALICE));
            bytes(registry.keyForRead(b));
            String after = Files.readString(entry);
            assertTrue(after.contains("\"destroyed\""));
            assertFalse(after.contains("wrapped"), "tombstone must not keep wrapped bytes");
            assertNotEquals(wrappedBefore, after);
        }

        @Test
        void shredSurvivesReopenAndIsIdempotent() {
            KeyRef a = registry.keyForWrite(true, ALICE).ref();
            registry.shred(ALICE);
            assertEquals(0, registry.shred(ALICE));
            registry.close();
            registry = KeyRegistry.builder().createIfMissing(true).custodian(custodian).directory(dir).build();
            assertThrows(KeyDestroyedException.class, () -> registry.keyForRead(a));
        }

        @Test
        void shredZeroesTheCachedKey() {
            KeyRef a = registry.keyForWrite(true, ALICE).ref();
            assertEquals(1, registry.cache().size());
            registry.shred(ALICE);
            assertEquals(0, registry.cache().size());
            assertThrows(KeyDestroyedException.class, () -> registry.keyForRead(a));
        }

        @Test
        void shredOfUnknownSubjectPreventsLaterKeyCreation() {
            assertEquals(0, registry.shred(BOB));
            assertThrows(KeyDestroyedException.class, () -> registry.keyForWrite(true, BOB));
        }

        @Test
        void shredCoversEveryPseudonymSecretVersion() {
            KeyRef old = registry.keyForWrite(true, ALICE).ref();
            assertEquals(2, registry.renewPseudonymSecret());
            KeyRef fresh = registry.keyForWrite(true, ALICE).ref();
            assertTrue(fresh.keyId().startsWith("s2-"));
            assertEquals(2, registry.shred(ALICE));
            assertThrows(KeyDestroyedException.class, () -> registry.keyForRead(old));
            assertThrows(KeyDestroyedException.class, () -> registry.keyForRead(fresh));
        }
    }

    @Nested
    class MasterRotation {
        @Test
        void rotationRewrapsEveryEntryAndKeysStillUnwrap() {
            List<KeyRef> refs = new ArrayList<>();
            List<byte[]> keys = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                KeyRegistry.Lease l = registry.keyForWrite(true, "subject-" + i);
                refs.add(l.ref());
                keys.add(bytes(l.key()));
            }
            List<int[]> progress = new ArrayList<>();
            RotationReport report = registry.rotateMasterKey((done, total) -> progress.add(new int[] {done, total}));
            assertEquals(2, report.masterKey().version());
            assertEquals(23, report.entriesVisited(), "20 data keys + pseudonym, names and key-reference secrets");
            assertEquals(23, report.entriesRewrapped());
            assertEquals(23, progress.size());
            assertEquals(23, progress.get(22)[0]);
            registry.close();
            custodian.retire(TestCustody.masterVersion(1));
            registry = KeyRegistry.builder().createIfMissing(true).custodian(custodian).directory(dir).build();
            for (int i = 0; i < refs.size(); i++) {
                assertTrue(java.util.Arrays.equals(keys.get(i), bytes(registry.keyForRead(refs.get(i)))));
            }
        }

        @Test
        void oldMasterVersionKeepsUnprotectingUntilRetired() throws IOException {
            KeyRef a = registry.keyForWrite(true, ALICE).ref();
            Path entry = dir.resolve("data-keys/" + a.keyId() + ".json");
            Path backup = dir.resolve("backup.json");
            Files.copy(entry, backup);
            registry.rotateMasterKey(RotationListener.NONE);
            Files.copy(backup, entry, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            registry.cache().clear();
            bytes(registry.keyForRead(a));
            Files.delete(backup);
            registry.rewrapToCurrentMasterKey(RotationListener.NONE);
            List<KeyRef> retired = registry.retireUnusedMasterKeyVersions();
            assertEquals(List.of(TestCustody.masterVersion(1)), retired);
            assertEquals(KeyState.RETIRED, custodian.versions(KeyRegistry.DEFAULT_MASTER_KEY_ID).get(0).state());
            registry.cache().clear();
            bytes(registry.keyForRead(a));
        }

        @Test
        void registryBackupBecomesUselessOnceOldMasterRetired() throws IOException {
            KeyRef a = registry.keyForWrite(true, ALICE).ref();
            Path entry = dir.resolve("data-keys/" + a.keyId() + ".json");
            String backup = Files.readString(entry);
            registry.rotateMasterKey(RotationListener.NONE);
            registry.retireUnusedMasterKeyVersions();
            Files.writeString(entry, backup);
            registry.cache().clear();
            assertThrows(KeyUnavailableException.class, () -> registry.keyForRead(a));
        }

        @Test
        void rewrapIsResumableAndSkipsDoneEntries() {
            registry.keyForWrite(true, ALICE);
            registry.rotateMasterKey(RotationListener.NONE);
            RotationReport again = registry.rewrapToCurrentMasterKey(RotationListener.NONE);
            assertEquals(0, again.entriesRewrapped());
            assertEquals(4, again.entriesVisited(),
                    "the data key and the pseudonym, names and key-reference secrets");
        }

        /** Issue 11: a staging registry on production's HSM partition, both under the default master-key id. */
        @Test
        void aRegistrySharingTheMasterKeyNeverRetiresAVersionTheOtherStillUses() {
            KeyRef a = registry.keyForWrite(true, ALICE).ref();
            byte[] aliceKey = bytes(registry.keyForRead(a));
            try (KeyRegistry staging = KeyRegistry.builder().createIfMissing(true).custodian(custodian)
                    .directory(stagingDir).build()) {
                staging.keyForWrite(true, BOB);
                staging.rotateMasterKey(RotationListener.NONE);   // staging moves every entry of its own to v2
                assertEquals(List.of(), staging.retireUnusedMasterKeyVersions(),
                        "v1 wraps every entry of the other registry: it stays");
                assertEquals(KeyState.SUPERSEDED, custodian.versions(KeyRegistry.DEFAULT_MASTER_KEY_ID).get(0).state());
                registry.cache().clear();
                assertArrayEquals(aliceKey, bytes(registry.keyForRead(a)));

                registry.rewrapToCurrentMasterKey(RotationListener.NONE);   // production moves to v2 as well
                assertEquals(List.of(TestCustody.masterVersion(1)), registry.retireUnusedMasterKeyVersions(),
                        "now nobody uses v1");
                assertEquals(java.util.Set.of(Set.of(2)), new java.util.HashSet<>(
                        custodian.claims(KeyRegistry.DEFAULT_MASTER_KEY_ID).values()), "both claim v2 alone");
                staging.rotateMasterKey(RotationListener.NONE);   // v3: production has not wrapped under it yet
                assertEquals(List.of(), staging.retireUnusedMasterKeyVersions(), "v2 is production's");
                registry.cache().clear();
                assertArrayEquals(aliceKey, bytes(registry.keyForRead(a)));
            }
        }

        @Test
        void aRegistryOpenedForTheFirstTimeClaimsEveryVersionNotDestroyed() {
            registry.rotateMasterKey(RotationListener.NONE);
            registry.rotateMasterKey(RotationListener.NONE);
            custodian.claimVersions(KeyRegistry.DEFAULT_MASTER_KEY_ID, registry.registryId(), Set.of());
            registry.close();   // as if written by a version without claims
            registry = KeyRegistry.builder().custodian(custodian).directory(dir).build();
            assertEquals(Map.of(registry.registryId(), Set.of(1, 2, 3)),
                    custodian.claims(KeyRegistry.DEFAULT_MASTER_KEY_ID));
            registry.retireUnusedMasterKeyVersions();
            assertEquals(Map.of(registry.registryId(), Set.of(3)), custodian.claims(KeyRegistry.DEFAULT_MASTER_KEY_ID),
                    "retiring makes the claim exact");
        }

        @Test
        void tombstonesAreNotRewrapped() {
            registry.keyForWrite(true, ALICE);
            registry.shred(ALICE);
            RotationReport r = registry.rotateMasterKey(RotationListener.NONE);
            assertEquals(5, r.entriesVisited(),
                    "four secrets (pseudonym, names, key-reference, shred list) and the tombstone");
            assertEquals(4, r.entriesRewrapped(), "the secrets, not the tombstone");
        }
    }

    @Nested
    class Policy {
        @Test
        void custodyOutsideAllowedJurisdictionIsRefusedAtBuild() {
            TestCustody us = TestCustody.keystore(custodyDir.resolve("us"), "US");
            PolicyViolationException e = assertThrows(PolicyViolationException.class,
                    () -> KeyRegistry.builder()
                            .createIfMissing(true).custodian(us).directory(custodyDir.resolve("us-registry")).build());
            assertTrue(e.getMessage().contains("US"));
            assertFalse(us.exists(KeyRegistry.DEFAULT_MASTER_KEY_ID), "nothing created before the policy check");
        }

        @Test
        void allowedJurisdictionsCanBeWidened() {
            try (TestCustody de = TestCustody.keystore(custodyDir.resolve("de"), "DE")) {
                KeyRegistry.builder().createIfMissing(true).custodian(de).directory(custodyDir.resolve("de-registry"))
                        .allowedJurisdictions(Set.of("FR", "DE")).build().close();
            }
        }

        @Test
        void otherMasterKeyIdOnSameDirectoryIsRefused() {
            assertThrows(InvalidInputException.class, () -> KeyRegistry.builder()
                    .createIfMissing(true).custodian(custodian).directory(dir)
                    .masterKeyId("other").build());
        }
    }

    @Nested
    class Cache {
        @Test
        void cachedKeysSaveCustodyRoundTrips() {
            KeyRef a = registry.keyForWrite(true, ALICE).ref();
            int before = custodian.unprotectCalls.get();
            for (int i = 0; i < 50; i++) {
                bytes(registry.keyForRead(a));
                bytes(registry.keyForWrite(true, ALICE).key());
            }
            assertEquals(before, custodian.unprotectCalls.get());
        }

        @Test
        void disabledCacheUnwrapsEveryTime() {
            registry.close();
            registry = KeyRegistry.builder()
                    .createIfMissing(true).custodian(custodian).directory(dir).cacheMaxEntries(0).build();
            KeyRef a = registry.keyForWrite(true, ALICE).ref();
            int before = custodian.unprotectCalls.get();
            for (int i = 0; i < 5; i++) {
                bytes(registry.keyForRead(a));
            }
            assertEquals(before + 5, custodian.unprotectCalls.get());
            assertEquals(0, registry.cache().size());
        }

        @Test
        void expiredKeysAreUnwrappedAgain() {
            AtomicLong now = new AtomicLong();
            registry.close();
            registry = KeyRegistry.builder().createIfMissing(true).custodian(custodian).directory(dir)
                    .cacheTimeToLive(Duration.ofSeconds(10)).nanoTime(now::get).build();
            KeyRef a = registry.keyForWrite(true, ALICE).ref();
            int before = custodian.unprotectCalls.get();
            now.addAndGet(Duration.ofSeconds(9).toNanos());
            bytes(registry.keyForRead(a));
            assertEquals(before, custodian.unprotectCalls.get());
            now.addAndGet(Duration.ofSeconds(2).toNanos());
            bytes(registry.keyForRead(a));
            assertEquals(before + 1, custodian.unprotectCalls.get());
        }
    }
}
