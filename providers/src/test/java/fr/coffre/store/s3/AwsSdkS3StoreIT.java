package fr.coffre.store.s3;

import fr.coffre.store.ObjectStore;
import fr.coffre.store.SwiftS3Contract;
import fr.coffre.store.TestServers;
import java.net.URI;

/**
 * The conformance suite on S3 through the AWS SDK for Java v2 (the default driver) with its default tuning, against
 * the local Swift's s3api (scripts/servers/swift.sh): buffered puts up to one part, streamed single PUTs above.
 */
class AwsSdkS3StoreIT extends SwiftS3Contract {

    @Override
    protected ObjectStore open(URI endpoint, String bucket, String secret) {
        S3Location location = new S3Location(endpoint, TestServers.SWIFT_S3_REGION, bucket, true);
        return new AwsSdkObjectStore(location, descriptor(endpoint, bucket), TestServers.SWIFT_USER, secret,
                S3Tuning.defaults());
    }
}
