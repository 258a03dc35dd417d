package fr.coffre.store.cleanup;

import fr.coffre.SecretBytes;
import fr.coffre.store.ObjectStore;
import fr.coffre.store.ObjectStores;
import fr.coffre.store.PartSizing;
import fr.coffre.store.ProviderPresets;
import fr.coffre.store.StoreConfig;
import fr.coffre.store.StoreCredentials;
import fr.coffre.store.TestServers;
import fr.coffre.store.s3.S3Stores;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * The stores of the cleanup fault tests, opened alike by the test and by its writer JVM through the public factories
 * (S3: the default driver), with small parts so that a few are up within seconds.
 */
enum FaultStores {
    SWIFT(1024 * 1024),
    S3(5 * 1024 * 1024), // Swift's s3api refuses parts below 5 MiB but the last
    S3_MINIO(5 * 1024 * 1024),
    S3_JCLOUDS(5 * 1024 * 1024),
    AZURE(1024 * 1024),
    FILE(1024 * 1024);

    /** Part (segment, block) size of unknown-length uploads. */
    final int partBytes;

    FaultStores(int partBytes) {
        this.partBytes = partBytes;
    }

    /** Fails (never skips) when this backend's server is not running. */
    void require() {
        switch (this) {
            case SWIFT, S3, S3_MINIO, S3_JCLOUDS -> TestServers.Backend.SWIFT.require();
            case AZURE -> TestServers.Backend.AZURE.require();
            default -> {
            }
        }
    }

    /** @param where the container name, or for {@link #FILE} the store's directory */
    ObjectStore open(String where) {
        PartSizing parts = PartSizing.builder().minPartBytes(partBytes).preferredPartBytes(partBytes)
                .maxParts(1000).unknownSizeTargetBytes(1024L * partBytes).build();
        switch (this) {
            case SWIFT:
                return ObjectStores.open(ProviderPresets.swift(URI.create("http://127.0.0.1:" + TestServers.SWIFT_PORT
                        + TestServers.SWIFT_AUTH_PATH), where).toBuilder().partSizing(parts).build(),
                        StoreCredentials.swift(TestServers.SWIFT_USER, secret(TestServers.SWIFT_KEY)));
            case S3, S3_MINIO, S3_JCLOUDS:
                StoreConfig s3 = ProviderPresets.s3(URI.create("http://127.0.0.1:" + TestServers.SWIFT_PORT),
                        TestServers.SWIFT_S3_REGION, where).toBuilder().pathStyle(true).partSizing(parts).build();
                StoreCredentials keys = StoreCredentials.s3(TestServers.SWIFT_USER, secret(TestServers.SWIFT_KEY));
                return this == S3 ? ObjectStores.open(s3, keys) // the default driver
                        : S3Stores.open(this == S3_MINIO ? S3Stores.Driver.MINIO : S3Stores.Driver.JCLOUDS, s3, keys);
            case AZURE:
                return ObjectStores.open(ProviderPresets.azure(TestServers.AZURITE_ACCOUNT, where,
                        URI.create("http://127.0.0.1:" + TestServers.AZURITE_PORT + "/" + TestServers.AZURITE_ACCOUNT))
                        .toBuilder().partSizing(parts).build(),
                        StoreCredentials.azureSharedKey(secret(TestServers.AZURITE_KEY)));
            default:
                return ObjectStores.filesystem(Path.of(where));
        }
    }

    private static SecretBytes secret(String value) {
        return SecretBytes.wrap(value.getBytes(StandardCharsets.UTF_8));
    }
}
