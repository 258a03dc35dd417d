package fr.coffre.store.s3;

import fr.coffre.store.ObjectStore;
import fr.coffre.store.RemoteStoreContract;
import fr.coffre.store.StoreDescriptor;
import fr.coffre.store.TestServers;
import java.net.URI;
import org.junit.jupiter.api.BeforeAll;

/** The conformance suite on S3 through the MinIO SDK, against the local Swift's s3api (scripts/servers/swift.sh). */
class MinioS3StoreIT extends RemoteStoreContract {

    @BeforeAll
    static void serverIsUp() {
        TestServers.require("swift", TestServers.SWIFT_PORT);
    }

    static ObjectStore open(int port, String bucket, String secret) {
        URI endpoint = URI.create("http://127.0.0.1:" + port);
        S3Location location = new S3Location(endpoint, TestServers.SWIFT_S3_REGION, bucket, true);
        StoreDescriptor descriptor = new StoreDescriptor("s3", endpoint.toString(), bucket, "FR", "FR");
        return new MinioObjectStore(location, descriptor, TestServers.SWIFT_USER, secret, S3Tuning.defaults());
    }

    @Override
    protected ObjectStore openStore(String container) {
        return open(TestServers.SWIFT_PORT, container, TestServers.SWIFT_KEY);
    }

    @Override
    protected BadCredentials openStoreWithBadCredentials(String container) {
        return BadCredentials.store(open(TestServers.SWIFT_PORT, container, "not-the-key"));
    }

    @Override
    protected int serverPort() {
        return TestServers.SWIFT_PORT;
    }

    @Override
    protected ObjectStore openStoreThrough(int port, String container) {
        return open(port, container, TestServers.SWIFT_KEY);
    }
}
