package fr.coffre.store.s3;

import fr.coffre.InvalidInputException;
import fr.coffre.store.ObjectStore;
import fr.coffre.store.StoreConfig;
import fr.coffre.store.StoreCredentials;
import fr.coffre.store.jclouds.CloudJcloudsStores;

/**
 * Opens S3-compatible stores (S3, OVHcloud, Scaleway, Outscale, Swift's s3api) with the driver of one's choice;
 * {@link #open} uses the default driver.
 */
public final class S3Stores {

    /** The S3 client library behind the store. */
    public enum Driver {
        /** MinIO Java SDK (default): SigV4, parallel bounded multipart uploads. */
        MINIO,
        /** Apache jclouds {@code s3}: the alternative driver. */
        JCLOUDS,
        /** AWS SDK for Java v2 sync client. */
        AWS_SDK
    }

    /** Parts sent at once per upload. */
    public static final int PARALLEL_PARTS = 2;
    /** HTTP connections kept per store. */
    public static final int MAX_CONNECTIONS = 32;

    private S3Stores() {
    }

    /** Opens the bucket {@code config} describes with the default driver ({@link Driver#MINIO}). */
    public static ObjectStore open(StoreConfig config, StoreCredentials credentials) {
        return open(Driver.MINIO, config, credentials);
    }

    /** Opens the bucket {@code config} describes with {@code driver}; nothing is sent until the first operation. */
    public static ObjectStore open(Driver driver, StoreConfig config, StoreCredentials credentials) {
        if (config == null || !config.provider().isS3Compatible()) {
            throw new InvalidInputException("config: must be an S3-compatible store config");
        }
        if (credentials == null || credentials.isDestroyed()
                || credentials.kind() != StoreCredentials.Kind.S3_ACCESS_KEY) {
            throw new InvalidInputException("credentials: an S3 store takes an access key id and a secret key");
        }
        if (driver == Driver.JCLOUDS) {
            return CloudJcloudsStores.s3(config, credentials);
        }
        S3Location location = new S3Location(config.endpoint(), config.region(), config.container(),
                config.pathStyle());
        S3Tuning tuning = new S3Tuning(config.partSizing(), PARALLEL_PARTS, MAX_CONNECTIONS, config.connectTimeout(),
                config.readTimeout(), config.retryPolicy());
        if (driver == Driver.AWS_SDK) {
            return new AwsSdkObjectStore(location, config.descriptor(), credentials.identity(),
                    credentials.secretAsString(), tuning);
        }
        return new MinioObjectStore(location, config.descriptor(), credentials.identity(),
                credentials.secretAsString(), tuning);
    }
}
