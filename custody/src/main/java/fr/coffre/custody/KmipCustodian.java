package fr.coffre.custody;

import fr.coffre.InvalidInputException;
import fr.coffre.KeyUnavailableException;
import fr.coffre.custody.internal.CustodyArgs;
import fr.coffre.custody.kmip.KmipBackend;
import fr.coffre.custody.kmip.KmipClient;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.Arrays;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Builds a custody on a KMIP 1.2–1.4 key manager (PyKMIP, Thales CipherTrust, OVHcloud KMS...) spoken to by
 * Coffre's own client: binary TTLV over mutual TLS, the server's certificate checked against the given CA and its
 * name, connect/read timeouts, a small connection pool, bounded retries.
 *
 * <h2>Modes</h2>
 * <ul>
 *   <li>{@link Mode#SERVER_SIDE} (default): the server wraps and unwraps data keys with AES-256-GCM (KMIP 1.4
 *       Encrypt/Decrypt with IV, associated data and tag); master keys never leave the server.</li>
 *   <li>{@link Mode#FETCH_THEN_WRAP}: for servers without Encrypt/Decrypt (OVHcloud KMS's KMIP): each call fetches
 *       the master key with Get, wraps locally with AES-256-GCM and zeroes the key; the key transits (over mutual
 *       TLS) into this JVM's memory for the duration of one call.</li>
 * </ul>
 * Both modes write the same wrapped format as the keystore and PKCS#11 custodies.
 *
 * <h2>Objects on the server</h2>
 * Master key versions: AES-256 Symmetric Keys named {@code <namespace>:<keyId>#<version>}; key states: a Secret
 * Data object {@code <namespace>:key-table}. {@link KeyCustodian#destroy} revokes and destroys the server objects.
 * Life-cycle changes must come from one process at a time; protect/unprotect from any number. Changes made by
 * another process are seen within {@link Builder#refreshInterval}.
 */
public final class KmipCustodian {
    /** The {@link CustodyDescriptor#scheme()} and {@link fr.coffre.KeyRef#scheme()} of this custody. */
    public static final String SCHEME = "kmip";

    /** Where the master key is used. */
    public enum Mode {
        /** The KMS encrypts and decrypts data keys; master keys never leave it. */
        SERVER_SIDE,
        /** The master key is fetched (Get) for each call, used locally, zeroed. */
        FETCH_THEN_WRAP
    }

    private KmipCustodian() {
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Builder: {@link #host}, and either {@link #sslContext} or {@link #clientKeyStore} + {@link #trustedCa}. */
    public static final class Builder extends CustodianBuilder.Remote<Builder> {
        private String host;
        private int port = 5696;
        private SSLContext sslContext;
        private Path clientKeyStore;
        private char[] clientKeyStorePassword;
        private Path trustedCa;
        private Mode mode = Mode.SERVER_SIDE;
        private String namespace = "coffre";
        private Duration connectTimeout = Duration.ofSeconds(5);
        private Duration readTimeout = Duration.ofSeconds(30);
        private int poolSize = 4;
        private int protocolMinor = 4;
        private int maxMessageBytes = 8 * 1024 * 1024;

        private Builder() {
            super(Duration.ofMillis(100));
        }

        /** Server host name or IP address; must match the server certificate. */
        public Builder host(String host) {
            this.host = host;
            return this;
        }

        /** Default 5696. */
        public Builder port(int port) {
            this.port = port;
            return this;
        }

        /** A ready TLS context (client key + trusted CA); replaces {@link #clientKeyStore}/{@link #trustedCa}. */
        public Builder sslContext(SSLContext sslContext) {
            this.sslContext = sslContext;
            return this;
        }

        /** The client certificate and key as a PKCS#12 file; the password is copied and zeroed after use. */
        public Builder clientKeyStore(Path pkcs12, char[] password) {
            this.clientKeyStore = pkcs12;
            this.clientKeyStorePassword = password == null ? null : password.clone();
            return this;
        }

        /** PEM certificate of the CA that signed the server's certificate (the only one trusted). */
        public Builder trustedCa(Path pem) {
            this.trustedCa = pem;
            return this;
        }

        public Builder mode(Mode mode) {
            this.mode = mode;
            return this;
        }

        /** Prefix of every object name ({@code [A-Za-z0-9._-]{1,64}}); default {@code coffre}. */
        public Builder namespace(String namespace) {
            this.namespace = namespace;
            return this;
        }

        public Builder connectTimeout(Duration connectTimeout) {
            this.connectTimeout = connectTimeout;
            return this;
        }

        public Builder readTimeout(Duration readTimeout) {
            this.readTimeout = readTimeout;
            return this;
        }

        /** Idle connections kept for reuse; default 4. */
        public Builder poolSize(int poolSize) {
            this.poolSize = poolSize;
            return this;
        }

        /** KMIP 1.x minor version sent (2, 3 or 4; default 4). {@link Mode#SERVER_SIDE} needs 4 (AEAD fields). */
        public Builder protocolMinorVersion(int minor) {
            this.protocolMinor = minor;
            return this;
        }

        /** Largest response accepted; default 8 MiB. */
        public Builder maxMessageBytes(int maxMessageBytes) {
            this.maxMessageBytes = maxMessageBytes;
            return this;
        }

        /**
         * Connects (one TLS handshake), reads the key table and returns the custodian.
         *
         * @throws InvalidInputException naming the field if the configuration is invalid
         * @throws KeyUnavailableException if the server cannot be reached or refuses the client
         */
        public KeyCustodian build() {
            try {
                validate();
                SSLContext tls = sslContext != null ? sslContext : tlsFromFiles();
                KmipClient client = new KmipClient(tls.getSocketFactory(), host, port, connectTimeout, readTimeout,
                        poolSize, protocolMinor, maxMessageBytes);
                return open(new KmipBackend(client, mode, namespace, randomOrDefault()), SCHEME, host + ":" + port);
            } finally {
                if (clientKeyStorePassword != null) {
                    Arrays.fill(clientKeyStorePassword, '\0');
                    clientKeyStorePassword = null;
                }
            }
        }

        private void validate() {
            if (host == null || host.isBlank() || host.length() > 253) {
                throw new InvalidInputException("host: must be a host name or IP address, was " + (host == null ? "null" : "'" + host + "'"));
            }
            if (port < 1 || port > 65535) {
                throw new InvalidInputException("port: must be in [1, 65535], was " + port);
            }
            if (sslContext == null && (clientKeyStore == null || clientKeyStorePassword == null || trustedCa == null)) {
                throw new InvalidInputException("sslContext or clientKeyStore+trustedCa: one must be set");
            }
            if (mode == null) {
                throw new InvalidInputException("mode: must be non-null");
            }
            if (namespace == null || !namespace.matches("[A-Za-z0-9._-]{1,64}")) {
                throw new InvalidInputException("namespace: must match [A-Za-z0-9._-]{1,64}, was " + namespace);
            }
            CustodyArgs.jurisdiction(jurisdiction);
            positive("connectTimeout", connectTimeout, Duration.ofMinutes(5));
            positive("readTimeout", readTimeout, Duration.ofMinutes(10));
            if (poolSize < 1 || poolSize > 64) {
                throw new InvalidInputException("poolSize: must be in [1, 64], was " + poolSize);
            }
            if (protocolMinor < 2 || protocolMinor > 4) {
                throw new InvalidInputException("protocolMinorVersion: must be 2, 3 or 4, was " + protocolMinor);
            }
            if (mode == Mode.SERVER_SIDE && protocolMinor < 4) {
                throw new InvalidInputException("protocolMinorVersion: SERVER_SIDE needs KMIP 1.4 (GCM associated data), was 1."
                        + protocolMinor + "; use FETCH_THEN_WRAP with older servers");
            }
            if (maxMessageBytes < 4096 || maxMessageBytes > 64 * 1024 * 1024) {
                throw new InvalidInputException("maxMessageBytes: must be in [4096, 64 MiB], was " + maxMessageBytes);
            }
            CustodyArgs.tuning(refreshInterval, maxAttempts, retryBackoff, clock);
        }

        private static void positive(String field, Duration d, Duration max) {
            if (d == null || d.isNegative() || d.isZero() || d.compareTo(max) > 0) {
                throw new InvalidInputException(field + ": must be in (0, " + max + "], was " + d);
            }
        }

        private SSLContext tlsFromFiles() {
            try {
                KeyStore client = KeyStore.getInstance("PKCS12");
                try (InputStream in = Files.newInputStream(clientKeyStore)) {
                    client.load(in, clientKeyStorePassword);
                }
                KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                kmf.init(client, clientKeyStorePassword);
                KeyStore trust = KeyStore.getInstance("PKCS12");
                trust.load(null, null);
                try (InputStream in = Files.newInputStream(trustedCa)) {
                    int i = 0;
                    for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                        trust.setCertificateEntry("ca-" + i++, c);
                    }
                    if (i == 0) {
                        throw new InvalidInputException("trustedCa: no certificate in '" + trustedCa + "'");
                    }
                }
                TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                tmf.init(trust);
                SSLContext ctx = SSLContext.getInstance("TLS");
                ctx.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
                return ctx;
            } catch (IOException e) {
                throw new InvalidInputException("clientKeyStore/trustedCa: cannot read '" + clientKeyStore + "' or '"
                        + trustedCa + "' (" + e.getClass().getSimpleName() + ": wrong password or unreadable file)");
            } catch (GeneralSecurityException e) {
                throw new KeyUnavailableException("KMIP: cannot set up TLS from the client key store and CA", e);
            }
        }
    }
}
