package fr.coffre.custody;

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
import fr.coffre.custody.internal.TransientCustodyException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

/**
 * The conformance suite every {@link KeyCustodian} passes. A subclass says how to open a custodian over its
 * backing custody (a keystore file, a token, a key server); every test uses fresh random key ids and destroys them
 * afterwards, so the suite can share a long-lived token or server.
 */
public abstract class KeyCustodianContract {
    private static final SecureRandom RANDOM = new SecureRandom();

    /** Opens a new custodian instance over the same backing custody (called again to test persistence). */
    protected abstract KeyCustodian openCustodian();

    /** The scheme this custodian reports. */
    protected abstract String expectedScheme();

    /** The jurisdiction the subclass configured; default {@code FR}. */
    protected String expectedJurisdiction() {
        return "FR";
    }

    /** Secrets of the configuration (passwords, PINs) that must never appear in toString or messages. */
    protected List<String> configurationSecrets() {
        return List.of();
    }

    /** Threads for the concurrency test. */
    protected int threads() {
        return 4;
    }

    /** Protect+unprotect pairs per thread in the concurrency test. */
    protected int operationsPerThread() {
        return 100;
    }

    /** How another process opens this same custody: a custody URI and the environment (secrets) it needs. */
    public record OtherProcess(String uri, Map<String, String> environment) {
    }

    /**
     * This custody as a separate JVM opens it (for {@link ChangesFromSeveralProcesses}), or empty, with the reason
     * in the subclass, where the test custody cannot be shared by live processes.
     */
    protected abstract java.util.Optional<OtherProcess> otherProcess();

    protected KeyCustodian custodian;
    private final List<String> createdIds = new ArrayList<>();

    protected KeyCustodianContract() {
    }

    @BeforeEach
    void openForTest() {
        custodian = openCustodian();
    }

    @AfterEach
    void destroyKeysAndClose() {
        try {
            for (String id : createdIds) {
                try {
                    custodian.destroy(id);
                } catch (RuntimeException e) {
                    // best effort: the test may have destroyed it already or closed the custodian
                }
            }
        } finally {
            custodian.close();
        }
    }

    protected String newKeyId() {
        String id = "t-" + HexFormat.of().formatHex(bytes(6));
        createdIds.add(id);
        return id;
    }

    protected KeyRef newKey() {
        return custodian.createKey(newKeyId());
    }

    protected static byte[] bytes(int n) {
        byte[] b = new byte[n];
        RANDOM.nextBytes(b);
        return b;
    }

    protected static SecretBytes dek() {
        return SecretBytes.random(32, RANDOM);
    }

    protected static byte[] context(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private void reopen() {
        custodian.close();
        custodian = openCustodian();
    }

    @Nested
    class Descriptor {
        @Test
        void reportsSchemeAndJurisdiction() {
            assertEquals(expectedScheme(), custodian.descriptor().scheme());
            assertEquals(expectedJurisdiction(), custodian.descriptor().jurisdiction());
        }

        @Test
        void keyRefsCarryTheScheme() {
            assertEquals(expectedScheme(), newKey().scheme());
        }

        @Test
        void toStringRevealsNoConfigurationSecret() {
            for (String s : configurationSecrets()) {
                assertFalse(custodian.toString().contains(s), "toString leaks a configuration secret");
                assertFalse(custodian.descriptor().toString().contains(s), "descriptor leaks a configuration secret");
            }
        }
    }

    @Nested
    class CreateKey {
        @Test
        void createsVersionOneActive() {
            KeyRef ref = newKey();
            assertEquals(1, ref.version());
            List<KeyVersionInfo> vs = custodian.versions(ref.keyId());
            assertEquals(1, vs.size());
            assertEquals(ref, vs.get(0).ref());
            assertEquals(KeyState.ACTIVE, vs.get(0).state());
            assertEquals(ref, custodian.currentKey(ref.keyId()));
        }

        @Test
        void existsOnlyAfterCreation() {
            String id = newKeyId();
            assertFalse(custodian.exists(id));
            assertTrue(custodian.versions(id).isEmpty());
            custodian.createKey(id);
            assertTrue(custodian.exists(id));
        }

        @Test
        void refusesAnExistingId() {
            KeyRef ref = newKey();
            assertThrows(InvalidInputException.class, () -> custodian.createKey(ref.keyId()));
            assertEquals(1, custodian.versions(ref.keyId()).size());
        }

        @Test
        void refusesMalformedIds() {
            for (String bad : Arrays.asList(null, "", "a/b", "a b", "a#1", "é", "x".repeat(129))) {
                assertThrows(InvalidInputException.class, () -> custodian.createKey(bad), String.valueOf(bad));
            }
        }
    }

    @Nested
    class CurrentKey {
        @Test
        void unknownKeyIsUnavailable() {
            assertThrows(KeyUnavailableException.class, () -> custodian.currentKey(newKeyId()));
        }

        @Test
        void followsRotation() {
            KeyRef v1 = newKey();
            KeyRef v2 = custodian.rotate(v1.keyId());
            assertEquals(v1.withVersion(2), v2);
            assertEquals(v2, custodian.currentKey(v1.keyId()));
        }
    }

    @Nested
    class Rotate {
        @Test
        void newVersionIsActiveAndOldIsSuperseded() {
            KeyRef v1 = newKey();
            custodian.rotate(v1.keyId());
            KeyRef v3 = custodian.rotate(v1.keyId());
            List<KeyVersionInfo> vs = custodian.versions(v1.keyId());
            assertEquals(List.of(1, 2, 3), vs.stream().map(v -> v.ref().version()).toList());
            assertEquals(List.of(KeyState.SUPERSEDED, KeyState.SUPERSEDED, KeyState.ACTIVE), vs.stream().map(KeyVersionInfo::state).toList());
            assertEquals(3, v3.version());
        }

        @Test
        void oldVersionStillUnprotects() {
            KeyRef v1 = newKey();
            try (SecretBytes dek = dek()) {
                byte[] wrapped = custodian.protect(v1, dek, context("c"));
                custodian.rotate(v1.keyId());
                try (SecretBytes back = custodian.unprotect(v1, wrapped, context("c"))) {
                    assertTrue(back.sameAs(dek));
                }
            }
        }

        @Test
        void supersededVersionNoLongerProtects() {
            KeyRef v1 = newKey();
            custodian.rotate(v1.keyId());
            try (SecretBytes dek = dek()) {
                assertThrows(KeyUnavailableException.class, () -> custodian.protect(v1, dek, context("c")));
            }
        }

        @Test
        void unknownKeyCannotRotate() {
            assertThrows(KeyUnavailableException.class, () -> custodian.rotate(newKeyId()));
        }
    }

    @Nested
    class Retire {
        @Test
        void retiredVersionNoLongerUnprotects() {
            KeyRef v1 = newKey();
            try (SecretBytes dek = dek()) {
                byte[] wrapped = custodian.protect(v1, dek, context("c"));
                custodian.rotate(v1.keyId());
                custodian.retire(v1);
                assertEquals(KeyState.RETIRED, custodian.versions(v1.keyId()).get(0).state());
                assertThrows(KeyUnavailableException.class, () -> custodian.unprotect(v1, wrapped, context("c")));
            }
        }

        @Test
        void activeVersionCannotBeRetired() {
            KeyRef v1 = newKey();
            assertThrows(InvalidInputException.class, () -> custodian.retire(v1));
            assertEquals(KeyState.ACTIVE, custodian.versions(v1.keyId()).get(0).state());
        }

        @Test
        void reinstatedVersionUnprotectsAgain() {
            KeyRef v1 = newKey();
            try (SecretBytes dek = dek()) {
                byte[] wrapped = custodian.protect(v1, dek, context("c"));
                custodian.rotate(v1.keyId());
                custodian.retire(v1);
                custodian.reinstate(v1);
                assertEquals(KeyState.SUPERSEDED, custodian.versions(v1.keyId()).get(0).state());
                try (SecretBytes back = custodian.unprotect(v1, wrapped, context("c"))) {
                    assertTrue(back.sameAs(dek));
                }
            }
        }

        @Test
        void unknownVersionCannotBeRetired() {
            KeyRef v1 = newKey();
            assertThrows(KeyUnavailableException.class, () -> custodian.retire(v1.withVersion(7)));
        }
    }

    @Nested
    class Claims {
        @Test
        void areRecordedPerClaimantReplacedWithdrawnAndSurviveReopening() {
            KeyRef v1 = newKey();
            custodian.rotate(v1.keyId());
            assertEquals(java.util.Map.of(), custodian.claims(v1.keyId()));
            custodian.claimVersions(v1.keyId(), "registry-a", java.util.Set.of(1, 2));
            custodian.claimVersions(v1.keyId(), "registry-b", java.util.Set.of(2));
            reopen();
            assertEquals(java.util.Map.of("registry-a", java.util.Set.of(1, 2), "registry-b", java.util.Set.of(2)),
                    custodian.claims(v1.keyId()));
            custodian.claimVersions(v1.keyId(), "registry-a", java.util.Set.of(2));
            custodian.claimVersions(v1.keyId(), "registry-b", java.util.Set.of());
            reopen();
            assertEquals(java.util.Map.of("registry-a", java.util.Set.of(2)), custodian.claims(v1.keyId()));
            assertEquals(2, custodian.currentKey(v1.keyId()).version(), "claims leave the key states alone");
        }

        @Test
        void needAKnownKeyAndAWellFormedClaimant() {
            KeyRef v1 = newKey();
            assertThrows(KeyUnavailableException.class,
                    () -> custodian.claimVersions("t-unknown-key", "registry-a", java.util.Set.of(1)));
            assertThrows(InvalidInputException.class,
                    () -> custodian.claimVersions(v1.keyId(), "no spaces", java.util.Set.of(1)));
            assertThrows(InvalidInputException.class,
                    () -> custodian.claimVersions(v1.keyId(), "registry-a", java.util.Set.of(0)));
            assertEquals(java.util.Map.of(), custodian.claims(v1.keyId()));
        }
    }

    @Nested
    class Destroy {
        @Test
        void destroyedKeyRaisesKeyDestroyed() {
            KeyRef v1 = newKey();
            try (SecretBytes dek = dek()) {
                byte[] wrapped = custodian.protect(v1, dek, context("c"));
                custodian.destroy(v1.keyId());
                assertThrows(KeyDestroyedException.class, () -> custodian.unprotect(v1, wrapped, context("c")));
                assertThrows(KeyDestroyedException.class, () -> custodian.protect(v1, dek, context("c")));
                assertThrows(KeyDestroyedException.class, () -> custodian.currentKey(v1.keyId()));
                assertThrows(KeyDestroyedException.class, () -> custodian.rotate(v1.keyId()));
                assertTrue(custodian.exists(v1.keyId()));
                assertEquals(KeyState.DESTROYED, custodian.versions(v1.keyId()).get(0).state());
            }
        }

        @Test
        void destructionSurvivesReopening() {
            KeyRef v1 = newKey();
            try (SecretBytes dek = dek()) {
                byte[] wrapped = custodian.protect(v1, dek, context("c"));
                custodian.destroy(v1.keyId());
                reopen();
                assertThrows(KeyDestroyedException.class, () -> custodian.unprotect(v1, wrapped, context("c")));
            }
        }

        @Test
        void destroyingOneVersionLeavesTheOthersUsable() {
            KeyRef v1 = newKey();
            try (SecretBytes dek = dek()) {
                byte[] w1 = custodian.protect(v1, dek, context("c"));
                KeyRef v2 = custodian.rotate(v1.keyId());
                byte[] w2 = custodian.protect(v2, dek, context("c"));
                custodian.destroyVersion(v1);
                assertThrows(KeyDestroyedException.class, () -> custodian.unprotect(v1, w1, context("c")));
                try (SecretBytes back = custodian.unprotect(v2, w2, context("c"))) {
                    assertTrue(back.sameAs(dek));
                }
                assertEquals(List.of(KeyState.DESTROYED, KeyState.ACTIVE),
                        custodian.versions(v1.keyId()).stream().map(KeyVersionInfo::state).toList());
            }
        }

        @Test
        void activeVersionCannotBeDestroyedAlone() {
            KeyRef v1 = newKey();
            assertThrows(InvalidInputException.class, () -> custodian.destroyVersion(v1));
            assertEquals(v1, custodian.currentKey(v1.keyId()));
        }

        @Test
        void destroyedIdCannotBeRecreated() {
            KeyRef v1 = newKey();
            custodian.destroy(v1.keyId());
            assertThrows(InvalidInputException.class, () -> custodian.createKey(v1.keyId()));
        }

        @Test
        void destroyingTwiceIsHarmless() {
            KeyRef v1 = newKey();
            custodian.destroy(v1.keyId());
            custodian.destroy(v1.keyId());
            assertEquals(KeyState.DESTROYED, custodian.versions(v1.keyId()).get(0).state());
        }

        @Test
        void unknownKeyCannotBeDestroyed() {
            assertThrows(KeyUnavailableException.class, () -> custodian.destroy(newKeyId()));
        }

        @Test
        void otherKeysAreUntouched() {
            KeyRef a = newKey();
            KeyRef b = newKey();
            try (SecretBytes dek = dek()) {
                byte[] wb = custodian.protect(b, dek, context("c"));
                custodian.destroy(a.keyId());
                try (SecretBytes back = custodian.unprotect(b, wb, context("c"))) {
                    assertTrue(back.sameAs(dek));
                }
            }
        }
    }

    @Nested
    class ProtectUnprotect {
        @Test
        void roundTripsDataKeysOfSeveralSizes() {
            KeyRef ref = newKey();
            for (int n : new int[] {16, 32, 64}) {
                try (SecretBytes dek = SecretBytes.random(n, RANDOM)) {
                    byte[] wrapped = custodian.protect(ref, dek, context("dk:abc#1"));
                    try (SecretBytes back = custodian.unprotect(ref, wrapped, context("dk:abc#1"))) {
                        assertTrue(back.sameAs(dek));
                    }
                }
            }
        }

        @Test
        void wrappedBytesDoNotContainTheDataKey() {
            KeyRef ref = newKey();
            try (SecretBytes dek = dek()) {
                byte[] raw = dek.copyBytes();
                byte[] wrapped = custodian.protect(ref, dek, context("c"));
                String hexWrapped = HexFormat.of().formatHex(wrapped);
                assertFalse(hexWrapped.contains(HexFormat.of().formatHex(raw, 0, 8)));
                Arrays.fill(raw, (byte) 0);
            }
        }

        @Test
        void protectIsRandomised() {
            KeyRef ref = newKey();
            try (SecretBytes dek = dek()) {
                assertNotEquals(HexFormat.of().formatHex(custodian.protect(ref, dek, context("c"))),
                        HexFormat.of().formatHex(custodian.protect(ref, dek, context("c"))));
            }
        }

        @Test
        void emptyContextIsAllowed() {
            KeyRef ref = newKey();
            try (SecretBytes dek = dek(); SecretBytes back = custodian.unprotect(ref, custodian.protect(ref, dek, new byte[0]), new byte[0])) {
                assertTrue(back.sameAs(dek));
            }
        }

        @Test
        void survivesReopening() {
            KeyRef ref = newKey();
            try (SecretBytes dek = dek()) {
                byte[] wrapped = custodian.protect(ref, dek, context("c"));
                reopen();
                try (SecretBytes back = custodian.unprotect(ref, wrapped, context("c"))) {
                    assertTrue(back.sameAs(dek));
                }
                assertEquals(ref, custodian.currentKey(ref.keyId()));
            }
        }

        @Test
        void refusesNullsAndOversizedContext() {
            KeyRef ref = newKey();
            try (SecretBytes dek = dek()) {
                byte[] wrapped = custodian.protect(ref, dek, context("c"));
                SecretBytes dead = dek();
                dead.destroy();
                List<Executable> calls = List.of(
                        () -> custodian.protect(null, dek, context("c")),
                        () -> custodian.protect(ref, null, context("c")),
                        () -> custodian.protect(ref, dead, context("c")),
                        () -> custodian.protect(ref, dek, null),
                        () -> custodian.protect(ref, dek, new byte[KeyCustodian.MAX_CONTEXT_BYTES + 1]),
                        () -> custodian.unprotect(null, wrapped, context("c")),
                        () -> custodian.unprotect(ref, null, context("c")),
                        () -> custodian.unprotect(ref, wrapped, null));
                for (Executable call : calls) {
                    assertThrows(InvalidInputException.class, call);
                }
            }
        }
    }

    @Nested
    class Attacks {
        private KeyRef ref;
        private SecretBytes dek;
        private byte[] wrapped;

        @BeforeEach
        void wrapOne() {
            ref = newKey();
            dek = dek();
            wrapped = custodian.protect(ref, dek, context("dk:subject-1#1"));
        }

        @AfterEach
        void zero() {
            dek.destroy();
        }

        /**
         * Bytes that do not authenticate are refused at once: not retried (with a re-login) as if custody had
         * failed, which would also hide an attack among outages.
         */
        private void assertRefused(Executable unprotect, String... what) {
            KeyUnavailableException e = assertThrows(KeyUnavailableException.class, unprotect, String.join(" ", what));
            for (Throwable c = e; c != null; c = c.getCause()) {
                assertFalse(c instanceof TransientCustodyException,
                        "refused as a custody failure, after retries, not as inauthentic: " + e.getMessage());
            }
        }

        @Test
        void unwrapWithAnotherContext() {
            assertRefused(() -> custodian.unprotect(ref, wrapped, context("dk:subject-2#1")));
            assertRefused(() -> custodian.unprotect(ref, wrapped, context("dk:subject-1#2")));
            assertRefused(() -> custodian.unprotect(ref, wrapped, new byte[0]));
        }

        @Test
        void unwrapUnderAnotherVersion() {
            KeyRef v2 = custodian.rotate(ref.keyId());
            assertRefused(() -> custodian.unprotect(v2, wrapped, context("dk:subject-1#1")));
        }

        @Test
        void unwrapUnderAnotherKeyId() {
            KeyRef other = newKey();
            assertRefused(() -> custodian.unprotect(other, wrapped, context("dk:subject-1#1")));
        }

        @Test
        void unwrapUnderAnUnknownVersion() {
            assertRefused(() -> custodian.unprotect(ref.withVersion(9), wrapped, context("dk:subject-1#1")));
        }

        @Test
        void unwrapUnderAForeignScheme() {
            String foreign = expectedScheme().equals("foreign") ? "alien" : "foreign";
            KeyRef alien = new KeyRef(foreign, ref.keyId(), ref.version());
            assertRefused(() -> custodian.unprotect(alien, wrapped, context("dk:subject-1#1")));
        }

        @Test
        void bitFlipInEveryByte() {
            for (int i = 0; i < wrapped.length; i++) {
                byte[] t = wrapped.clone();
                t[i] ^= (byte) (1 << (i % 8));
                assertRefused(() -> custodian.unprotect(ref, t, context("dk:subject-1#1")), "byte " + i);
            }
        }

        @Test
        void truncationAtEveryLength() {
            for (int n = 0; n < wrapped.length; n++) {
                byte[] t = Arrays.copyOf(wrapped, n);
                assertRefused(() -> custodian.unprotect(ref, t, context("dk:subject-1#1")), "length " + n);
            }
        }

        @Test
        void appendedBytes() {
            byte[] t = Arrays.copyOf(wrapped, wrapped.length + 1);
            assertRefused(() -> custodian.unprotect(ref, t, context("dk:subject-1#1")));
            byte[] t16 = Arrays.copyOf(wrapped, wrapped.length + 16);
            assertRefused(() -> custodian.unprotect(ref, t16, context("dk:subject-1#1")));
        }

        @Test
        void wrappedKeyOfAnotherDataKeySwappedIn() {
            try (SecretBytes other = dek()) {
                byte[] w2 = custodian.protect(ref, other, context("dk:subject-2#1"));
                assertRefused(() -> custodian.unprotect(ref, w2, context("dk:subject-1#1")));
            }
        }

        @Test
        void failuresNameNoSecret() {
            byte[] raw = dek.copyBytes();
            List<String> forbidden = new ArrayList<>(configurationSecrets());
            forbidden.add(HexFormat.of().formatHex(raw));
            forbidden.add(HexFormat.of().withUpperCase().formatHex(raw));
            forbidden.add(Base64.getEncoder().encodeToString(raw));
            forbidden.add("subject-1");
            Arrays.fill(raw, (byte) 0);
            List<Throwable> failures = new ArrayList<>();
            failures.add(assertThrows(KeyUnavailableException.class, () -> custodian.unprotect(ref, wrapped, context("subject-1 other"))));
            byte[] t = wrapped.clone();
            t[t.length - 1] ^= 1;
            failures.add(assertThrows(KeyUnavailableException.class, () -> custodian.unprotect(ref, t, context("dk:subject-1#1"))));
            custodian.destroy(ref.keyId());
            failures.add(assertThrows(KeyDestroyedException.class, () -> custodian.unprotect(ref, wrapped, context("dk:subject-1#1"))));
            for (Throwable f : failures) {
                for (Throwable c = f; c != null; c = c.getCause()) {
                    String m = String.valueOf(c.getMessage()) + c;
                    for (String s : forbidden) {
                        assertFalse(m.contains(s), "exception text leaks a secret: " + c.getClass().getName());
                    }
                }
            }
        }
    }

    /**
     * Several JVMs (not threads) on one custody at once: each creates the key if missing, claims version 1, wraps
     * a data key and rotates. Afterwards exactly one key exists with one version per rotation plus the first, every
     * claim is kept, and every wrap opens here: no change was lost and no key object was made twice.
     */
    @Nested
    class ChangesFromSeveralProcesses {
        private static final int PROCESSES = 4;

        @Test
        void createClaimAndRotateRacingInSeparateJvmsLoseNothing(@TempDir Path dir) throws Exception {
            OtherProcess other = otherProcess().orElse(null);
            org.junit.jupiter.api.Assumptions.assumeTrue(other != null,
                    "this test custody cannot be shared by live processes (see otherProcess())");
            String keyId = newKeyId();
            Path go = dir.resolve("go");
            List<Process> processes = new ArrayList<>();
            List<Path> outputs = new ArrayList<>();
            try {
                for (int i = 0; i < PROCESSES; i++) {
                    Path out = dir.resolve("worker-" + i + ".out");
                    outputs.add(out);
                    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
                    ProcessBuilder pb = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                            CustodyRaceWorker.class.getName(), other.uri(), keyId, "registry-" + i, go.toString())
                            .redirectErrorStream(true).redirectOutput(out.toFile());
                    pb.environment().putAll(other.environment());
                    processes.add(pb.start());
                }
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
                for (Path out : outputs) {
                    while (!Files.exists(out) || !Files.readString(out).contains("ready")) {
                        assertTrue(System.nanoTime() < deadline, () -> "worker not ready: " + read(out));
                        Thread.sleep(20);
                    }
                }
                Files.createFile(go);
                for (int i = 0; i < PROCESSES; i++) {
                    Path out = outputs.get(i);
                    assertTrue(processes.get(i).waitFor(180, TimeUnit.SECONDS), () -> "worker timed out: " + read(out));
                    assertEquals(0, processes.get(i).exitValue(), () -> "worker failed: " + read(out));
                }
            } finally {
                processes.forEach(Process::destroyForcibly);
            }
            Set<Integer> rotatedTo = new TreeSet<>();
            for (int i = 0; i < PROCESSES; i++) {
                for (String line : Files.readAllLines(outputs.get(i))) {
                    String[] f = line.split(" ");
                    if (f[0].equals("rotated")) {
                        rotatedTo.add(Integer.parseInt(f[1]));
                    } else if (f[0].equals("wrapped")) {
                        KeyRef under = new KeyRef(expectedScheme(), keyId, Integer.parseInt(f[1]));
                        try (SecretBytes back = custodian.unprotect(under, HexFormat.of().parseHex(f[2]),
                                context("registry-" + i))) {
                            assertArrayEquals(HexFormat.of().parseHex(f[3]), back.copyBytes(), "worker " + i);
                        }
                    }
                }
            }
            assertEquals(Set.of(2, 3, 4, 5), rotatedTo, "each rotation made its own version");
            List<KeyVersionInfo> versions = custodian.versions(keyId);
            assertEquals(List.of(1, 2, 3, 4, 5), versions.stream().map(v -> v.ref().version()).toList());
            assertEquals(List.of(KeyState.SUPERSEDED, KeyState.SUPERSEDED, KeyState.SUPERSEDED, KeyState.SUPERSEDED,
                    KeyState.ACTIVE), versions.stream().map(KeyVersionInfo::state).toList());
            Map<String, Set<Integer>> claims = new TreeMap<>(custodian.claims(keyId));
            assertEquals(Map.of("registry-0", Set.of(1), "registry-1", Set.of(1), "registry-2", Set.of(1),
                    "registry-3", Set.of(1)), claims, "every claim kept");
        }

        private String read(Path out) {
            try {
                return Files.exists(out) ? Files.readString(out) : "(no output)";
            } catch (java.io.IOException e) {
                return e.toString();
            }
        }
    }

    @Nested
    class Concurrency {
        @Test
        void manyThreadsProtectAndUnprotectWhileTheKeyRotates() throws Exception {
            KeyRef first = newKey();
            ExecutorService pool = Executors.newFixedThreadPool(threads());
            try {
                List<Future<Integer>> results = new ArrayList<>();
                for (int t = 0; t < threads(); t++) {
                    int thread = t;
                    results.add(pool.submit(() -> {
                        int ok = 0;
                        for (int i = 0; i < operationsPerThread(); i++) {
                            byte[] ctx = context("t" + thread + "-" + i);
                            try (SecretBytes dek = dek()) {
                                KeyRef ref = protectWithCurrent(first.keyId(), dek, ctx);
                                byte[] wrapped = lastWrapped.get();
                                try (SecretBytes back = custodian.unprotect(ref, wrapped, ctx)) {
                                    if (back.sameAs(dek)) {
                                        ok++;
                                    }
                                }
                            }
                        }
                        return ok;
                    }));
                }
                custodian.rotate(first.keyId());
                custodian.rotate(first.keyId());
                for (Future<Integer> f : results) {
                    assertEquals(operationsPerThread(), f.get(5, TimeUnit.MINUTES));
                }
            } finally {
                pool.shutdownNow();
            }
            assertEquals(3, custodian.currentKey(first.keyId()).version());
        }

        private final ThreadLocal<byte[]> lastWrapped = new ThreadLocal<>();

        /** The key may rotate between currentKey and protect: then protect refuses the superseded version; retry. */
        private KeyRef protectWithCurrent(String keyId, SecretBytes dek, byte[] ctx) {
            for (int attempt = 0; ; attempt++) {
                KeyRef ref = custodian.currentKey(keyId);
                try {
                    lastWrapped.set(custodian.protect(ref, dek, ctx));
                    return ref;
                } catch (KeyUnavailableException e) {
                    if (attempt >= 3 || ref.equals(custodian.currentKey(keyId))) {
                        throw e;
                    }
                }
            }
        }
    }
}
