package fr.coffre.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fr.coffre.SecretBytes;
import fr.coffre.core.audit.AuditRecord;
import fr.coffre.core.audit.AuditVerifier;
import fr.coffre.store.ObjectStore;
import fr.coffre.store.ObjectStores;
import fr.coffre.store.ProviderPresets;
import fr.coffre.store.RetryPolicy;
import fr.coffre.store.StoreConfig;
import fr.coffre.store.StoreCredentials;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The policy as Coffre.Builder applies it: before the store or the custody is contacted. */
class CoffrePolicyTest {
    @TempDir
    Path tmp;

    /** Accepts connections on 127.0.0.1 and counts them (answering nothing). */
    static final class CountingServer implements AutoCloseable {
        final ServerSocket socket;
        final AtomicInteger connections = new AtomicInteger();

        CountingServer() throws IOException {
            socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            Thread t = new Thread(() -> {
                while (!socket.isClosed()) {
                    try (Socket s = socket.accept()) {
                        connections.incrementAndGet();
                    } catch (IOException closed) {
                        return;
                    }
                }
            });
            t.setDaemon(true);
            t.start();
        }

        /** An S3 store at this server, labelled as data resting in {@code country}. */
        StoreConfig s3(String country) {
            return ProviderPresets.s3(URI.create("http://127.0.0.1:" + socket.getLocalPort()), "us-east-1", "bucket")
                    .toBuilder().regionCountry(country).providerJurisdiction("FR")
                    .retryPolicy(RetryPolicy.defaults().toBuilder().maxAttempts(1).build())
                    .connectTimeout(Duration.ofSeconds(2)).readTimeout(Duration.ofSeconds(2)).build();
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    static ObjectStore open(StoreConfig config) {
        return ObjectStores.open(config, StoreCredentials.s3("policy-test",
                SecretBytes.copyOf("not-a-real-secret".getBytes(StandardCharsets.UTF_8))));
    }

    @Nested
    class Build {
        @Test
        void aNonEeaStoreIsRefusedBeforeAnyRequestOrRegistryFile() throws Exception {
            try (CountingServer server = new CountingServer(); ObjectStore store = open(server.s3("CA"));
                    TestCustody fr = TestCustody.keystore(tmp.resolve("fr"))) {
                PolicyViolationException e = assertThrows(PolicyViolationException.class, () -> Coffre.builder()
                        .store(store).custodian(fr).registryDirectory(tmp.resolve("reg"))
                        .createRegistryIfMissing(true).vaultId("v")
                        .policy(Policy.frHealth()).build());
                assertEquals(Policy.STORE_COUNTRY, e.rule());
                assertTrue(e.getMessage().contains("holds data in CA"), e.getMessage());
                assertFalse(Files.exists(tmp.resolve("reg")));
                assertEquals(0, fr.unprotectCalls.get());
                Thread.sleep(200);
                assertEquals(0, server.connections.get(), "the store was contacted");
            }
        }

        @Test
        void theCounterSeesTheRequestsAnAllowedStoreMakes() throws Exception {
            // control for the test above: the same store in an EEA country is contacted on the first put
            try (CountingServer server = new CountingServer(); ObjectStore store = open(server.s3("FR"));
                    TestCustody fr = TestCustody.keystore(tmp.resolve("fr"));
                    Coffre coffre = Coffre.builder().store(store).custodian(fr).registryDirectory(tmp.resolve("reg"))
                            .createRegistryIfMissing(true)
                            .vaultId("v").policy(Policy.frHealth()).build()) {
                assertEquals(0, server.connections.get());
                // fr-health requires a reason for every access (Policy.ACCESS_REASON)
                assertThrows(RuntimeException.class, () -> coffre.withReason("policy test").put("a",
                        new ByteArrayInputStream(new byte[1]), null));
                assertTrue(server.connections.get() > 0);
            }
        }

        @Test
        void theDefaultPolicyKeepsTodaysBehaviour() {
            try (TestCustody fr = TestCustody.keystore(tmp.resolve("fr")); ObjectStore store = ObjectStores.memory();
                    Coffre coffre = Coffre.builder().store(store).custodian(fr).registryDirectory(tmp.resolve("reg"))
                            .createRegistryIfMissing(true)
                            .vaultId("v").build()) {
                assertEquals(Policy.development(), coffre.policy());
                assertEquals(Transfer.Basis.RULE, coffre.transfers().transfers().get(0).basis());
            }
        }

        @Test
        void allowedJurisdictionsStillSetsTheCustodyJurisdictions() {
            try (TestCustody de = TestCustody.keystore(tmp.resolve("de"), "DE");
                    ObjectStore store = open(ProviderPresets.ovh("gra", "bucket"));
                    Coffre coffre = Coffre.builder().store(store).custodian(de).registryDirectory(tmp.resolve("reg"))
                            .createRegistryIfMissing(true)
                            .vaultId("v").policy(Policy.frHealth()).allowedJurisdictions(Set.of("DE")).build()) {
                assertEquals(Set.of("DE"), coffre.policy().custodyJurisdictions());
                assertEquals("fr-health", coffre.policy().name());
            }
        }

        @Test
        void custodyOutsideThePolicyIsRefusedNamingTheRule() {
            try (TestCustody us = TestCustody.keystore(tmp.resolve("us"), "US");
                    ObjectStore store = open(ProviderPresets.ovh("gra", "bucket"))) {
                PolicyViolationException e = assertThrows(PolicyViolationException.class, () -> Coffre.builder()
                        .store(store).custodian(us).registryDirectory(tmp.resolve("reg"))
                        .createRegistryIfMissing(true).vaultId("v")
                        .policy(Policy.frHealth()).build());
                assertEquals(Policy.CUSTODY_JURISDICTION, e.rule());
                assertFalse(Files.exists(tmp.resolve("reg")));
            }
        }
    }

    @Nested
    class Exceptions {
        @Test
        void theAzureExceptionIsVisibleInTheCoffresPolicyAndTransfers() {
            StoreConfig azure = ProviderPresets.azure("acct", "c-1").toBuilder().regionCountry("FR").build();
            Policy policy = Policy.frHealth().toBuilder().allowJurisdiction("US", PolicyTest.DPIA).build();
            try (TestCustody fr = TestCustody.keystore(tmp.resolve("fr"));
                    ObjectStore store = ObjectStores.open(azure, StoreCredentials.azureSharedKey(
                            SecretBytes.copyOf(new byte[] {1, 2, 3})));
                    Coffre coffre = Coffre.builder().store(store).custodian(fr).registryDirectory(tmp.resolve("reg"))
                            .createRegistryIfMissing(true)
                            .vaultId("v").policy(policy).build()) {
                assertEquals(List.of(new JurisdictionExemption("US", PolicyTest.DPIA)), coffre.policy().exceptions());
                Transfer t = coffre.transfers().transfers().get(0);
                assertEquals(new Transfer("azure", "acct.blob.core.windows.net", null, "FR", "US",
                        Transfer.Basis.EXCEPTION, PolicyTest.DPIA), t);
                List<AuditRecord> uses = AuditVerifier
                        .read(coffre.keyRegistry().auditDirectory()).stream()
                        .filter(r -> r.action().equals("policy-exception")).toList();
                assertEquals(1, uses.size(), "the exception's use is in the audit trail");
                assertEquals("azure", uses.get(0).store());
                assertEquals("provider jurisdiction US allowed by exception: " + PolicyTest.DPIA,
                        uses.get(0).reason());
            }
        }

        @Test
        void withoutTheExceptionAzureIsRefused() {
            StoreConfig azure = ProviderPresets.azure("acct", "c-1").toBuilder().regionCountry("FR").build();
            try (TestCustody fr = TestCustody.keystore(tmp.resolve("fr"));
                    ObjectStore store = ObjectStores.open(azure, StoreCredentials.azureSharedKey(
                            SecretBytes.copyOf(new byte[] {1, 2, 3})))) {
                PolicyViolationException e = assertThrows(PolicyViolationException.class, () -> Coffre.builder()
                        .store(store).custodian(fr).registryDirectory(tmp.resolve("reg"))
                        .createRegistryIfMissing(true).vaultId("v")
                        .policy(Policy.frHealth()).build());
                assertEquals(Policy.PROVIDER_JURISDICTION, e.rule());
            }
        }
    }
}
