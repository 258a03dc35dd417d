package fr.coffre.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrowsExactly;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fr.coffre.CoffreException;
import fr.coffre.KeyUnavailableException;
import fr.coffre.crypto.DecryptedObject;
import fr.coffre.crypto.TamperedObjectException;
import fr.coffre.custody.KeyCustodian;
import fr.coffre.custody.KmipCustodian;
import fr.coffre.custody.TestCustodians;
import fr.coffre.store.GeneratedData;
import fr.coffre.store.ObjectInfo;
import fr.coffre.store.ObjectStore;
import fr.coffre.store.RetryPolicy;
import fr.coffre.store.StoreException;
import fr.coffre.store.TestServers;
import fr.coffre.testing.Fault;
import fr.coffre.testing.FaultProxy;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Coffre through faults on real servers: Swift (native API) behind an HTTP {@link FaultProxy} cutting and resetting
 * responses, where COF1 authentication must turn any truncation into {@link TamperedObjectException} or a typed
 * store error (never short plaintext); and PyKMIP behind a TCP {@link FaultProxy} going down mid-session, where every
 * operation needing the custody fails with {@link KeyUnavailableException} and no put leaves anything in the store.
 */
class CoffreFaultIT {
    private static final String RUN_ID = UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    private static final TestServers.Backend BACKEND = TestServers.Backend.SWIFT;
    private static final String CONTAINER = "coffre-corefault-" + RUN_ID;
    private static final int SEG = 4096;

    @TempDir
    Path tmp;
    private ObjectStore direct;

    @BeforeEach
    void openStore() {
        BACKEND.require();
        direct = BACKEND.open(CONTAINER);
        direct.createContainerIfAbsent();
    }

    @AfterEach
    void emptyStore() {
        for (String n : storedNames()) {
            direct.delete(n);
        }
        direct.close();
    }

    private List<String> storedNames() {
        return direct.list("", null, 1000).objects().stream().map(ObjectInfo::name).toList();
    }

    /**
     * The read yields exactly {@code expected} or fails with a typed Coffre exception (a store stream's
     * {@link IOException} surfaces as {@link UncheckedIOException} from {@code readAllBytes}); true if it failed.
     */
    private static boolean exactOrTyped(Supplier<DecryptedObject> open, byte[] expected) {
        byte[] got;
        try (DecryptedObject o = open.get()) {
            got = o.readAllBytes();
        } catch (TamperedObjectException | StoreException | UncheckedIOException | IOException e) {
            return true;
        } catch (CoffreException e) {
            throw new AssertionError("unexpected failure type " + e.getClass().getName(), e);
        }
        assertArrayEquals(expected, got, "a read through faults returned other plaintext than written");
        return false;
    }

    @Nested
    class TruncatedReads {
        private FaultProxy proxy;
        private ObjectStore faulty;
        private KeyCustodian custody;
        private Coffre coffre;
        private final byte[] plain = GeneratedData.bytes(71, 0, 5 * SEG + 123);

        @BeforeEach
        void open() throws IOException {
            proxy = FaultProxy.http(BACKEND.port());
            faulty = BACKEND.open(CONTAINER, proxy.port(), c -> c.readTimeout(Duration.ofSeconds(2))
                    .retryPolicy(RetryPolicy.builder().maxAttempts(2).initialBackoff(Duration.ofMillis(10)).build()));
            custody = TestCustodians.keystore(tmp.resolve("keystore.bcfks"));
            coffre = Coffre.builder().store(faulty).custodian(custody).registryDirectory(tmp.resolve("registry"))
                    .createRegistryIfMissing(true)
                    .vaultId("fault-it").segmentSizeBytes(SEG).build();
            coffre.put("records/one", new ByteArrayInputStream(plain), PutOptions.builder().subject("s1").build());
        }

        @AfterEach
        void close() throws IOException {
            coffre.close();
            custody.close();
            faulty.close();
            proxy.close();
        }

        private String objects() {
            return BACKEND.objectTarget(CONTAINER, "");
        }

        @Test
        void responsesCutShortAreTamperingOrAStoreError() {
            proxy.inject(Fault.on("GET", objects()).cutResponseAfter(2 * SEG));
            assertTrue(exactOrTyped(() -> coffre.get("records/one"), plain), "every response was cut: must fail");
        }

        @Test
        void resetsMidBodyAreTamperingOrAStoreError() {
            proxy.inject(Fault.on("GET", objects()).resetResponseAfter(3 * SEG));
            assertTrue(exactOrTyped(() -> coffre.get("records/one"), plain), "every response was reset: must fail");
        }

        @Test
        void oneCutResponseIsRetriedOrFailsTyped() {
            proxy.inject(Fault.on("GET", objects()).nth(1).cutResponseAfter(2 * SEG));
            exactOrTyped(() -> coffre.get("records/one"), plain);
            assertArrayEquals(plain, readAll(coffre.get("records/one")), "the next read is whole");
        }

        @Test
        void rangedReadsCutShortAreTamperingOrAStoreError() {
            proxy.inject(Fault.on("GET", objects()).cutResponseAfter(SEG));
            byte[] range = Arrays.copyOfRange(plain, SEG + 10, 4 * SEG);
            assertTrue(exactOrTyped(() -> coffre.get("records/one", SEG + 10, 3 * SEG - 10), range),
                    "every response was cut: must fail");
        }

        private byte[] readAll(DecryptedObject o) {
            try (o) {
                return o.readAllBytes();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    @Nested
    class CustodyOutage {
        private FaultProxy proxy;
        private KeyCustodian custody;
        private KeyRegistry registry;
        private Coffre coffre;
        private final String masterKeyId = "fault-it-" + Long.toHexString(System.nanoTime());
        private final byte[] record = GeneratedData.bytes(72, 0, 2 * SEG);

        @BeforeEach
        void open() throws IOException {
            proxy = FaultProxy.tcp(5696);
            custody = TestCustodians.kmipBuilder(KmipCustodian.Mode.SERVER_SIDE, "coffre-fault-it").port(proxy.port())
                    .connectTimeout(Duration.ofSeconds(1)).readTimeout(Duration.ofSeconds(2)).maxAttempts(2)
                    .retryBackoff(Duration.ofMillis(10)).build();
            registry = KeyRegistry.builder().createIfMissing(true).custodian(custody).directory(tmp.resolve("registry"))
                    .masterKeyId(masterKeyId).cacheMaxEntries(0).build();
            coffre = Coffre.builder().store(direct).keyRegistry(registry).vaultId("fault-it").build();
            coffre.put("before/outage", new ByteArrayInputStream(record), PutOptions.builder().subject("s1").build());
        }

        @AfterEach
        void close() throws IOException {
            proxy.clearFaults();
            proxy.outage(false);
            coffre.close();
            registry.close();
            if (custody.exists(masterKeyId)) {
                custody.destroy(masterKeyId);
            }
            custody.close();
            proxy.close();
        }

        private void put(String name, String subject) {
            coffre.put(name, new ByteArrayInputStream(record), PutOptions.builder().subject(subject).build());
        }

        @Test
        void putsDuringAnOutageAreKeyUnavailableAndWriteNothing() {
            List<String> before = storedNames();
            proxy.outage(true);
            assertThrowsExactly(KeyUnavailableException.class, () -> put("during/new-subject", "s2"));
            assertThrowsExactly(KeyUnavailableException.class, () -> put("during/known-subject", "s1"));
            assertEquals(before, storedNames(), "a put that failed on custody must leave nothing in the store");
            proxy.outage(false);
            put("after/outage", "s2");
            assertEquals(before.size() + 1, storedNames().size());
        }

        @Test
        void readsDuringAnOutageAreKeyUnavailableThenRecover() throws IOException {
            proxy.outage(true);
            assertThrowsExactly(KeyUnavailableException.class, () -> coffre.get("before/outage"));
            proxy.outage(false);
            try (DecryptedObject o = coffre.get("before/outage")) {
                assertArrayEquals(record, o.readAllBytes());
            }
        }

        @Test
        void custodyRepliesResetMidExchangeAreKeyUnavailableAndWriteNothing() {
            List<String> before = storedNames();
            proxy.inject(Fault.onEvery().resetResponseAfter(200));
            proxy.cut();
            assertThrowsExactly(KeyUnavailableException.class, () -> put("during/reset", "s3"));
            assertEquals(before, storedNames());
            assertTrue(proxy.connections() >= 2, "the custodian should have tried a fresh connection");
        }
    }
}
