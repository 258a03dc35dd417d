package fr.coffre.store;

import java.net.URI;
import org.junit.jupiter.api.BeforeAll;

/**
 * {@link RemoteStoreContract} on the local Swift's S3 API (s3api, {@code scripts/servers/swift.sh}), for every S3
 * driver: a subclass only says how its driver opens a bucket.
 */
public abstract class SwiftS3Contract extends RemoteStoreContract {

    @BeforeAll
    static void serverIsUp() {
        TestServers.require("swift", TestServers.SWIFT_PORT);
    }

    /** The driver's store on {@code bucket} at {@code endpoint} (path-style), user test:tester with {@code secret}. */
    protected abstract ObjectStore open(URI endpoint, String bucket, String secret);

    /** The descriptor S3 stores of these tests report. */
    protected static StoreDescriptor descriptor(URI endpoint, String bucket) {
        return new StoreDescriptor("s3", endpoint.toString(), bucket, "FR", "FR");
    }

    @Override
    protected final ObjectStore open(int port, String bucket, boolean rightCredentials) {
        return open(URI.create("http://127.0.0.1:" + port), bucket,
                rightCredentials ? TestServers.SWIFT_KEY : "not-the-key");
    }

    @Override
    protected int serverPort() {
        return TestServers.SWIFT_PORT;
    }
}
