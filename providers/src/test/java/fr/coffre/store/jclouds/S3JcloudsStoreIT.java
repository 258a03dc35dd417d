package fr.coffre.store.jclouds;

import fr.coffre.store.ObjectStore;
import fr.coffre.store.RemoteStoreContract;
import fr.coffre.store.StoreDescriptor;
import fr.coffre.store.TestServers;
import java.net.URI;
import org.junit.jupiter.api.BeforeAll;

/** The conformance suite on S3 through jclouds {@code s3} (SigV4, path-style), against the local Swift's s3api. */
class S3JcloudsStoreIT extends RemoteStoreContract {

    @BeforeAll
    static void serverIsUp() {
        TestServers.require("swift", TestServers.SWIFT_PORT);
    }

    static ObjectStore open(int port, String bucket, String secret) {
        URI endpoint = URI.create("http://127.0.0.1:" + port);
        StoreDescriptor descriptor = new StoreDescriptor("s3", endpoint.toString(), bucket, "FR", "FR");
        return CloudJcloudsStores.s3(endpoint, TestServers.SWIFT_S3_REGION, false, TestServers.SWIFT_USER, secret,
                descriptor, CloudTuning.s3Defaults());
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
