package fr.coffre.store.s3;

import fr.coffre.InvalidInputException;
import fr.coffre.store.ObjectStore;
import fr.coffre.store.StoreConfig;
import fr.coffre.store.StoreCredentials;
import fr.coffre.store.jclouds.CloudJcloudsStores;

/**
 * Opens S3-compatible stores (S3, OVHcloud, Scaleway, Outscale, Swift's s3api) with the driver of one's choice;
 * {@link #open} uses the default driver, {@link Driver#AWS_SDK}.
 *
 * <p>Why the AWS SDK is the default: it is the only driver that can send an object of known length as one PUT
 * streamed from the caller's stream without buffering it (the MinIO SDK reads every request body into memory to
 * hash it, jclouds' SigV4 signer needs a repeatable body), and one streamed PUT is what the fastest plaintext
 * client does: on the local Swift s3api a 1 GiB encrypted put through it reaches the AWS SDK's own plaintext
 * single PUT, where 16 MiB multipart parts reached about 0.7 of it (BENCHMARKS.md, store section). Its GETs are
 * also faster than MinIO's there. The other drivers stay available.
 */
public final class S3Stores {

    /** The S3 client library behind the store. */
    public enum Driver {
        /** MinIO Java SDK: SigV4, buffered single PUTs and parallel bounded multipart uploads. */
        MINIO,
        /** Apache jclouds {@code s3}: buffered single PUTs and parallel bounded multipart uploads. */
        JCLOUDS,
        /**
         * AWS SDK for Java v2 sync client (default): streamed single PUTs up to the provider's single-request limit,
         * parallel bounded multipart uploads beyond it or for unknown lengths.
         */
        AWS_SDK
    }

    /** Parts sent at once per upload. */
    public static final int PARALLEL_PARTS = 2;
    /** HTTP connections kept per store. */
    public static final int MAX_CONNECTIONS = 32;

    private S3Stores() {
    }

    /** The driver {@link #open(StoreConfig, StoreCredentials)} uses. */
    public static final Driver DEFAULT_DRIVER = Driver.AWS_SDK;

    /** Opens the bucket {@code config} describes with the default driver ({@link #DEFAULT_DRIVER}). */
    public static ObjectStore open(StoreConfig config, StoreCredentials credentials) {
        return open(DEFAULT_DRIVER, config, credentials);
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
        S3Tuning tuning = new S3Tuning(config.partSizing(), PARALLEL_PARTS, config.maxSinglePutBytes(), -1,
                S3Tuning.DEFAULT_GET_CHUNK_BYTES, S3Tuning.DEFAULT_PARALLEL_GETS, MAX_CONNECTIONS,
                config.connectTimeout(), config.readTimeout(), config.retryPolicy());
        if (driver == Driver.MINIO) {
            return new MinioObjectStore(location, config.descriptor(), credentials.identity(),
                    credentials.secretAsString(), tuning);
        }
        return new AwsSdkObjectStore(location, config.descriptor(), credentials.identity(),
                credentials.secretAsString(), tuning);
    }
}
