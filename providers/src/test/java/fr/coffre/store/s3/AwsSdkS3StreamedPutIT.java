package fr.coffre.store.s3;

import fr.coffre.store.ObjectStore;
import fr.coffre.store.SwiftS3Contract;
import fr.coffre.store.TestServers;
import java.net.URI;

/**
 * The conformance suite on the AWS SDK driver with every put of known length sent as one streamed PUT (from 0
 * bytes), so that the streamed path meets every case the suite has: empty and small objects, short and long
 * streams, the caller's stream failing at the first byte or midway, a missing bucket, bad credentials, overwrites.
 */
class AwsSdkS3StreamedPutIT extends SwiftS3Contract {

    @Override
    protected ObjectStore open(URI endpoint, String bucket, String secret) {
        S3Location location = new S3Location(endpoint, TestServers.SWIFT_S3_REGION, bucket, true);
        return new AwsSdkObjectStore(location, descriptor(endpoint, bucket), TestServers.SWIFT_USER, secret,
                S3Tuning.defaults().withStreamedPuts(0, 5_000_000_000L));
    }
}
