package fr.coffre.store;

import fr.coffre.store.s3.S3Stores;
import org.junit.jupiter.api.BeforeAll;

/**
 * The conformance suite on S3 with Keystone-issued EC2 credentials (Swift's s3api + s3token validating each request
 * against Keystone), through the default S3 driver, as OVHcloud's S3 API works: scripts/servers/keystone.sh.
 */
class KeystoneS3StoreIT extends RemoteStoreContract {

    @BeforeAll
    static void serversAreUp() {
        KeystoneTestServer.require();
    }

    @Override
    protected int serverPort() {
        return KeystoneTestServer.SWIFT_PORT;
    }

    @Override
    protected ObjectStore open(int port, String bucket, boolean rightCredentials) {
        return S3Stores.open(KeystoneTestServer.s3Config(port, bucket),
                KeystoneTestServer.ec2Credentials(rightCredentials));
    }
}
