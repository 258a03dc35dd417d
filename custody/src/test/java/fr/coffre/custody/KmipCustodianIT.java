package fr.coffre.custody;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fr.coffre.InvalidInputException;
import fr.coffre.KeyRef;
import fr.coffre.KeyUnavailableException;
import fr.coffre.SecretBytes;
import fr.coffre.testing.FaultProxy;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Against the PyKMIP server started by scripts/servers/kmip.sh, in both modes. */
class KmipCustodianIT {
    static final String NAMESPACE = "coffre-it";

    static KmipCustodian.Builder builder(KmipCustodian.Mode mode) {
        return TestCustodians.kmipBuilder(mode, NAMESPACE);
    }

    /** The conformance suite in one mode. */
    abstract static class InMode extends KeyCustodianContract {
        abstract KmipCustodian.Mode mode();

        @Override
        protected KeyCustodian openCustodian() {
            return builder(mode()).build();
        }

        @Override
        protected String expectedScheme() {
            return "kmip";
        }

        @Override
        protected java.util.Optional<OtherProcess> otherProcess() {
            return java.util.Optional.of(new OtherProcess("kmip://127.0.0.1:5696?ca="
                    + ItServers.required("kmip", "ca.crt") + "&client=" + ItServers.required("kmip", "client.p12") + "&namespace=" + NAMESPACE + "&mode="
                    + (mode() == KmipCustodian.Mode.SERVER_SIDE ? "server-side" : "fetch-then-wrap"),
                    java.util.Map.of(CustodyUri.KMIP_CLIENT_PASSWORD_ENV, ItServers.read("kmip", "client.p12.pass"))));
        }

        @Override
        protected List<String> configurationSecrets() {
            return List.of(ItServers.read("kmip", "client.p12.pass"));
        }

        @Override
        protected int operationsPerThread() {
            return 40;
        }
    }

    @Nested
    class ServerSide extends InMode {
        @Override
        KmipCustodian.Mode mode() {
            return KmipCustodian.Mode.SERVER_SIDE;
        }
    }

    @Nested
    class FetchThenWrap extends InMode {
        @Override
        KmipCustodian.Mode mode() {
            return KmipCustodian.Mode.FETCH_THEN_WRAP;
        }
    }

    @Nested
    class Modes {
        @Test
        void bothModesWriteTheSameFormatAndOpenEachOthersKeys() {
            try (KeyCustodian server = builder(KmipCustodian.Mode.SERVER_SIDE).build();
                 KeyCustodian fetch = builder(KmipCustodian.Mode.FETCH_THEN_WRAP).build();
                 SecretBytes dek = SecretBytes.random(32, new SecureRandom())) {
                KeyRef ref = server.createKey("it-modes-" + System.nanoTime());
                try {
                    byte[] a = server.protect(ref, dek, "c".getBytes());
                    byte[] b = fetch.protect(ref, dek, "c".getBytes());
                    try (SecretBytes x = fetch.unprotect(ref, a, "c".getBytes()); SecretBytes y = server.unprotect(ref, b, "c".getBytes())) {
                        assertTrue(x.sameAs(dek));
                        assertTrue(y.sameAs(dek));
                    }
                } finally {
                    server.destroy(ref.keyId());
                }
            }
        }

        @Test
        void serverSideNeedsKmip14() {
            assertThrows(InvalidInputException.class, () -> builder(KmipCustodian.Mode.SERVER_SIDE).protocolMinorVersion(3).build());
        }
    }

    @Nested
    class Transport {
        @TempDir
        Path dir;

        @Test
        void aServerCertificateFromAnotherCaIsRefused() throws IOException {
            // the client's own certificate is not a CA: trusting only it, no server certificate verifies
            Path other = dir.resolve("other.crt");
            Files.copy(ItServers.required("kmip", "client.crt"), other);
            KmipCustodian.Builder b = builder(KmipCustodian.Mode.SERVER_SIDE).trustedCa(other).maxAttempts(1);
            assertThrows(KeyUnavailableException.class, b::build);
        }

        @Test
        void aSilentServerTimesOut() throws IOException {
            try (ServerSocket silent = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
                KmipCustodian.Builder b = builder(KmipCustodian.Mode.SERVER_SIDE).port(silent.getLocalPort())
                        .readTimeout(Duration.ofMillis(300)).connectTimeout(Duration.ofMillis(300)).maxAttempts(2)
                        .retryBackoff(Duration.ofMillis(1));
                long t0 = System.nanoTime();
                assertThrows(KeyUnavailableException.class, b::build);
                assertTrue(System.nanoTime() - t0 < Duration.ofSeconds(10).toNanos());
            }
        }

        @Test
        void nothingListeningIsKeyUnavailable() throws IOException {
            int port;
            try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
                port = s.getLocalPort();
            }
            assertThrows(KeyUnavailableException.class,
                    () -> builder(KmipCustodian.Mode.SERVER_SIDE).port(port).maxAttempts(2).retryBackoff(Duration.ofMillis(1)).build());
        }

        @Test
        void connectionsCutByTheNetworkAreReplacedTransparently() throws IOException {
            try (FaultProxy proxy = FaultProxy.tcp(5696);
                 KeyCustodian c = builder(KmipCustodian.Mode.SERVER_SIDE).port(proxy.port()).retryBackoff(Duration.ofMillis(5)).build();
                 SecretBytes dek = SecretBytes.random(32, new SecureRandom())) {
                KeyRef ref = c.createKey("it-cut-" + System.nanoTime());
                try {
                    byte[] wrapped = c.protect(ref, dek, new byte[0]);
                    int before = proxy.connections();
                    proxy.cut(); // every pooled connection is now dead
                    try (SecretBytes back = c.unprotect(ref, wrapped, new byte[0])) {
                        assertTrue(back.sameAs(dek));
                    }
                    assertTrue(proxy.connections() > before, "a fresh connection should have been opened");
                } finally {
                    c.destroy(ref.keyId());
                }
            }
        }

        @Test
        void connectionsAreReusedAcrossCalls() throws IOException {
            try (FaultProxy proxy = FaultProxy.tcp(5696);
                 KeyCustodian c = builder(KmipCustodian.Mode.SERVER_SIDE).port(proxy.port()).poolSize(1).build();
                 SecretBytes dek = SecretBytes.random(32, new SecureRandom())) {
                KeyRef ref = c.createKey("it-pool-" + System.nanoTime());
                try {
                    for (int i = 0; i < 20; i++) {
                        try (SecretBytes back = c.unprotect(ref, c.protect(ref, dek, new byte[0]), new byte[0])) {
                            assertTrue(back.sameAs(dek));
                        }
                    }
                } finally {
                    c.destroy(ref.keyId());
                }
                assertEquals(1, proxy.connections(), "one thread, pool of one: every call should reuse one connection");
            }
        }
    }
}
