package fr.coffre.store.s3;

import fr.coffre.store.ObjectStore;
import fr.coffre.store.SwiftS3Contract;
import fr.coffre.store.TestServers;
import java.net.URI;

/** The conformance suite on S3 through the MinIO SDK, against the local Swift's s3api (scripts/servers/swift.sh). */
class MinioS3StoreIT extends SwiftS3Contract {

    @Override
    protected ObjectStore open(URI endpoint, String bucket, String secret) {
        S3Location location = new S3Location(endpoint, TestServers.SWIFT_S3_REGION, bucket, true);
        return new MinioObjectStore(location, descriptor(endpoint, bucket), TestServers.SWIFT_USER, secret,
                S3Tuning.defaults());
    }
}
