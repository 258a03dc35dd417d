package fr.coffre.custody;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fr.coffre.InvalidInputException;
import fr.coffre.crypto.KeyRef;
import fr.coffre.crypto.KeyUnavailableException;
import fr.coffre.crypto.SecretBytes;
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
        return KmipCustodian.builder().host("127.0.0.1").port(5696)
                .clientKeyStore(ItServers.required("kmip", "client.p12"), ItServers.read("kmip", "client.p12.pass").toCharArray())
                .trustedCa(ItServers.required("kmip", "ca.crt"))
                .mode(mode).namespace(NAMESPACE).readTimeout(Duration.ofSeconds(20));
    }

    @Nested
    class ServerSide extends KeyCustodianContract {
        @Override
        protected KeyCustodian openCustodian() {
            return builder(KmipCustodian.Mode.SERVER_SIDE).build();
        }

        @Override
        protected String expectedScheme() {
            return "kmip";
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
    class FetchThenWrap extends KeyCustodianContract {
        @Override
        protected KeyCustodian openCustodian() {
            return builder(KmipCustodian.Mode.FETCH_THEN_WRAP).build();
        }

        @Override
        protected String expectedScheme() {
            return "kmip";
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
        void connectionsAreReusedAcrossCalls() {
            try (KeyCustodian c = builder(KmipCustodian.Mode.SERVER_SIDE).poolSize(1).build();
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
                assertEquals("kmip", c.descriptor().scheme());
            }
        }
    }
}
