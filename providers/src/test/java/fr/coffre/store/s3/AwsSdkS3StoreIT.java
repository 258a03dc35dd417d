package fr.coffre.store.s3;

import fr.coffre.store.ObjectStore;
import fr.coffre.store.SwiftS3Contract;
import fr.coffre.store.TestServers;
import fr.coffre.store.WholeReads;
import java.io.IOException;
import java.net.URI;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The conformance suite on S3 through the AWS SDK for Java v2 (the default driver) with its default tuning, against
 * the local Swift's s3api (scripts/servers/swift.sh): buffered puts up to one part, streamed single PUTs above,
 * whole-object reads as parallel ranges.
 */
class AwsSdkS3StoreIT extends SwiftS3Contract {

    private static final long MIB = 1024 * 1024;

    @Override
    protected ObjectStore open(URI endpoint, String bucket, String secret) {
        S3Location location = new S3Location(endpoint, TestServers.SWIFT_S3_REGION, bucket, true);
        return new AwsSdkObjectStore(location, descriptor(endpoint, bucket), TestServers.SWIFT_USER, secret,
                S3Tuning.defaults());
    }

    @Nested
    class ParallelRangedReads {
        @Test
        void aMultipartObjectReadsBackWholeThroughPinnedRanges() throws IOException {
            // unknown length: a multipart upload, read back as 5+ ranges
            WholeReads.putAndReadBack(store, p + "mp", 51, 40 * MIB + 5, false);
        }

        @Test
        void anOverwriteDuringTheReadFailsTheReadInsteadOfMixingVersions() throws IOException {
            WholeReads.overwriteDuringTheReadFailsIt(store, p + "ow", 52, 64 * MIB);
        }
    }
}
