package fr.coffre.store;

import fr.coffre.SecretBytes;
import fr.coffre.store.s3.S3Stores;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.function.UnaryOperator;

/**
 * The real servers integration tests run against, on 127.0.0.1, as started by {@code scripts/servers/*.sh}
 * ({@code scripts/test.sh} starts them). Tests call {@link #require} first: a missing server fails the test with
 * the command that starts it (integration tests never skip).
 */
public final class TestServers {

    /** OpenStack Swift 2.30 proxy: Swift API (tempauth) and S3 API (s3api) on one port. */
    public static final int SWIFT_PORT = 8080;
    public static final String SWIFT_AUTH_PATH = "/auth/v1.0";
    public static final String SWIFT_USER = "test:tester";
    public static final String SWIFT_KEY = "testing";
    public static final String SWIFT_S3_REGION = "us-east-1";
    /** Azurite blob service. */
    public static final int AZURITE_PORT = 10000;
    public static final String AZURITE_ACCOUNT = "devstoreaccount1";
    /** Azurite's well-known, public emulator key (not a secret). */
    public static final String AZURITE_KEY =
            "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    /** A real backend on the local test servers, reached through Coffre's public factories. */
    public enum Backend {
        /** OpenStack Swift native API (tempauth) through jclouds {@code openstack-swift}. */
        SWIFT("swift", SWIFT_PORT),
        /** S3 (Swift's s3api) through the default S3 driver. */
        S3("swift", SWIFT_PORT),
        /** S3 (Swift's s3api) through the MinIO SDK driver. */
        S3_MINIO("swift", SWIFT_PORT),
        /** S3 (Swift's s3api) through the jclouds {@code s3} driver. */
        S3_JCLOUDS("swift", SWIFT_PORT),
        /** S3 (Swift's s3api) through the AWS SDK v2 driver. */
        S3_AWS_SDK("swift", SWIFT_PORT),
        /** Azure Blob (Azurite) through the Azure Storage SDK. */
        AZURE("azurite", AZURITE_PORT);

        private final String server;
        private final int port;

        Backend(String server, int port) {
            this.server = server;
            this.port = port;
        }

        /** Fails (never skips) when this backend's server is not running. */
        public void require() {
            TestServers.require(server, port);
        }

        /**
         * Opens {@code container} on this backend with the test servers' credentials; nothing is sent before the
         * first operation (call {@link ObjectStore#createContainerIfAbsent()}).
         *
         * @param container 3 to 63 characters of {@code [a-z0-9-]} (valid for every backend)
         */
        public ObjectStore open(String container) {
            return open(container, port, config -> config);
        }

        /**
         * {@link #open(String)}, reaching the server through 127.0.0.1:{@code viaPort} (e.g. a fault proxy's), the
         * store configuration adjusted by {@code tune} (timeouts, retry policy).
         */
        public ObjectStore open(String container, int viaPort, UnaryOperator<StoreConfig.Builder> tune) {
            String base = "http://127.0.0.1:" + viaPort;
            switch (this) {
                case SWIFT:
                    return ObjectStores.open(tune.apply(ProviderPresets.swift(URI.create(base + SWIFT_AUTH_PATH),
                            container).toBuilder()).build(), StoreCredentials.swift(SWIFT_USER, secret(SWIFT_KEY)));
                case AZURE:
                    return ObjectStores.open(tune.apply(ProviderPresets.azure(AZURITE_ACCOUNT, container,
                            URI.create(base + "/" + AZURITE_ACCOUNT)).toBuilder()).build(),
                            StoreCredentials.azureSharedKey(secret(AZURITE_KEY)));
                default:
                    StoreConfig config = tune.apply(ProviderPresets.s3(URI.create(base), SWIFT_S3_REGION, container)
                            .toBuilder().pathStyle(true)).build();
                    StoreCredentials credentials = StoreCredentials.s3(SWIFT_USER, secret(SWIFT_KEY));
                    return switch (this) {
                        case S3_MINIO -> S3Stores.open(S3Stores.Driver.MINIO, config, credentials);
                        case S3_JCLOUDS -> S3Stores.open(S3Stores.Driver.JCLOUDS, config, credentials);
                        case S3_AWS_SDK -> S3Stores.open(S3Stores.Driver.AWS_SDK, config, credentials);
                        default -> S3Stores.open(config, credentials);
                    };
            }
        }

        /** The server's port on 127.0.0.1. */
        public int port() {
            return port;
        }

        /** The HTTP request target of object {@code name} in {@code container} ([a-z0-9/-] names: no escaping). */
        public String objectTarget(String container, String name) {
            return switch (this) {
                case SWIFT -> "/v1/AUTH_" + SWIFT_USER.substring(0, SWIFT_USER.indexOf(':')) + "/" + container + "/"
                        + name;
                case AZURE -> "/" + AZURITE_ACCOUNT + "/" + container + "/" + name.replace("/", "%2F");
                default -> "/" + container + "/" + name;
            };
        }

        private static SecretBytes secret(String value) {
            return SecretBytes.wrap(value.getBytes(StandardCharsets.UTF_8));
        }
    }

    private TestServers() {
    }

    /**
     * Fails (never skips) when nothing listens on {@code 127.0.0.1:port}.
     *
     * @param server the script name under {@code scripts/servers}, e.g. {@code swift}
     */
    public static void require(String server, int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 2000);
        } catch (IOException e) {
            throw new AssertionError("the " + server + " test server is not running on 127.0.0.1:" + port
                    + "; start it with: scripts/servers/" + server + ".sh install && scripts/servers/" + server
                    + ".sh start (scripts/test.sh does this)", e);
        }
    }
}
