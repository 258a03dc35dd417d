package fr.coffre.store.jclouds;

import fr.coffre.store.ObjectStore;
import fr.coffre.store.SwiftS3Contract;
import fr.coffre.store.TestServers;
import java.net.URI;

/** The conformance suite on S3 through jclouds {@code s3} (SigV4, path-style), against the local Swift's s3api. */
class S3JcloudsStoreIT extends SwiftS3Contract {

    @Override
    protected ObjectStore open(URI endpoint, String bucket, String secret) {
        return CloudJcloudsStores.s3(endpoint, TestServers.SWIFT_S3_REGION, false, TestServers.SWIFT_USER, secret,
                descriptor(endpoint, bucket), CloudTuning.s3Defaults());
    }
}
